// Simulator: a complete simulated dispenser on a pseudo-terminal: the device model, the M1
// protocol on its own thread, and optionally the control socket. kiosk-sim-dispenser is a thin
// main() around this; tests run it in-process.
#pragma once

#include "drivers/dispenser/sim/antenna.hpp"
#include "drivers/dispenser/sim/control_server.hpp"
#include "drivers/dispenser/sim/device_model.hpp"
#include "drivers/dispenser/sim/protocol_server.hpp"
#include "drivers/serial/pty_pair.hpp"
#include "kiosk/core/result.hpp"

#include <memory>
#include <string>
#include <thread>

namespace kiosk::dispenser::sim {

struct SimulatorOptions {
    std::string pty_path;  // where the slave's symlink goes; empty: only /dev/pts/N
    serial::LinkSettings link{};
    int slots = 500;           // used when there is no state file yet
    std::string state_path;    // empty: the magazine does not survive a restart
    std::string control_path;  // empty: no control socket
    std::uint8_t address = 0;
    SimTimings timings{};
    SimIdentity identity{};
    std::unique_ptr<ReadPositionAntenna> antenna;  // null: NoAntenna
};

class Simulator {
public:
    static Result<std::unique_ptr<Simulator>> start(SimulatorOptions options);
    ~Simulator();  // stops the protocol thread and the control server
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // The path the host opens.
    [[nodiscard]] const std::string& device_path() const { return pty_.device_path(); }
    DeviceModel& model() { return *model_; }

private:
    explicit Simulator(serial::PtyPair pty) : pty_(std::move(pty)) {}

    serial::PtyPair pty_;
    std::unique_ptr<ReadPositionAntenna> antenna_;
    std::unique_ptr<DeviceModel> model_;
    std::unique_ptr<ProtocolServer> protocol_;
    std::unique_ptr<ControlServer> control_;
    std::thread protocol_thread_;
};

}  // namespace kiosk::dispenser::sim
