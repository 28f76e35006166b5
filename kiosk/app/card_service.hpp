// CardService: the contactless readers through pcscd. A ReaderMonitor watches pcscd (without
// polling); a card placed on the front reader is read and authenticated on the card worker and
// becomes CardTapped; ReadChipAtReadPosition reads the card the dispenser brought to its read
// position (the reader with the dispenser role) and answers ChipReadAtReadPosition. The front
// reader appearing or vanishing (or pcscd going away) is DeviceHealth for the card reader, so the
// kiosk runs NIK-only while it is absent.
//
// Card data (NIK, serial) goes only into the session events; logs carry refusal reasons.
//
// Thread safety: public members from the UI thread; the PC/SC context lives on the worker.
#pragma once

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/reader_monitor.hpp"
#include "drivers/cardreader/reader_roles.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/session_inbox.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace kiosk::cardreader {
class PcscContext;
}

namespace kiosk::app {

class CardService {
public:
    CardService(SessionInbox& inbox, cardreader::ReaderRoles roles, cardreader::EcPublicKey issuer_key,
                int chip_read_timeout_ms);
    ~CardService();
    CardService(const CardService&) = delete;
    CardService& operator=(const CardService&) = delete;

    void start();  // starts the monitor
    void read_at_read_position(core::session::RequestId request);
    // The front reader is present now (for the start-up message).
    [[nodiscard]] bool front_up() const { return front_up_; }
    void stop();

private:
    void on_reader_event(const cardreader::ReaderEvent& event);
    void read_front(const std::string& reader);
    [[nodiscard]] std::optional<std::string> dispenser_reader();
    cardreader::PcscContext* context();  // worker only

    SessionInbox& inbox_;
    cardreader::ReaderRoles roles_;
    cardreader::EcPublicKey issuer_key_;
    int chip_read_timeout_ms_;
    std::mutex readers_mutex_;
    std::set<std::string> readers_;  // as the monitor last reported them
    std::atomic<bool> front_up_{false};
    std::unique_ptr<cardreader::PcscContext> context_;  // worker only
    DeviceWorker worker_{"cardreader"};
    std::unique_ptr<cardreader::ReaderMonitor> monitor_;  // stopped first: its callback posts to worker_
};

}  // namespace kiosk::app
