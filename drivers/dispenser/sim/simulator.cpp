#include "drivers/dispenser/sim/simulator.hpp"

#include <sys/stat.h>

namespace kiosk::dispenser::sim {

Result<std::unique_ptr<Simulator>> Simulator::start(SimulatorOptions options) {
    const std::string where = "dispenser.sim";
    if (options.slots < 1 || options.slots > kMaxSlots) return fail(where, "slots must be 1..9999");
    if (options.address > kMaxAddress) return fail(where, "address must be 0..15");

    MechanismState initial = empty_mechanism(options.slots);
    if (!options.state_path.empty()) {
        struct stat st {};
        if (::stat(options.state_path.c_str(), &st) == 0) {
            // The magazine that is physically there wins over --slots.
            initial = TRY(load_state(options.state_path));
        }
    }

    auto sim = std::unique_ptr<Simulator>(new Simulator(TRY(serial::PtyPair::create(options.link, options.pty_path))));
    sim->antenna_ = options.antenna ? std::move(options.antenna) : std::make_unique<NoAntenna>();
    sim->model_ = std::make_unique<DeviceModel>(std::move(initial), options.timings, std::move(options.identity),
                                                options.state_path, *sim->antenna_);
    if (!options.control_path.empty()) {
        sim->control_ = TRY(ControlServer::start(options.control_path, *sim->model_));
    }
    sim->protocol_ = std::make_unique<ProtocolServer>(sim->pty_.master(), *sim->model_, options.address);
    sim->protocol_thread_ = std::thread([p = sim->protocol_.get()] { p->run(); });
    return sim;
}

Simulator::~Simulator() {
    control_.reset();
    if (protocol_) protocol_->stop();
    if (protocol_thread_.joinable()) protocol_thread_.join();
    model_.reset();
    antenna_.reset();
}

}  // namespace kiosk::dispenser::sim
