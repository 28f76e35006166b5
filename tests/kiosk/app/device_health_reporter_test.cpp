// DeviceHealthReporter: the one rule for every device service's DeviceHealth reports: up/down
// changes are reported, the first report always is unless the machine started knowing the device
// down, a different fault while down is (the same one again is not), the fault travels only with a
// device that is down, and a full inbox still gets the latest state.
#include "kiosk/app/device_health_reporter.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace kiosk::app;
namespace session = kiosk::core::session;

namespace {

std::vector<session::DeviceHealth> reports(SessionInbox& inbox) {
    std::vector<session::DeviceHealth> out;
    for (const auto& event : inbox.drain()) {
        const auto* health = std::get_if<session::DeviceHealth>(&event);
        REQUIRE(health != nullptr);
        out.push_back(*health);
    }
    return out;
}

}  // namespace

TEST_CASE("nothing reported yet: the first report goes out whatever it says, then only changes") {
    SessionInbox inbox([] {});
    DeviceHealthReporter health(inbox, session::Device::fingerprint, InitialReport::none);
    CHECK_FALSE(health.up());

    SUBCASE("first report up") {
        health.report_up();
        auto got = reports(inbox);
        REQUIRE(got.size() == 1);
        CHECK(got[0].device == session::Device::fingerprint);
        CHECK(got[0].up());
        CHECK_FALSE(got[0].fault.has_value());
        CHECK(health.up());
        health.report_up();
        CHECK(reports(inbox).empty());
    }
    SUBCASE("first report down, with its fault; the same fault again is not news, another one is") {
        health.report_down(session::DeviceFault::disconnected);
        auto got = reports(inbox);
        REQUIRE(got.size() == 1);
        CHECK_FALSE(got[0].up());
        CHECK(got[0].fault == session::DeviceFault::disconnected);
        CHECK_FALSE(health.up());
        health.report_down(session::DeviceFault::disconnected);
        CHECK(reports(inbox).empty());
        health.report_down(session::DeviceFault::journal_unreconciled);
        got = reports(inbox);
        REQUIRE(got.size() == 1);
        CHECK(got[0].fault == session::DeviceFault::journal_unreconciled);
        CHECK_FALSE(health.up());

        health.report_up();
        got = reports(inbox);
        REQUIRE(got.size() == 1);
        CHECK(got[0].up());
        health.report_down(session::DeviceFault::capture_bin_full);
        got = reports(inbox);
        REQUIRE(got.size() == 1);
        CHECK(got[0].fault == session::DeviceFault::capture_bin_full);
    }
}

TEST_CASE("the machine started with the device down: staying down is silent, coming up is reported") {
    SessionInbox inbox([] {});
    DeviceHealthReporter health(inbox, session::Device::card_reader, InitialReport::down);
    health.report_down(session::DeviceFault::disconnected);
    CHECK(reports(inbox).empty());
    health.report_up();
    auto got = reports(inbox);
    REQUIRE(got.size() == 1);
    CHECK(got[0].device == session::Device::card_reader);
    CHECK(got[0].up());
    health.report_down(session::DeviceFault::disconnected);
    got = reports(inbox);
    REQUIRE(got.size() == 1);
    CHECK(got[0].fault == session::DeviceFault::disconnected);
}

TEST_CASE("started down: the machine's fault is taken as the first one reported; a later one is news") {
    SessionInbox inbox([] {});
    DeviceHealthReporter health(inbox, session::Device::dispenser, InitialReport::down);
    health.report_down(session::DeviceFault::not_responding);
    CHECK(reports(inbox).empty());
    health.report_down(session::DeviceFault::journal_unreconciled);
    auto got = reports(inbox);
    REQUIRE(got.size() == 1);
    CHECK(got[0].fault == session::DeviceFault::journal_unreconciled);
}

TEST_CASE("a full inbox still gets the device's latest state: it supersedes the device's queued report") {
    SessionInbox inbox([] {}, 2);
    DeviceHealthReporter dispenser(inbox, session::Device::dispenser, InitialReport::none);
    DeviceHealthReporter sensor(inbox, session::Device::fingerprint, InitialReport::none);
    sensor.report_down(session::DeviceFault::disconnected);
    dispenser.report_down(session::DeviceFault::not_responding);  // the inbox is full now
    dispenser.report_up();
    dispenser.report_down(session::DeviceFault::journal_unreconciled);
    sensor.report_up();
    const auto got = reports(inbox);
    REQUIRE(got.size() == 2);
    CHECK(got[0].device == session::Device::dispenser);
    CHECK(got[0].fault == session::DeviceFault::journal_unreconciled);
    CHECK(got[1].device == session::Device::fingerprint);
    CHECK(got[1].up());
    CHECK(inbox.superseded() == 3);
    CHECK(inbox.dropped() == 0);
}
