// An in-process simulated dispenser on a pty with a driver connected to it, for driver tests.
#pragma once

#include "drivers/dispenser/dispenser.hpp"
#include "drivers/dispenser/sim/simulator.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace kiosk::dispenser::testing {

// Timings short enough for tests, long enough that moves are real waits.
inline sim::SimTimings fast_timings() {
    return {.move_ms = 20, .initialize_ms = 5};
}

// Settings that keep failure paths quick while honouring the protocol's ACK window.
inline DispenserSettings test_settings() {
    DispenserSettings s;
    s.move_reply_timeout_ms = 2000;
    s.query_reply_timeout_ms = 1000;
    return s;
}

struct SimAndDriver {
    std::unique_ptr<sim::Simulator> simulator;
    std::unique_ptr<Dispenser> dispenser;
    sim::DeviceModel& model() { return simulator->model(); }
};

// `clock`: the driver's own deadlines and pauses (a test clock makes them simulated time); it must
// outlive the SimAndDriver.
inline SimAndDriver start_sim(int slots = 50, std::string state_path = "",
                              std::unique_ptr<sim::ReadPositionAntenna> antenna = nullptr,
                              SteadyClock& clock = real_steady_clock()) {
    sim::SimulatorOptions options;
    options.slots = slots;
    options.state_path = std::move(state_path);
    options.timings = fast_timings();
    options.antenna = std::move(antenna);
    auto simulator = sim::Simulator::start(std::move(options));
    REQUIRE_MESSAGE(simulator.ok(), (simulator.ok() ? "" : simulator.error().to_string()));
    auto dispenser =
        Dispenser::open(kiosk::serial::PortSpec::device_path((*simulator)->device_path()), {}, test_settings(), clock);
    REQUIRE_MESSAGE(dispenser.ok(), (dispenser.ok() ? "" : dispenser.error().to_string()));
    return {std::move(*simulator), std::move(*dispenser)};
}

// Paths a test made under /tmp, removed when the test program exits.
inline std::string remove_at_exit(std::string path) {
    struct Registry {
        std::vector<std::string> paths;
        ~Registry() {
            for (const auto& p : paths) ::unlink(p.c_str());
        }
    };
    static Registry registry;
    registry.paths.push_back(path);
    return path;
}

// A file standing for a printed card (the NoAntenna never reads it).
inline std::string make_card_file(const std::string& name) {
    const std::string path =
        remove_at_exit("/tmp/kiosk-dispenser-test-" + std::to_string(::getpid()) + "-" + name + ".card");
    std::ofstream(path) << "card " << name << "\n";
    return path;
}

// Loads a card through the mouth into `slot`: accept, a person inserts it, store.
inline void load_card(SimAndDriver& t, const std::string& card_file, int slot) {
    REQUIRE(t.dispenser->accept_cards().ok());
    const auto answer = sim::run_control_line(t.model(), "insert " + card_file);
    REQUIRE_MESSAGE(answer.ok, answer.line());
    auto arrived = t.dispenser->wait_for_inserted_card(2000);
    REQUIRE(arrived.ok());
    REQUIRE(*arrived);
    REQUIRE(t.dispenser->stop_accepting().ok());
    auto stored = t.dispenser->store(slot);
    REQUIRE_MESSAGE(stored.ok(), (stored.ok() ? "" : stored.error().to_string()));
}

}  // namespace kiosk::dispenser::testing
