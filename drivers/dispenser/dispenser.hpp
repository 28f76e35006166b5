// Dispenser: the host side of the M1 slot-magazine protocol over a serial Link.
//
// Each operation is one exchange: send the command frame, wait for ACK (resending on NAK or silence,
// at most max_resends times), wait for the reply frame (NAKing a corrupt one to have it resent), ACK
// the reply. A negative reply becomes the DispenserErrorKind of its E1E0 code. When the host gives
// up on an exchange it sends EOT so the device drops it too.
//
// Thread safety: none; a Dispenser belongs to its device worker thread. Every call returns within
// bounded time given by DispenserSettings (no call waits forever on the device).
#pragma once

#include "drivers/dispenser/codec.hpp"
#include "drivers/dispenser/dispenser_error.hpp"
#include "drivers/serial/link.hpp"

#include <memory>
#include <string>

namespace kiosk::dispenser {

struct DispenserSettings {
    std::uint8_t address = 0;
    int ack_timeout_ms = 300;           // the device ACKs a sound frame within this
    int max_resends = 3;                // after NAK or silence; then not_answering
    int max_reply_naks = 3;             // NAKs of a corrupt reply; then garbled_reply
    int move_reply_timeout_ms = 8000;   // reply to a mechanical move (the device takes up to 5 s)
    int query_reply_timeout_ms = 2000;  // reply to a query (status, sensors, inventory, ...)
    int inter_byte_timeout_ms = 100;    // silence inside a frame that makes the host give it up
    int write_timeout_ms = 1000;
    int status_poll_interval_ms = 200;  // the document forbids polling status faster than this
};

enum class InitializeMode {
    capture_card,  // 30 30: a card left in the transport goes to the capture bin
    keep_card,     // 30 33: no card moves
};

enum class PresentOutcome {
    taken,              // the person took the card
    not_taken_in_time,  // the card is still at the mouth; the caller decides (usually capture())
};

class Dispenser {
public:
    // Opens the port (see serial::open_link) and speaks M1 on it.
    static DispenserResult<std::unique_ptr<Dispenser>> open(const serial::PortSpec& port,
                                                            const serial::LinkSettings& link_settings,
                                                            const DispenserSettings& settings = {});
    Dispenser(std::unique_ptr<serial::Link> link, const DispenserSettings& settings);

    DispenserResult<DeviceStatus> status();
    DispenserResult<Sensors> sensors();
    DispenserResult<void> initialize(InitializeMode mode);

    // 40 30: the slot's card goes to the read position.
    DispenserResult<void> fetch(int slot);
    // 40 31: the card at the read position goes into the slot.
    DispenserResult<void> store(int slot);
    DispenserResult<void> move_to_read_position();  // 32 32
    DispenserResult<void> hold_at_mouth();          // 32 30
    DispenserResult<void> capture();                // 32 33: to the capture bin
    DispenserResult<void> present();                // 32 39: takeable at the mouth

    // Polls status (every status_poll_interval_ms, never faster) until the card at the mouth is gone
    // or timeout_ms passes.
    DispenserResult<PresentOutcome> wait_until_taken(int timeout_ms);
    // present() then wait_until_taken().
    DispenserResult<PresentOutcome> present_and_wait(int timeout_ms);

    // 33 30: open the mouth for loading; a card a person inserts is carried to the read position.
    DispenserResult<void> accept_cards();
    // 33 31
    DispenserResult<void> stop_accepting();
    // Polls status until an inserted card has reached the read position; false if timeout_ms passed.
    DispenserResult<bool> wait_for_inserted_card(int timeout_ms);

    DispenserResult<Inventory> inventory();
    DispenserResult<int> bin_counter();
    DispenserResult<void> reset_bin_counter();
    DispenserResult<std::string> serial_number();
    DispenserResult<std::string> firmware_version();

    // The raw exchange, for tools and tests: the positive reply, or the typed error.
    DispenserResult<PositiveReply> transact(const Command& command, int reply_timeout_ms, const char* where);

    [[nodiscard]] const DispenserSettings& settings() const { return settings_; }
    [[nodiscard]] serial::Link& link() { return *link_; }

private:
    enum class WaitOutcome { event, timeout, link_failed };
    struct Waited {
        WaitOutcome outcome;
        StreamDecoder::Event event{};
        serial::LinkError link_error{};
    };
    // The next decoder event before `deadline`; a partial frame may run past the deadline while its
    // bytes keep coming (a long inventory at 9600 baud), but not past inter_byte_timeout_ms of silence.
    Waited wait_event(serial::Clock::time_point deadline);
    DispenserResult<void> send_control(std::uint8_t byte, const char* where);
    DispenserResult<void> simple(CommandCode code, int reply_timeout_ms, const char* where, Bytes data = {});
    DispenserResult<bool> poll_status(int timeout_ms, bool (*done)(const DeviceStatus&), const char* where);

    std::unique_ptr<serial::Link> link_;
    DispenserSettings settings_;
    StreamDecoder decoder_;
};

}  // namespace kiosk::dispenser
