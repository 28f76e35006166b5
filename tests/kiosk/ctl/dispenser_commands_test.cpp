// kioskctl dispenser: the operator's commands against the simulated dispenser over a real pty.
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "drivers/dispenser/sim/simulator.hpp"
#include "tests/kiosk/ctl/nik_run_kioskctl.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

using kiosk::test::run_kioskctl;
namespace sim = kiosk::dispenser::sim;

namespace {
std::unique_ptr<sim::Simulator> start_simulator(const std::string& pty_path, const std::string& state_path = {}) {
    sim::SimulatorOptions options;
    options.pty_path = pty_path;
    options.state_path = state_path;
    options.slots = 8;
    options.timings.move_ms = 20;
    options.timings.initialize_ms = 10;
    auto simulator = sim::Simulator::start(std::move(options));
    REQUIRE(simulator.ok());
    return std::move(*simulator);
}
}  // namespace

TEST_CASE("status, inventory, initialize and reset-bin-counter talk to the dispenser") {
    const std::string port = "/tmp/kiosk-test-ctl-dsp-" + std::to_string(::getpid());
    auto simulator = start_simulator(port);

    auto status = run_kioskctl({"dispenser", "--port", port, "status"});
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("transport: empty") != std::string::npos);
    CHECK(status.out.find("counter 000") != std::string::npos);
    CHECK(status.out.find("door_open=0") != std::string::npos);

    REQUIRE(simulator->model().set_door_open(true).ok);
    auto door = run_kioskctl({"dispenser", "--port", port, "status"});
    CHECK(door.exit_code == 0);
    CHECK(door.out.find("door_open=1") != std::string::npos);
    REQUIRE(simulator->model().set_door_open(false).ok);

    auto inventory = run_kioskctl({"dispenser", "--port", port, "inventory"});
    CHECK(inventory.exit_code == 0);
    CHECK(inventory.out.find("0 of 8 slots occupied") != std::string::npos);

    CHECK(run_kioskctl({"dispenser", "--port", port, "initialize"}).exit_code == 0);
    CHECK(run_kioskctl({"dispenser", "--port", port, "reset-bin-counter"}).exit_code == 0);
}

TEST_CASE("inventory numbers the slots from 1, as the store does, not by the wire's positions from 0") {
    kiosk::testing::TempDir dir;
    sim::MechanismState magazine = sim::empty_mechanism(8);
    magazine.slots[0] = dir.write("first.card", "card");  // wire position 0: the store's slot 1
    magazine.slots[7] = dir.write("last.card", "card");   // wire position 7: slot 8
    const std::string state_path = dir.file("dispenser.state");
    REQUIRE(sim::save_state_atomically(state_path, magazine).ok());
    const std::string port = "/tmp/kiosk-test-ctl-dsp-slots-" + std::to_string(::getpid());
    auto simulator = start_simulator(port, state_path);

    auto inventory = run_kioskctl({"dispenser", "--port", port, "inventory"});
    CHECK(inventory.exit_code == 0);
    CHECK(inventory.out == "slot 1 occupied\nslot 8 occupied\n2 of 8 slots occupied\n");
    auto help = run_kioskctl({"dispenser", "inventory", "--help"});
    CHECK(help.out.find("numbered from 1") != std::string::npos);
}

TEST_CASE("a missing port is a clear error with exit status 1") {
    auto run = run_kioskctl({"dispenser", "--port", "/nonexistent/tty-dispenser", "status"});
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("no such serial port") != std::string::npos);
}

TEST_CASE("a dispenser that never answers is reported, not waited on forever") {
    const std::string port = "/tmp/kiosk-test-ctl-dsp-silent-" + std::to_string(::getpid());
    auto simulator = start_simulator(port);
    REQUIRE(simulator->model().inject_fault(sim::FaultKind::silence, 100).ok);
    auto run = run_kioskctl({"dispenser", "--port", port, "status"}, std::chrono::seconds(20));
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("not answering") != std::string::npos);
}
