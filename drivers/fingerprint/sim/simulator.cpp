#include "drivers/fingerprint/sim/simulator.hpp"

#include <algorithm>
#include <array>
#include <thread>

namespace kiosk::fingerprint::sim {

using serial::Clock;

std::optional<Fault> parse_fault(std::string_view name) {
    if (name == "silence") return Fault::silence;
    if (name == "garbage") return Fault::garbage;
    if (name == "checksum") return Fault::checksum;
    if (name == "cut") return Fault::cut;
    if (name == "reboot") return Fault::reboot;
    if (name == "address") return Fault::address;
    return std::nullopt;
}

const char* to_string(Fault fault) {
    switch (fault) {
        case Fault::none: return "none";
        case Fault::silence: return "silence";
        case Fault::garbage: return "garbage";
        case Fault::checksum: return "checksum";
        case Fault::cut: return "cut";
        case Fault::reboot: return "reboot";
        case Fault::address: return "address";
    }
    return "unknown";
}

Simulator::Simulator(serial::Link& link, const SimulatorOptions& options)
    : link_(link),
      options_(options),
      model_(options.module),
      baud_multiplier_(options.module.baud_multiplier),
      // The simulator hears every address; packets for others are ignored in handle_packet, as a
      // module on a shared bus would.
      decoder_(options.module.address, /*accept_any_address=*/true) {}

void Simulator::place_finger(std::uint32_t finger) {
    std::lock_guard lock(mutex_);
    model_.place_finger(finger);
}
void Simulator::lift_finger() {
    std::lock_guard lock(mutex_);
    model_.lift_finger();
}
void Simulator::next_capture_poor() {
    std::lock_guard lock(mutex_);
    model_.next_capture_poor();
}
void Simulator::inject_fault(Fault fault, std::optional<Instruction> instruction) {
    std::lock_guard lock(mutex_);
    faults_.push_back({fault, instruction});
}
void Simulator::clear() {
    std::lock_guard lock(mutex_);
    faults_.clear();
    model_.clear_glass();
}
std::size_t Simulator::stored_templates() const {
    std::lock_guard lock(mutex_);
    return model_.stored_templates();
}

std::optional<Fault> Simulator::take_fault(std::optional<Instruction> instruction) {
    std::lock_guard lock(mutex_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        if (!it->instruction || it->instruction == instruction) {
            const Fault f = it->fault;
            faults_.erase(it);
            return f;
        }
    }
    return std::nullopt;
}

Clock::duration Simulator::byte_time() const {
    // 10 bits (start, 8 data, stop) per byte at 9600 * N baud.
    const auto baud = 9600LL * baud_multiplier_;
    return std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(10'000'000'000LL / baud));
}

void Simulator::stop() {
    stopping_ = true;
    link_.close();
}

serial::LinkResult<void> Simulator::send_paced(std::span<const std::uint8_t> bytes) {
    const auto far = Clock::now() + std::chrono::seconds(5);
    if (!options_.pace) return link_.write(bytes, far);
    // Each chunk is handed over when its last byte would have finished crossing the wire; the
    // schedule is absolute, so oversleeping one chunk does not delay the ones after it.
    constexpr std::size_t chunk = 16;
    const auto start = std::max(Clock::now(), rx_wire_end_);
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
        const std::size_t n = std::min(chunk, bytes.size() - at);
        std::this_thread::sleep_until(start + byte_time() * static_cast<long>(at + n));
        if (auto written = link_.write(bytes.subspan(at, n), far); !written) return written;
    }
    return {};
}

serial::LinkResult<void> Simulator::reboot() {
    {
        std::lock_guard lock(mutex_);
        model_.restart();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.reboot_ms));
    // Whatever the host sent while the module was down was never received.
    (void)link_.flush_input();
    decoder_.reset();
    if (!options_.send_ready_byte) return {};
    const std::array<std::uint8_t, 1> ready{ready_byte};
    return send_paced(ready);
}

serial::LinkResult<void> Simulator::handle_packet(const Packet& packet) {
    std::optional<Instruction> instruction;
    if (packet.pid == PacketId::command && !packet.content.empty()) {
        instruction = static_cast<Instruction>(packet.content[0]);
        ++commands_received_;
        if (on_command) on_command(*instruction);
    }
    // Data packets of a DownChar are not replies' triggers; faults apply to commands only.
    Fault fault = Fault::none;
    if (instruction) fault = take_fault(instruction).value_or(Fault::none);
    if (fault == Fault::silence) return {};
    if (fault == Fault::reboot) return reboot();

    if (options_.pace) std::this_thread::sleep_until(rx_wire_end_);
    if (instruction == Instruction::gen_img) {
        bool finger_present = false;
        {
            std::lock_guard lock(mutex_);
            model_.begin_capture();
            finger_present = model_.finger_present();
        }
        if (finger_present) {
            if (on_capture_started) on_capture_started();
            if (options_.capture_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options_.capture_ms));
        }
    }
    ModuleReply reply;
    {
        std::lock_guard lock(mutex_);
        reply = model_.handle(packet);
    }
    if (reply.packets.empty()) return {};

    std::vector<std::uint8_t> bytes;
    if (fault == Fault::garbage) {
        // Line noise, including a false header (EF 01 ...) with an impossible packet identifier.
        bytes = {0x00, 0xEF, 0x13, 0xFE, 0xEF, 0x01, 0xFF, 0x7E, 0x80, 0x00};
    }
    for (std::size_t i = 0; i < reply.packets.size(); ++i) {
        Packet p = reply.packets[i];
        if (fault == Fault::address && i == 0) p.address = ~p.address;
        const std::size_t first = bytes.size();
        encode_into(p, bytes);
        if (fault == Fault::checksum && i == 0) bytes[first + packet_overhead + p.content.size() - 1] ^= 0x5A;
    }
    if (fault == Fault::cut) bytes.resize(std::max<std::size_t>(1, std::min<std::size_t>(bytes.size(), packet_overhead + 1) / 2));
    auto sent = send_paced(bytes);
    if (sent && reply.new_baud_multiplier) baud_multiplier_ = *reply.new_baud_multiplier;
    return sent;
}

serial::LinkResult<void> Simulator::run() {
    std::array<std::uint8_t, 512> buffer{};
    while (!stopping_) {
        const auto idle_limit = decoder_.mid_packet() ? std::chrono::milliseconds(options_.receive_timeout_ms)
                                                      : std::chrono::milliseconds(std::chrono::hours(1));
        auto n = link_.read_some(buffer, Clock::now() + idle_limit);
        if (!n) {
            if (stopping_) return {};
            if (n.error().kind == serial::LinkErrorKind::timeout) {
                decoder_.reset();  // an incomplete packet went stale
                continue;
            }
            return fail(n.error());
        }
        const auto now = Clock::now();
        rx_wire_end_ = std::max(rx_wire_end_, now) + byte_time() * static_cast<long>(*n);
        decoder_.push(std::span<const std::uint8_t>(buffer.data(), *n));
        while (auto item = decoder_.next()) {
            if (auto* packet = std::get_if<Packet>(&*item)) {
                if (packet->address != model_.address()) continue;  // for another module
                if (auto handled = handle_packet(*packet); !handled) {
                    if (stopping_) return {};
                    return handled;
                }
                continue;
            }
            const auto& error = std::get<DecodeError>(*item);
            // A damaged command addressed to us gets "receive error", like the real module.
            if (error.kind == DecodeErrorKind::bad_checksum && error.address == model_.address() &&
                error.pid == static_cast<std::uint8_t>(PacketId::command)) {
                ModuleReply reply;
                {
                    std::lock_guard lock(mutex_);
                    reply = model_.receive_error();
                }
                if (auto sent = send_paced(encode(reply.packets.front())); !sent) return sent;
            }
        }
        (void)decoder_.take_ready_byte();
    }
    return {};
}

}  // namespace kiosk::fingerprint::sim
