// DeviceModel: the mechanics of the simulated slot-magazine dispenser. It executes M1 commands
// against a MechanismState with realistic move times, answers the operator's control lines (a person
// takes or inserts a card, a jam, the door, the bin), holds the faults queued for the protocol
// server, and persists the state after every change when it has a state file.
//
// Thread safety: every public member may be called from any thread. A move sleeps with the lock
// released; while a card is in motion it is recorded `in_transport` (so a state saved or a sensor
// read mid-move tells the truth) and other moves answer '02' (command cannot run now).
#pragma once

#include "drivers/dispenser/codec.hpp"
#include "drivers/dispenser/sim/antenna.hpp"
#include "drivers/dispenser/sim/mechanism_state.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace kiosk::dispenser::sim {

struct SimTimings {
    int move_ms = 1500;       // one transport or magazine move (the device's worst case is 5 s)
    int initialize_ms = 300;  // an initialize that moves no card
    // How late a late_ack fault's ACK comes: more than twice the 300 ms a host waits for one, so a
    // host that resends on silence has sent the command again (twice) before the ACK arrives.
    int late_ack_ms = 700;
};

struct SimIdentity {
    std::string serial_number = "KSD1-000001";
    std::string firmware_version = "M1-SIM 1.0";
};

// The ways the next exchanges can misbehave (control line `fault KIND [COUNT]`).
enum class FaultKind {
    silence,   // the device ignores the command frame entirely
    garbage,   // line noise before the ACK and before the reply (including a false STX)
    bcc,       // the reply frame goes out with a wrong BCC
    nak,       // the device NAKs the command frame as if it arrived damaged
    late_ack,  // the device takes the frame but ACKs it only after late_ack_ms, then runs it
};
inline constexpr int kFaultKinds = 5;

// The answer to one control line: ok (with optional detail) or an error reason.
struct ControlAnswer {
    bool ok = true;
    std::string text;
    [[nodiscard]] std::string line() const { return ok ? (text.empty() ? "ok" : "ok " + text) : "error " + text; }
};

class DeviceModel {
public:
    // `state_path` empty: nothing persists. `antenna` must outlive the model.
    DeviceModel(MechanismState initial, SimTimings timings, SimIdentity identity, std::string state_path,
                ReadPositionAntenna& antenna);

    // Executes one command, taking the mechanical time it takes, and returns the reply to send.
    Reply execute(const Command& command);

    // Control lines.
    ControlAnswer take();
    ControlAnswer insert(const std::string& card_file);
    ControlAnswer jam_next_move();
    ControlAnswer fail_next_move(ErrorCode code);
    ControlAnswer set_door_open(bool open);
    ControlAnswer set_bin_full(bool full);
    ControlAnswer inject_fault(FaultKind kind, int count);
    [[nodiscard]] std::string summary() const;

    // The protocol server asks whether the current exchange misbehaves; each call consumes one.
    bool consume_fault(FaultKind kind);
    [[nodiscard]] const SimTimings& timings() const { return timings_; }

    // Every command executed since start (tests wait for a host's polls by it), and every move that
    // set a card in motion (a command that ran twice moved the card twice).
    [[nodiscard]] int commands_executed() const;
    [[nodiscard]] int moves_run() const;

    [[nodiscard]] MechanismState snapshot() const;
    [[nodiscard]] Sensors sensors() const;
    [[nodiscard]] DeviceStatus status() const;

private:
    struct Move;
    Reply run_move(const Command& command, std::unique_lock<std::mutex>& lock);
    void persist_locked();
    [[nodiscard]] DeviceStatus status_locked() const;
    [[nodiscard]] Sensors sensors_locked() const;
    // Moves the transport card to `to`, informing the antenna; called with the lock held and released
    // around the antenna call.
    void place_card(CardPlace to, std::unique_lock<std::mutex>& lock);

    mutable std::mutex mutex_;
    MechanismState state_;
    SimTimings timings_;
    SimIdentity identity_;
    std::string state_path_;
    ReadPositionAntenna& antenna_;

    bool initialized_ = false;  // power-on: moves answer 'B0' until initialize
    bool accepting_ = false;    // 33 30 opened the mouth for loading
    bool moving_ = false;       // a card or the magazine is in motion
    bool magazine_moving_ = false;
    bool capturing_ = false;  // a card is passing the bin entry
    bool door_open_ = false;
    bool jam_next_ = false;
    std::optional<ErrorCode> fail_next_;
    int faults_[kFaultKinds] = {};
    int commands_executed_ = 0;
    int moves_run_ = 0;
    std::string last_persist_error_;
};

}  // namespace kiosk::dispenser::sim
