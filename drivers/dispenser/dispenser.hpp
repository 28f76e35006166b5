// Dispenser: the host side of the M1 slot-magazine protocol over a serial Link.
//
// Each operation is one exchange: send the command frame, wait for ACK (resending on NAK or silence,
// at most max_resends times), wait for the reply frame (NAKing a corrupt one to have it resent), ACK
// the reply. A negative reply becomes the DispenserErrorKind of its E1E0 code. When the host gives
// up on an exchange it sends EOT so the device drops it too.
//
// Moves and the missing sequence numbers: M1 frames carry none, so a device cannot tell a resent
// command from a new one. A NAK says the frame arrived damaged (nothing ran), but silence may only
// mean that the ACK is late while the device already moves the card: resending a move then would
// run it twice. So after silence a move is not resent blindly: the driver asks the sensors, once
// the card path is at rest (sensors_at_rest), whether the card reached the move's destination. If
// it did, the move ran and its status stands for the reply; if it is where it was, the frame was
// lost and is sent again. Queries and commands whose second run changes nothing that matters
// (initialize, holding a card at the mouth, opening and closing the mouth for loading) are resent
// as they are.
//
// Stops: every wait (for an ACK, a reply, the pause between status polls) ends early once the token
// given to interrupt_on() is stopped, so a kiosk asked to stop is not held by a card waiting at the
// mouth for up to its take timeout.
//
// Time: the driver's own deadlines (how long a card may wait at the mouth, how long a move may take
// to come to rest, the pauses between status polls) run on the SteadyClock it is given, so a test
// runs them on simulated time. The exchange's windows (ACK, reply, inter-byte, write) are the
// link's: they bound a wait on the port itself and run on serial::Clock. Every loop bounded by a
// deadline of the clock sleeps on the clock between its rounds, so a clock that moves only when
// slept on still ends it.
//
// Thread safety: none; a Dispenser belongs to its device worker thread, except that the token given
// to interrupt_on() may be stopped from any thread. Every call returns within bounded time given by
// DispenserSettings (no call waits forever on the device).
#pragma once

#include "drivers/dispenser/codec.hpp"
#include "drivers/dispenser/dispenser_error.hpp"
#include "drivers/serial/link.hpp"
#include "kiosk/clock/steady_clock.hpp"

#include <memory>
#include <optional>
#include <stop_token>
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
    // `clock` must outlive the Dispenser.
    static DispenserResult<std::unique_ptr<Dispenser>> open(const serial::PortSpec& port,
                                                            const serial::LinkSettings& link_settings,
                                                            const DispenserSettings& settings = {},
                                                            SteadyClock& clock = real_steady_clock());
    Dispenser(std::unique_ptr<serial::Link> link, const DispenserSettings& settings,
              SteadyClock& clock = real_steady_clock());

    DispenserResult<DeviceStatus> status();
    DispenserResult<Sensors> sensors();
    // The sensors once no card is in motion: probes (EOT, then 31 31) until the device answers with
    // the transport sensor clear. For a host that does not know what the device last did (a move
    // whose ACK never came, an exchange a stop cut short) and must learn where the card is before it
    // moves it. not_answering when the device gave no answer within timeout_ms; jam when it did but
    // a card was still in the transport then.
    DispenserResult<Sensors> sensors_at_rest(int timeout_ms);
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

    // From now on every wait ends within kStopCheckIntervalMs of `stop` being stopped: the call
    // then fails with `interrupted`, after an EOT so that the device drops the exchange (a move
    // under way still ends where it was going), and a call made once it is stopped sends nothing.
    // An empty token (the default) never interrupts; a caller that must still finish a move after
    // a stop (parking a card) sets one.
    void interrupt_on(std::stop_token stop) { stop_ = std::move(stop); }
    static constexpr int kStopCheckIntervalMs = 20;

    [[nodiscard]] const DispenserSettings& settings() const { return settings_; }
    [[nodiscard]] serial::Link& link() { return *link_; }

private:
    enum class WaitOutcome { event, timeout, link_failed, interrupted };
    struct Waited {
        WaitOutcome outcome;
        StreamDecoder::Event event{};
        serial::LinkError link_error{};
    };
    enum class Acknowledged { yes, refused, silent };
    // Where a move leaves the card, as the sensors (at rest) see it; null for a command that may
    // simply be sent again.
    using Arrival = bool (*)(const Sensors&);
    static Arrival arrival_of(CommandCode code);

    // The next decoder event before `deadline`; a partial frame may run past the deadline while its
    // bytes keep coming (a long inventory at 9600 baud), but not past inter_byte_timeout_ms of silence.
    Waited wait_event(serial::Clock::time_point deadline);
    // Sleeps on the clock until `until`; false when a stop cut it short.
    bool pause_until(SteadyClock::time_point until);
    // Sends EOT (the device drops the exchange) and names the stop that ended `where`.
    DispenserError interrupted(const char* where);
    DispenserResult<void> send_control(std::uint8_t byte, const char* where);
    // Phase 1 of an exchange, once: drops what is buffered (it belongs to an exchange that is
    // over), writes the frame and waits one ACK window.
    DispenserResult<Acknowledged> send_frame(const Bytes& frame, const char* where);
    // Phase 2: the reply frame to `command`, NAKing corrupt ones, ACKing the sound one.
    DispenserResult<PositiveReply> await_reply(const Command& command, int reply_timeout_ms, const char* where);
    // After a move's frame met silence: the move's reply made from the status when the sensors say
    // the card arrived (the move ran); nullopt when it is where it was (the frame was lost).
    DispenserResult<std::optional<PositiveReply>> learn_whether_moved(const Command& command, Arrival arrived,
                                                                      SteadyClock::time_point deadline,
                                                                      const char* where);
    DispenserResult<Sensors> sensors_at_rest_until(SteadyClock::time_point deadline, const char* where);
    DispenserResult<void> simple(CommandCode code, int reply_timeout_ms, const char* where, Bytes data = {});
    DispenserResult<bool> poll_status(int timeout_ms, bool (*done)(const DeviceStatus&), const char* where);

    std::unique_ptr<serial::Link> link_;
    DispenserSettings settings_;
    SteadyClock& clock_;
    StreamDecoder decoder_;
    std::stop_token stop_;
};

}  // namespace kiosk::dispenser
