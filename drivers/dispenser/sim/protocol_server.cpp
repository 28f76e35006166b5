#include "drivers/dispenser/sim/protocol_server.hpp"

#include <array>
#include <chrono>
#include <thread>

namespace kiosk::dispenser::sim {

using serial::Clock;
using namespace std::chrono_literals;

namespace {

// Line noise that contains no control byte and no STX: the host must skip it.
constexpr std::array<std::uint8_t, 5> kNoiseBeforeAck{0x00, 0xFF, 0x7E, 0x55, 0xAA};
// Noise with a false STX that announces a 5-byte frame which never completes: the host has to
// rescan from behind it to find the real reply that follows.
constexpr std::array<std::uint8_t, 8> kNoiseBeforeReply{0x00, 0xFF, kStx, 0x00, 0x00, 0x05, 0x31, 0x32};
constexpr int kMaxReplyResends = 3;
constexpr auto kInterByteTimeout = 100ms;
constexpr auto kStopCheckInterval = 50ms;

}  // namespace

ProtocolServer::ProtocolServer(serial::Link& link, DeviceModel& model, std::uint8_t address)
    : link_(link), model_(model), address_(address) {}

void ProtocolServer::stop() {
    // Only the flag: closing the link from this thread would close a descriptor the server thread
    // may be using (and whose number the OS may hand out again). run() sees the flag within
    // kStopCheckInterval, or when the move in progress ends.
    stopping_ = true;
}

void ProtocolServer::send(std::span<const std::uint8_t> bytes) {
    // A host that stopped reading cannot block the device forever; the bytes are then lost, as on a
    // real line.
    (void)link_.write(bytes, Clock::now() + 1s);
}

void ProtocolServer::send_reply() {
    if (pending_reply_.empty()) return;
    if (model_.consume_fault(FaultKind::bcc)) {
        Bytes damaged = pending_reply_;
        damaged.back() = static_cast<std::uint8_t>(damaged.back() ^ 0x5A);
        send(damaged);
        return;
    }
    send(pending_reply_);
}

void ProtocolServer::pull_pending_events() {
    std::array<std::uint8_t, 256> buffer{};
    for (;;) {
        auto n = link_.read_some(buffer, Clock::now());
        if (!n) break;
        decoder_.feed(std::span<const std::uint8_t>(buffer.data(), *n));
    }
    while (auto event = decoder_.next()) backlog_.push_back(std::move(*event));
}

void ProtocolServer::handle_command(const Frame& frame) {
    if (frame.address != address_) return;
    auto command = parse_command(frame);
    if (!command) return;  // a sound frame that is not a command (another device's reply): not ours
    if (model_.consume_fault(FaultKind::silence)) return;
    if (model_.consume_fault(FaultKind::nak)) {
        const std::array<std::uint8_t, 1> nak{kNak};
        send(nak);
        return;
    }
    const bool noisy = model_.consume_fault(FaultKind::garbage);
    pending_reply_.clear();
    reply_resends_ = 0;
    // A late ACK: the device is slow to acknowledge (busy firmware) but has the command and runs it.
    // Meanwhile it reads nothing, as a device busy with a command does not; what the host sends in
    // the meantime waits in the line and is handled after this command (pull_pending_events).
    if (model_.consume_fault(FaultKind::late_ack))
        std::this_thread::sleep_for(std::chrono::milliseconds(model_.timings().late_ack_ms));
    if (noisy) send(kNoiseBeforeAck);
    const std::array<std::uint8_t, 1> ack{kAck};
    send(ack);

    const Reply reply = model_.execute(*command);

    // An EOT that arrived while the mechanism was busy cancels this exchange; anything after it
    // (a new command) is handled normally.
    pull_pending_events();
    for (auto it = backlog_.rbegin(); it != backlog_.rend(); ++it) {
        if (it->kind == StreamDecoder::EventKind::eot) {
            backlog_.erase(backlog_.begin(), it.base());
            return;
        }
    }
    if (noisy) send(kNoiseBeforeReply);
    pending_reply_ = encode_reply(address_, reply);
    send_reply();
}

void ProtocolServer::handle(const StreamDecoder::Event& event) {
    switch (event.kind) {
        case StreamDecoder::EventKind::ack: pending_reply_.clear(); break;
        case StreamDecoder::EventKind::nak:
            if (!pending_reply_.empty() && reply_resends_ < kMaxReplyResends) {
                ++reply_resends_;
                send_reply();
            }
            break;
        case StreamDecoder::EventKind::eot:
            // The exchange is over and what came before the EOT is gone (the decoder has consumed
            // it). Bytes behind the EOT are the host's next command, sent right after it, and stay.
            pending_reply_.clear();
            backlog_.clear();
            break;
        case StreamDecoder::EventKind::corrupt_frame: {
            const std::array<std::uint8_t, 1> nak{kNak};
            send(nak);
            break;
        }
        case StreamDecoder::EventKind::frame: handle_command(event.frame); break;
    }
}

void ProtocolServer::run() {
    std::array<std::uint8_t, 512> buffer{};
    auto last_byte = Clock::now();
    while (!stopping_) {
        while (!backlog_.empty()) {
            auto event = std::move(backlog_.front());
            backlog_.pop_front();
            handle(event);
        }
        if (auto event = decoder_.next()) {
            handle(*event);
            continue;
        }
        auto n = link_.read_some(buffer, Clock::now() + kStopCheckInterval);
        if (!n) {
            if (n.error().kind != serial::LinkErrorKind::timeout) return;  // closed: we are done
            if (decoder_.mid_frame() && Clock::now() - last_byte > kInterByteTimeout) decoder_.abandon_partial();
            continue;
        }
        last_byte = Clock::now();
        decoder_.feed(std::span<const std::uint8_t>(buffer.data(), *n));
    }
}

}  // namespace kiosk::dispenser::sim
