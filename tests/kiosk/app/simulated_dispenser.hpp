// DispenserAt: a simulated dispenser (the real simulator, on a pty) whose port the kiosk reaches at
// a symlink, as it reaches its configured device, with cards loaded in the given device positions
// (from 0) through a driver of its own, closed again before the service under test opens the port.
#pragma once

#include "tests/drivers/dispenser/sim_fixture.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

namespace kiosk::app::test {

class DispenserAt {
public:
    explicit DispenserAt(const std::string& link_path, std::initializer_list<int> loaded_positions = {}) {
        dispenser::sim::SimulatorOptions options;
        options.pty_path = link_path;
        options.slots = 10;
        options.timings = dispenser::testing::fast_timings();
        auto simulator = dispenser::sim::Simulator::start(std::move(options));
        REQUIRE_MESSAGE(simulator.ok(), (simulator.ok() ? "" : simulator.error().to_string()));
        sim_.simulator = std::move(*simulator);
        if (loaded_positions.size() == 0) return;
        auto loader = dispenser::Dispenser::open(serial::PortSpec::device_path(link_path), {},
                                                 dispenser::testing::test_settings());
        REQUIRE(loader.ok());
        sim_.dispenser = std::move(*loader);
        REQUIRE(sim_.dispenser->initialize(dispenser::InitializeMode::keep_card).ok());
        for (int position : loaded_positions) {
            dispenser::testing::load_card(sim_, dispenser::testing::make_card_file("slot" + std::to_string(position)),
                                          position);
        }
        sim_.dispenser.reset();
    }
    dispenser::sim::DeviceModel& model() { return sim_.model(); }

private:
    dispenser::testing::SimAndDriver sim_;
};

}  // namespace kiosk::app::test
