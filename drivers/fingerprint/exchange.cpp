// The exchange layer of FingerprintSensor: one command out, its acknowledge back, with deadlines,
// retries, resynchronisation and restart detection; and the DeviceError a failed exchange becomes.
#include "drivers/fingerprint/driver.hpp"
#include "kiosk/core/hex.hpp"

#include <array>
#include <utility>

namespace kiosk::fingerprint {

using serial::Clock;
using std::chrono::milliseconds;

namespace {

std::string hex32(std::uint32_t v) {
    return core::format_hex_number(v, 8);
}

std::string code_text(std::uint8_t code) {
    return "0x" + core::format_hex_number(code, 2) + " (" + confirmation_text(code) + ")";
}

}  // namespace

bool FingerprintSensor::send(const std::vector<std::uint8_t>& bytes, std::string& detail) {
    auto written = link_->write(bytes, Clock::now() + milliseconds(settings_.reply_timeout_ms));
    if (!written) {
        detail = written.error().to_string();
        return false;
    }
    traffic_.bytes_sent += bytes.size();
    return true;
}

FingerprintSensor::Reply FingerprintSensor::receive(Clock::time_point deadline) {
    Reply reply;
    std::array<std::uint8_t, 512> buffer{};
    std::string ignored;
    for (;;) {
        while (auto item = decoder_.next()) {
            if (auto* packet = std::get_if<Packet>(&*item)) {
                reply.ack = std::move(*packet);
                return reply;
            }
            const auto& error = std::get<DecodeError>(*item);
            if (error.kind == DecodeErrorKind::bad_checksum) {
                reply.failure = ExchangeFailure::corrupted;
                reply.detail = "a reply arrived with a bad checksum";
                return reply;
            }
            // A reply from another address is not ours (another module on the bus, or a module
            // answering with a different address than configured): ignore it and keep waiting.
            if (error.kind == DecodeErrorKind::foreign_address)
                ignored = "a reply from address " + hex32(error.address) + " was ignored (configured " +
                          hex32(settings_.address) + ")";
        }
        if (decoder_.take_ready_byte()) {
            reply.failure = ExchangeFailure::restarted;
            reply.detail = "the module sent its ready byte (it restarted)";
            return reply;
        }
        auto n = link_->read_some(buffer, deadline);
        if (!n) {
            if (n.error().kind == serial::LinkErrorKind::timeout) {
                if (decoder_.mid_packet()) {
                    reply.failure = ExchangeFailure::corrupted;
                    reply.detail = "a reply was cut off mid-packet";
                } else {
                    reply.failure = ExchangeFailure::no_reply;
                    reply.heard_foreign = !ignored.empty();
                    reply.detail = ignored.empty()
                                       ? "no reply within " + std::to_string(settings_.reply_timeout_ms) + " ms"
                                       : ignored;
                }
            } else {
                reply.failure = ExchangeFailure::link_failed;
                reply.detail = n.error().to_string();
            }
            return reply;
        }
        traffic_.bytes_received += *n;
        decoder_.push(std::span<const std::uint8_t>(buffer.data(), *n));
    }
}

FingerprintSensor::Reply FingerprintSensor::transact_once(const std::vector<std::uint8_t>& bytes) {
    // Whatever is waiting now is stale (a late reply to a command we gave up on) unless it is the
    // ready byte of a module that restarted in between, which must not be lost.
    std::array<std::uint8_t, 512> stale{};
    for (;;) {
        auto n = link_->read_some(stale, Clock::now() - milliseconds(1));
        if (!n) break;
        traffic_.bytes_received += *n;
        decoder_.push(std::span<const std::uint8_t>(stale.data(), *n));
    }
    while (decoder_.next()) {
    }
    const bool restarted_before = decoder_.take_ready_byte();
    decoder_.reset();
    Reply reply;
    if (restarted_before) {
        reply.failure = ExchangeFailure::restarted;
        reply.detail = "the module sent its ready byte (it restarted)";
        return reply;
    }
    if (!send(bytes, reply.detail)) {
        reply.failure = ExchangeFailure::link_failed;
        return reply;
    }
    // Bytes written just before (a template's data packets) may still be crossing the wire ahead of
    // this command: the module cannot answer before they and it have arrived.
    return receive(Clock::now() + milliseconds(settings_.reply_timeout_ms) + std::exchange(queued_wire_time_, {}));
}

FingerprintSensor::Reply FingerprintSensor::transact(Instruction instruction,
                                                     std::span<const std::uint8_t> parameters) {
    const auto bytes = encode(make_command(settings_.address, instruction, parameters));
    Reply reply;
    bool silence = false;
    for (int attempt = 0; attempt <= settings_.command_retries; ++attempt) {
        reply = transact_once(bytes);
        reply.after_silence = silence;
        if (reply.failure == ExchangeFailure::restarted || reply.failure == ExchangeFailure::link_failed) return reply;
        if (reply.failure == ExchangeFailure::no_reply && !reply.heard_foreign) silence = true;
        if (reply.failure != ExchangeFailure::none) continue;
        if (reply.ack.pid != PacketId::ack || reply.ack.content.empty()) {
            reply.failure = ExchangeFailure::corrupted;
            reply.detail = "the module answered with a packet that is not an acknowledge";
            continue;
        }
        // The module received our command damaged (line noise on the way in): send it again.
        if (reply.ack.content[0] == confirm::receive_error) {
            reply.failure = ExchangeFailure::corrupted;
            reply.detail = "the module reported a receive error (0x01) for our command";
            continue;
        }
        // A module that lost the verified password has restarted since the session began.
        if (reply.ack.content[0] == confirm::password_required) {
            reply.failure = ExchangeFailure::restarted;
            reply.detail = "the module asked for the password again (it restarted)";
        }
        return reply;
    }
    reply.detail = std::string(instruction_name(instruction)) + " failed after " +
                   std::to_string(settings_.command_retries + 1) + " attempts: " + reply.detail;
    return reply;
}

DeviceError FingerprintSensor::error_from(const Reply& reply, const char* step) const {
    const std::string where = " (fingerprint sensor on " + link_->describe() + ", during " + step + ")";
    switch (reply.failure) {
        case ExchangeFailure::no_reply:
            return {DeviceErrorKind::no_reply,
                    reply.detail + "; check that the sensor is connected and powered" + where};
        case ExchangeFailure::corrupted:
            return {DeviceErrorKind::garbled,
                    "no intact reply: " + reply.detail + "; check the cable and the baud rate" + where};
        case ExchangeFailure::restarted: return {DeviceErrorKind::restarting, reply.detail + where};
        case ExchangeFailure::link_failed: return {DeviceErrorKind::link_failed, reply.detail + where};
        case ExchangeFailure::none: break;
    }
    const std::uint8_t code = reply.ack.content.empty() ? 0xFF : reply.ack.content[0];
    return {DeviceErrorKind::rejected, "the module answered " + code_text(code) + where};
}

}  // namespace kiosk::fingerprint
