#include "drivers/dispenser/dispenser.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace kiosk::dispenser {

using serial::Clock;  // the link's windows; the driver's own deadlines are on clock_
using std::chrono::milliseconds;

namespace {

DispenserError link_error(const char* where, const serial::LinkError& e) {
    return {DispenserErrorKind::link_failed, where, e.to_string()};
}

std::string ascii_text(const Bytes& data) {
    std::string out;
    for (auto b : data) out.push_back(b >= 0x20 && b < 0x7F ? static_cast<char>(b) : '?');
    return out;
}

}  // namespace

DispenserResult<std::unique_ptr<Dispenser>> Dispenser::open(const serial::PortSpec& port,
                                                            const serial::LinkSettings& link_settings,
                                                            const DispenserSettings& settings, SteadyClock& clock) {
    auto link = serial::open_link(port, link_settings);
    if (!link) return fail(link_error("dispenser.open", link.error()));
    return std::make_unique<Dispenser>(std::move(*link), settings, clock);
}

Dispenser::Dispenser(std::unique_ptr<serial::Link> link, const DispenserSettings& settings, SteadyClock& clock)
    : link_(std::move(link)), settings_(settings), clock_(clock) {}

// Where the card is once a move has run, as the sensors see it at rest; null for a command that
// moves no card, or whose second run changes nothing that matters, which may simply be sent again.
// Each move with a check starts from a card elsewhere (a fetch from an empty path, a store or a
// capture from the read position or the mouth, a present from the read position), so arriving
// proves that it ran. Holding at the mouth (32 30) has none: it is how a card at the mouth is made
// safe, so a lost frame must never pass for a hold that ran, and running it twice moves the card
// nowhere new. A present of a card already at the mouth counts as run; one that was only held there
// is then not taken in time and captured, never handed out twice.
Dispenser::Arrival Dispenser::arrival_of(CommandCode code) {
    if (code == commands::fetch || code == commands::to_read_position)
        return [](const Sensors& s) { return s.read_position; };
    if (code == commands::present) return [](const Sensors& s) { return s.mouth; };
    if (code == commands::store || code == commands::capture)
        return [](const Sensors& s) { return !s.mouth && !s.read_position; };
    return nullptr;
}

Dispenser::Waited Dispenser::wait_event(Clock::time_point deadline) {
    std::array<std::uint8_t, 512> buffer{};
    auto last_byte = Clock::now();
    for (;;) {
        if (auto event = decoder_.next()) return {WaitOutcome::event, std::move(*event), {}};
        if (stop_.stop_requested()) return {WaitOutcome::interrupted, {}, {}};
        auto effective = deadline;
        if (decoder_.mid_frame()) {
            const auto quiet_limit = last_byte + milliseconds(settings_.inter_byte_timeout_ms);
            if (quiet_limit > effective) effective = quiet_limit;
        }
        // A wait that a stop may cut short reads in slices, and looks at the stop between them.
        auto read_until = effective;
        if (stop_.stop_possible()) read_until = std::min(effective, Clock::now() + milliseconds(kStopCheckIntervalMs));
        auto n = link_->read_some(buffer, read_until);
        if (!n) {
            if (n.error().kind != serial::LinkErrorKind::timeout) return {WaitOutcome::link_failed, {}, n.error()};
            if (read_until < effective) continue;  // only a slice ended
            if (decoder_.mid_frame()) {
                // The line went quiet inside a frame: that STX was noise. Rescan what followed it.
                decoder_.abandon_partial();
                if (Clock::now() < deadline) continue;
                if (auto event = decoder_.next()) return {WaitOutcome::event, std::move(*event), {}};
            }
            return {WaitOutcome::timeout, {}, {}};
        }
        last_byte = Clock::now();
        decoder_.feed(std::span<const std::uint8_t>(buffer.data(), *n));
    }
}

bool Dispenser::pause_until(SteadyClock::time_point until) {
    return clock_.sleep_until(until, stop_);
}

DispenserError Dispenser::interrupted(const char* where) {
    (void)send_control(kEot, where);
    return {DispenserErrorKind::interrupted, where, "a stop was requested"};
}

DispenserResult<void> Dispenser::send_control(std::uint8_t byte, const char* where) {
    const std::array<std::uint8_t, 1> one{byte};
    auto w = link_->write(one, Clock::now() + milliseconds(settings_.write_timeout_ms));
    if (!w) return fail(link_error(where, w.error()));
    return {};
}

DispenserResult<Dispenser::Acknowledged> Dispenser::send_frame(const Bytes& frame, const char* where) {
    (void)link_->flush_input();
    decoder_.reset();
    auto w = link_->write(frame, Clock::now() + milliseconds(settings_.write_timeout_ms));
    if (!w) return fail(link_error(where, w.error()));
    const auto ack_deadline = Clock::now() + milliseconds(settings_.ack_timeout_ms);
    for (;;) {
        auto waited = wait_event(ack_deadline);
        if (waited.outcome == WaitOutcome::link_failed) return fail(link_error(where, waited.link_error));
        if (waited.outcome == WaitOutcome::interrupted) return fail(interrupted(where));
        if (waited.outcome == WaitOutcome::timeout) return Acknowledged::silent;
        if (waited.event.kind == StreamDecoder::EventKind::ack) return Acknowledged::yes;
        if (waited.event.kind == StreamDecoder::EventKind::nak) return Acknowledged::refused;
        // A stray frame or EOT before the ACK belongs to nobody; keep waiting for the ACK.
    }
}

DispenserResult<PositiveReply> Dispenser::await_reply(const Command& command, int reply_timeout_ms, const char* where) {
    int reply_naks = 0;
    const auto reply_deadline = Clock::now() + milliseconds(reply_timeout_ms);
    for (;;) {
        auto waited = wait_event(reply_deadline);
        if (waited.outcome == WaitOutcome::link_failed) return fail(link_error(where, waited.link_error));
        if (waited.outcome == WaitOutcome::interrupted) return fail(interrupted(where));
        if (waited.outcome == WaitOutcome::timeout) {
            (void)send_control(kEot, where);
            return fail(DispenserError{DispenserErrorKind::not_answering, where,
                                       "no reply within " + std::to_string(reply_timeout_ms) + " ms"});
        }
        const auto kind = waited.event.kind;
        if (kind == StreamDecoder::EventKind::ack || kind == StreamDecoder::EventKind::nak ||
            kind == StreamDecoder::EventKind::eot)
            continue;  // control bytes are not a reply
        bool sound = false;
        Result<Reply> reply = fail("dispenser", "corrupt frame");
        if (kind == StreamDecoder::EventKind::frame && waited.event.frame.address == settings_.address) {
            reply = parse_reply(waited.event.frame);
            if (reply.ok()) {
                const CommandCode got = std::visit([](const auto& r) { return r.code; }, *reply);
                sound = got == command.code;
            }
        }
        if (!sound) {
            if (reply_naks >= settings_.max_reply_naks) {
                (void)send_control(kEot, where);
                return fail(DispenserError{DispenserErrorKind::garbled_reply, where,
                                           "reply still corrupt after " + std::to_string(reply_naks) + " NAKs"});
            }
            ++reply_naks;
            TRY(send_control(kNak, where));
            continue;
        }
        TRY(send_control(kAck, where));
        if (auto* positive = std::get_if<PositiveReply>(&*reply)) return std::move(*positive);
        const auto& negative = std::get<NegativeReply>(*reply);
        if (auto code = negative.error())
            return fail(DispenserError{kind_of(*code), where, "device code " + error_code_ascii(*code)});
        return fail(DispenserError{DispenserErrorKind::unknown_device_error, where,
                                   "device code " + ascii_text(Bytes{negative.e1, negative.e0})});
    }
}

DispenserResult<PositiveReply> Dispenser::transact(const Command& command, int reply_timeout_ms, const char* where) {
    if (stop_.stop_requested())
        return fail(DispenserError{DispenserErrorKind::interrupted, where, "a stop was requested"});
    const Bytes frame = encode_command(settings_.address, command);
    const Arrival arrived = arrival_of(command.code);
    // A move's fate is learned within the time its reply would have had.
    const auto move_deadline = clock_.now() + milliseconds(reply_timeout_ms);
    int naks = 0;
    for (int attempt = 0; attempt <= settings_.max_resends; ++attempt) {
        const Acknowledged acknowledged = TRY(send_frame(frame, where));
        if (acknowledged == Acknowledged::yes) return await_reply(command, reply_timeout_ms, where);
        if (acknowledged == Acknowledged::refused) {
            ++naks;  // the device saw a damaged frame and ran nothing: resend
            continue;
        }
        if (arrived == nullptr) continue;  // silence: running it again changes nothing, so resend
        if (auto ran = TRY(learn_whether_moved(command, arrived, move_deadline, where))) return std::move(*ran);
        // The card is where it was: the frame was lost on its way. Send it again.
    }
    (void)send_control(kEot, where);
    return fail(DispenserError{DispenserErrorKind::not_answering, where,
                               std::to_string(settings_.max_resends + 1) + " sends, " + std::to_string(naks) +
                                   " refused (NAK), the rest unanswered"});
}

DispenserResult<std::optional<PositiveReply>> Dispenser::learn_whether_moved(const Command& command, Arrival arrived,
                                                                             SteadyClock::time_point deadline,
                                                                             const char* where) {
    const Sensors at_rest = TRY(sensors_at_rest_until(deadline, where));
    if (!arrived(at_rest)) return std::optional<PositiveReply>{};
    const DeviceStatus status =
        TRY(transact(Command{commands::status, {}}, settings_.query_reply_timeout_ms, where)).status;
    return std::optional<PositiveReply>{PositiveReply{command.code, status, {}}};
}

DispenserResult<Sensors> Dispenser::sensors_at_rest(int timeout_ms) {
    if (stop_.stop_requested())
        return fail(
            DispenserError{DispenserErrorKind::interrupted, "dispenser.sensors_at_rest", "a stop was requested"});
    return sensors_at_rest_until(clock_.now() + milliseconds(timeout_ms), "dispenser.sensors_at_rest");
}

DispenserResult<Sensors> Dispenser::sensors_at_rest_until(SteadyClock::time_point deadline, const char* where) {
    const Command probe{commands::sensors, {}};
    const Bytes frame = encode_command(settings_.address, probe);
    const auto poll_interval =
        milliseconds(settings_.status_poll_interval_ms < 200 ? 200 : settings_.status_poll_interval_ms);
    bool answered = false;
    for (;;) {
        const auto probed_at = clock_.now();
        // EOT first: it ends an exchange the device may still hold (a move whose ACK came late, so
        // that its reply cannot arrive among the probes) and clears what it has buffered (earlier
        // probes it has not read yet, so it answers this one only). A probe is a query: sending it
        // again and again is safe, and needed while the device is busy with a move.
        TRY(send_control(kEot, where));
        if (TRY(send_frame(frame, where)) == Acknowledged::yes) {
            auto reply = await_reply(probe, settings_.query_reply_timeout_ms, where);
            if (reply) {
                answered = true;
                auto sensors = parse_sensors(reply->data);
                if (!sensors)
                    return fail(DispenserError{DispenserErrorKind::garbled_reply, where, sensors.error().what});
                if (!sensors->transport) return *sensors;
                // A card is in motion: ask again once the poll interval has passed.
                if (clock_.now() >= deadline)
                    return fail(DispenserError{DispenserErrorKind::jam, where,
                                               "a card was still in the transport when the move's time was up"});
                if (!pause_until(std::min(deadline, clock_.now() + poll_interval))) return fail(interrupted(where));
                continue;
            }
            if (reply.error().kind != DispenserErrorKind::not_answering &&
                reply.error().kind != DispenserErrorKind::garbled_reply)
                return fail(reply.error());
        }
        if (clock_.now() >= deadline)
            return fail(DispenserError{DispenserErrorKind::not_answering, where,
                                       answered ? "the sensors stopped answering while a card was in the transport"
                                                : "no answer to the sensors while learning where the card is"});
        // No faster than the poll interval (the document's rule). After a silent ACK window on the
        // real clock that time has passed already, and this pause is nothing.
        if (!pause_until(std::min(deadline, probed_at + poll_interval))) return fail(interrupted(where));
    }
}

DispenserResult<void> Dispenser::simple(CommandCode code, int reply_timeout_ms, const char* where, Bytes data) {
    TRY(transact(Command{code, std::move(data)}, reply_timeout_ms, where));
    return {};
}

DispenserResult<DeviceStatus> Dispenser::status() {
    return TRY(transact(Command{commands::status, {}}, settings_.query_reply_timeout_ms, "dispenser.status")).status;
}

DispenserResult<Sensors> Dispenser::sensors() {
    const auto r = TRY(transact(Command{commands::sensors, {}}, settings_.query_reply_timeout_ms, "dispenser.sensors"));
    auto s = parse_sensors(r.data);
    if (!s) return fail(DispenserError{DispenserErrorKind::garbled_reply, "dispenser.sensors", s.error().what});
    return *s;
}

DispenserResult<void> Dispenser::initialize(InitializeMode mode) {
    return simple(mode == InitializeMode::capture_card ? commands::initialize_capture : commands::initialize_keep,
                  settings_.move_reply_timeout_ms, "dispenser.initialize");
}

DispenserResult<void> Dispenser::fetch(int slot) {
    if (slot < 0 || slot > kMaxSlots)
        return fail(DispenserError{DispenserErrorKind::parameter_error, "dispenser.fetch", "slot out of 0..9999"});
    return simple(commands::fetch, settings_.move_reply_timeout_ms, "dispenser.fetch", encode_slot(slot));
}

DispenserResult<void> Dispenser::store(int slot) {
    if (slot < 0 || slot > kMaxSlots)
        return fail(DispenserError{DispenserErrorKind::parameter_error, "dispenser.store", "slot out of 0..9999"});
    return simple(commands::store, settings_.move_reply_timeout_ms, "dispenser.store", encode_slot(slot));
}

DispenserResult<void> Dispenser::move_to_read_position() {
    return simple(commands::to_read_position, settings_.move_reply_timeout_ms, "dispenser.to_read_position");
}

DispenserResult<void> Dispenser::hold_at_mouth() {
    return simple(commands::hold_at_mouth, settings_.move_reply_timeout_ms, "dispenser.hold_at_mouth");
}

DispenserResult<void> Dispenser::capture() {
    return simple(commands::capture, settings_.move_reply_timeout_ms, "dispenser.capture");
}

DispenserResult<void> Dispenser::present() {
    return simple(commands::present, settings_.move_reply_timeout_ms, "dispenser.present");
}

DispenserResult<bool> Dispenser::poll_status(int timeout_ms, bool (*done)(const DeviceStatus&), const char* where) {
    const auto deadline = clock_.now() + milliseconds(timeout_ms);
    const auto interval =
        milliseconds(settings_.status_poll_interval_ms < 200 ? 200 : settings_.status_poll_interval_ms);
    for (;;) {
        const auto polled_at = clock_.now();
        const auto s = TRY(transact(Command{commands::status, {}}, settings_.query_reply_timeout_ms, where));
        if (done(s.status)) return true;
        const auto next_poll = polled_at + interval;
        if (next_poll >= deadline) {
            if (clock_.now() < deadline && !pause_until(deadline)) return fail(interrupted(where));
            return done(TRY(transact(Command{commands::status, {}}, settings_.query_reply_timeout_ms, where)).status);
        }
        if (!pause_until(next_poll)) return fail(interrupted(where));
    }
}

DispenserResult<PresentOutcome> Dispenser::wait_until_taken(int timeout_ms) {
    const bool gone = TRY(poll_status(
        timeout_ms, [](const DeviceStatus& s) { return s.transport != TransportState::at_mouth; },
        "dispenser.wait_until_taken"));
    return gone ? PresentOutcome::taken : PresentOutcome::not_taken_in_time;
}

DispenserResult<PresentOutcome> Dispenser::present_and_wait(int timeout_ms) {
    TRY(present());
    return wait_until_taken(timeout_ms);
}

DispenserResult<void> Dispenser::accept_cards() {
    return simple(commands::accept_at_mouth, settings_.move_reply_timeout_ms, "dispenser.accept_cards");
}

DispenserResult<void> Dispenser::stop_accepting() {
    return simple(commands::stop_accepting, settings_.move_reply_timeout_ms, "dispenser.stop_accepting");
}

DispenserResult<bool> Dispenser::wait_for_inserted_card(int timeout_ms) {
    return poll_status(
        timeout_ms, [](const DeviceStatus& s) { return s.transport == TransportState::at_read_position; },
        "dispenser.wait_for_inserted_card");
}

DispenserResult<Inventory> Dispenser::inventory() {
    const auto r =
        TRY(transact(Command{commands::inventory, {}}, settings_.query_reply_timeout_ms, "dispenser.inventory"));
    auto inv = parse_inventory(r.data);
    if (!inv) return fail(DispenserError{DispenserErrorKind::garbled_reply, "dispenser.inventory", inv.error().what});
    return std::move(*inv);
}

DispenserResult<int> Dispenser::bin_counter() {
    const auto r =
        TRY(transact(Command{commands::bin_counter, {}}, settings_.query_reply_timeout_ms, "dispenser.bin_counter"));
    const auto& d = r.data;
    if (d.size() != 3 || d[0] < '0' || d[0] > '9' || d[1] < '0' || d[1] > '9' || d[2] < '0' || d[2] > '9')
        return fail(
            DispenserError{DispenserErrorKind::garbled_reply, "dispenser.bin_counter", "counter is not 3 digits"});
    return (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
}

DispenserResult<void> Dispenser::reset_bin_counter() {
    return simple(commands::reset_bin_counter, settings_.query_reply_timeout_ms, "dispenser.reset_bin_counter");
}

DispenserResult<std::string> Dispenser::serial_number() {
    const auto r = TRY(
        transact(Command{commands::serial_number, {}}, settings_.query_reply_timeout_ms, "dispenser.serial_number"));
    return ascii_text(r.data);
}

DispenserResult<std::string> Dispenser::firmware_version() {
    const auto r = TRY(transact(Command{commands::firmware_version, {}}, settings_.query_reply_timeout_ms,
                                "dispenser.firmware_version"));
    return ascii_text(r.data);
}

}  // namespace kiosk::dispenser
