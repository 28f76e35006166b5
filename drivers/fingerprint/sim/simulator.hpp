// Simulator: plays an R30x-family module over a serial::Link (normally the master side of a
// PtyPair). It decodes what the host sends, lets ModuleModel answer, and paces both directions at
// the configured baud rate (10 bits per byte), as a real UART would: a reply starts only after the
// command has fully "arrived", and each byte is handed over no earlier than it would have crossed
// the wire.
//
// Faults are injected one reply at a time (inject_fault), optionally for a given instruction:
//   silence  the command is lost, nothing is answered
//   garbage  bytes that are not a packet precede the reply
//   checksum the reply's checksum is wrong
//   cut      only the first half of the reply is sent
//   reboot   the module restarts instead of answering: silent for reboot_ms, then a 0x55 ready byte;
//            char buffers, image and password verification are lost
//   address  the reply carries another module's address
//
// Thread safety: run() on one thread; every other public member may be called from any thread.
#pragma once

#include "drivers/fingerprint/sim/module_model.hpp"
#include "drivers/serial/link.hpp"

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

namespace kiosk::fingerprint::sim {

enum class Fault { none, silence, garbage, checksum, cut, reboot, address };
[[nodiscard]] std::optional<Fault> parse_fault(std::string_view name);
[[nodiscard]] const char* to_string(Fault fault);

struct SimulatorOptions {
    ModuleConfig module{};
    // Pacing: bytes take 10 bits each at 9600 * module.baud_multiplier baud. false: instant (unit tests).
    bool pace = true;
    int reboot_ms = 100;  // silence while restarting (real modules: 50-500 ms)
    bool send_ready_byte = true;
    // A packet left incomplete this long is dropped, as a module's receiver does, so a command
    // whose LEN was damaged in transit does not swallow the host's next attempts.
    int receive_timeout_ms = 50;  // some modules announce the end of start-up with 0x55, some do not
    int capture_ms = 0;   // time GenImg takes when a finger is on the glass (R307: < 500 ms)
};

class Simulator {
public:
    Simulator(serial::Link& link, const SimulatorOptions& options);

    // Serves the host until stop() or until the link fails; returns why it stopped (ok after stop()).
    serial::LinkResult<void> run();
    // Ends run() (closes the link to wake it).
    void stop();

    // The glass and the faults.
    void place_finger(std::uint32_t finger);
    void lift_finger();
    void next_capture_poor();
    // The next reply (to `instruction` only, when given) misbehaves; faults queue in order.
    void inject_fault(Fault fault, std::optional<Instruction> instruction = std::nullopt);
    // Removes the finger, pending faults and the poor-image flag.
    void clear();

    // Called on the simulator thread when GenImg starts capturing with a finger on the glass
    // (tests use it to lift the finger mid-capture). Set before run().
    std::function<void()> on_capture_started;
    // Called on the simulator thread for each command addressed to this module, before the module
    // handles it (tests use it to place a finger at the Nth GenImg, counting polls instead of
    // watching the clock). Set before run().
    std::function<void(Instruction)> on_command;

    [[nodiscard]] std::size_t commands_received() const { return commands_received_; }
    [[nodiscard]] std::size_t stored_templates() const;

private:
    struct PendingFault {
        Fault fault;
        std::optional<Instruction> instruction;
    };
    std::optional<Fault> take_fault(std::optional<Instruction> instruction);
    serial::LinkResult<void> handle_packet(const Packet& packet);
    serial::LinkResult<void> send_paced(std::span<const std::uint8_t> bytes);
    serial::LinkResult<void> reboot();
    [[nodiscard]] serial::Clock::duration byte_time() const;

    serial::Link& link_;
    SimulatorOptions options_;
    mutable std::mutex mutex_;  // guards model_ and faults_
    ModuleModel model_;
    std::deque<PendingFault> faults_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> commands_received_{0};
    std::uint16_t baud_multiplier_;
    Decoder decoder_;
    // When the last byte received so far finished crossing the (simulated) wire.
    serial::Clock::time_point rx_wire_end_{};
};

}  // namespace kiosk::fingerprint::sim
