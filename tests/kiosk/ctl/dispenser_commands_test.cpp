// kioskctl dispenser: the operator's commands against the simulated dispenser over a real pty.
#include "drivers/dispenser/sim/simulator.hpp"
#include "tests/kiosk/ctl/nik_run_kioskctl.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

using kiosk::test::run_kioskctl;
namespace sim = kiosk::dispenser::sim;

namespace {
std::unique_ptr<sim::Simulator> start_simulator(const std::string& pty_path) {
    sim::SimulatorOptions options;
    options.pty_path = pty_path;
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
