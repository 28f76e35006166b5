// The health policy as pure functions: each component's verdict at its thresholds, and the overall
// verdict (fail only while the kiosk cannot serve).
#include "kiosk/mgmt/health_checks.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace kiosk::mgmt;

TEST_CASE("overall: fail while not serving or without the database, warn while degraded, else pass") {
    const Check pass{};
    const Check warn{Verdict::warn, "low"};
    const Check failed{Verdict::fail, "full"};
    const std::vector<Check> all_pass{pass, pass};
    const std::vector<Check> one_fails{pass, failed};
    const std::vector<Check> one_warns{warn, pass};
    CHECK(overall_verdict(ApplicationState::available, pass, all_pass) == Verdict::pass);
    CHECK(overall_verdict(ApplicationState::active, pass, all_pass) == Verdict::pass);
    CHECK(overall_verdict(ApplicationState::available, pass, one_warns) == Verdict::warn);
    CHECK(overall_verdict(ApplicationState::available, pass, one_fails) == Verdict::warn);  // serving, degraded
    CHECK(overall_verdict(ApplicationState::unavailable, pass, all_pass) == Verdict::fail);
    CHECK(overall_verdict(ApplicationState::stopped, pass, all_pass) == Verdict::fail);
    const Check no_database{Verdict::fail, "query_failed"};
    CHECK(overall_verdict(ApplicationState::available, no_database, std::vector<Check>{no_database}) == Verdict::fail);
}

TEST_CASE("the capture bin's states at the default thresholds") {
    const HealthThresholds t;
    CHECK(bin_state(std::nullopt, t) == BinState::unknown);
    CHECK(bin_state(CaptureBinReading{39, false}, t) == BinState::ok);
    CHECK(bin_state(CaptureBinReading{40, false}, t) == BinState::high);
    CHECK(bin_state(CaptureBinReading{49, false}, t) == BinState::high);
    CHECK(bin_state(CaptureBinReading{50, false}, t) == BinState::full);
    CHECK(bin_state(CaptureBinReading{0, true}, t) == BinState::full);
    CHECK(bin_check(BinState::full) == Check{Verdict::fail, "full"});
    CHECK(bin_check(BinState::ok) == Check{});
}

TEST_CASE("free slots never go below zero; a magazine of no slots is unknown") {
    CHECK(free_slots(MagazineReading{3, 10}) == 7);
    CHECK(free_slots(MagazineReading{12, 10}) == 0);
    CHECK(magazine_check(MagazineReading{0, 0}, {}) == Check{Verdict::warn, "unknown"});
    CHECK(magazine_check(MagazineReading{20, 20}, {}) == Check{Verdict::warn, "nearly_full"});
}

TEST_CASE("a device's verdict carries its fault's code") {
    CHECK(device_check(std::nullopt) == Check{});
    CHECK(device_check(kiosk::core::session::DeviceFault::capture_bin_full) ==
          Check{Verdict::fail, "capture_bin_full"});
}
