// CardService: the contactless readers. Its CardReaders report readers and cards coming and going
// (pcscd, without polling); a card placed on the front reader is read and authenticated on the card
// worker and becomes CardTapped; ReadChipAtReadPosition reads the card the dispenser brought to its
// read position (the reader with the dispenser role) and answers ChipReadAtReadPosition with the
// command's request id. The front reader appearing or vanishing (or pcscd going away) is DeviceHealth
// for the card reader, so the kiosk runs NIK-only while it is absent; the machine starts believing
// it down (disconnected), so only its arrival is reported first.
//
// Card data (NIK, serial) goes only into the session events; logs carry refusal reasons.
//
// Thread safety: public members from the UI thread; reads run on the worker, reader events arrive on
// the CardReaders' own thread.
#pragma once

#include "drivers/cardreader/reader_roles.hpp"
#include "kiosk/app/card_readers.hpp"
#include "kiosk/app/device_commands.hpp"
#include "kiosk/app/device_health_reporter.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/staff_inbox.hpp"
#include "kiosk/clock/steady_clock.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace kiosk::app {

class CardService final : public CardCommands {
public:
    // `clock` paces the read position's retries (see read_at_read_position) and must outlive the service.
    CardService(SessionInbox& inbox, std::unique_ptr<CardReaders> readers, cardreader::ReaderRoles roles,
                int chip_read_timeout_ms, SteadyClock& clock = real_steady_clock());
    ~CardService();
    CardService(const CardService&) = delete;
    CardService& operator=(const CardService&) = delete;

    void start();  // starts watching the readers
    // Reads the chip at the read position. pcscd notices a card at its next presence check, so "no
    // card" is retried every kReadPositionRetryMs until chip_read_timeout_ms has passed.
    void read_at_read_position(core::session::RequestId request) override;
    // The front reader is present now (for the start-up message).
    [[nodiscard]] bool front_up() const { return health_.up(); }
    // The read-position reader as pcscd last listed it: nullopt while present, else disconnected.
    // Any thread (the management server's asks).
    [[nodiscard]] std::optional<core::session::DeviceFault> read_position_fault();
    void stop();

    // --- staff mode (kiosk/core/staff). A staff-role card that authenticated at the front reader
    // becomes StaffCardPresented in `staff_inbox` (never CardTapped: a staff card is not a
    // resident's), and that card leaving the front reader becomes StaffCardRemoved. Called once,
    // before start(); the inbox outlives the service. Without it a staff card is refused like a card
    // that is not an e-KTP.
    void set_staff_inbox(StaffInbox* inbox) { staff_inbox_ = inbox; }
    // VERIFY on the staff card last presented, at the front reader; answered by StaffPinChecked.
    void verify_staff_pin(core::session::RequestId request, std::string pin);
    // The chip at the read position, answered as LoadChipRead / ReturnChipRead in the staff inbox.
    void read_for_load(core::session::RequestId request);
    void read_for_return(core::session::RequestId request);

    static constexpr int kReadPositionRetryMs = 200;

private:
    struct ChipAnswer {
        std::optional<core::session::AuthenticatedChip> chip;
        core::session::ChipRefusal refusal = core::session::ChipRefusal::unreadable;
    };
    void on_reader_event(const cardreader::ReaderEvent& event);
    void read_front(const std::string& reader);
    // Reads the chip at the read position on the worker, retrying "no card" (see read_at_read_position).
    ChipAnswer read_position_chip();
    [[nodiscard]] std::optional<std::string> dispenser_reader();

    SessionInbox& inbox_;
    std::unique_ptr<CardReaders> readers_;  // events stopped first in stop(): their callback posts to worker_
    cardreader::ReaderRoles roles_;
    int chip_read_timeout_ms_;
    SteadyClock& clock_;
    DeviceHealthReporter health_;
    std::mutex readers_mutex_;
    std::set<std::string> readers_present_;  // as the events last reported them; guarded by readers_mutex_
    StaffInbox* staff_inbox_ = nullptr;
    // The front reader holding the staff card last presented; empty: none. Guarded by readers_mutex_.
    std::string staff_card_reader_;
    DeviceWorker worker_{"cardreader"};
};

}  // namespace kiosk::app
