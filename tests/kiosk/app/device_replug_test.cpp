// Unplug and replug, up the stack: the real drivers and simulators on ptys reached at symlinks, the
// real device services, and the session machine and status board fed from the inbox as the loop
// feeds them, with the loop's retry (connect() on each device that is down, kiosk_loop.hpp).
//
// A fingerprint sensor whose pty vanishes while the kiosk waits at the attract screen: the next
// verification finds the line gone, fails, and the sensor is reported down (disconnected); the
// machine goes out of service and the status says UNAVAILABLE, OUT_OF_SERVICE_HARDWARE. Retried
// while its port is missing, it stays down. Its pty back at the same path, the retry opens it: up,
// AVAILABLE, and a finger matches.
//
// Unplugged and plugged back before anyone used it, the sensor's next verification finds its old
// line gone and opens the port again before answering: nobody is turned away for a reseated cable.
//
// A dispenser the same way: down (disconnected), which takes pickups away but not the kiosk (the
// status screen tells the resident the dispenser is down); the device line says why. Back, it is
// up again and fetches.
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "kiosk/app/dispenser_service.hpp"
#include "kiosk/app/fingerprint_service.hpp"
#include "kiosk/app/status_board.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "tests/kiosk/app/inbox_probe.hpp"
#include "tests/kiosk/app/simulated_dispenser.hpp"
#include "tests/kiosk/app/simulated_sensor.hpp"
#include "tests/kiosk/clock/test_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <optional>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;
using mgmt::ApplicationState;
using mgmt::StateReason;

namespace {

session::Instant wall_now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// The UI thread's side: every DeviceHealth a service reports goes to the machine and the board.
struct Kiosk {
    app::test::InboxProbe probe;
    session::SessionMachine machine{session::SessionConfig{}, session::DeviceHealthSnapshot{}, wall_now()};
    StatusBoard board{"kiosk-test", "0", 0, session::DeviceHealthSnapshot{}};

    Kiosk() { board.on_view(machine.view()); }

    session::DeviceHealth next_health(session::Device device) {
        auto health = probe.next<session::DeviceHealth>([device](const auto& h) { return h.device == device; });
        board.on_event(health);
        (void)machine.handle(wall_now(), health);
        board.on_view(machine.view());
        return health;
    }
    [[nodiscard]] std::size_t health_reports(session::Device device) {
        std::size_t n = 0;
        for (const auto& h : probe.all<session::DeviceHealth>()) n += h.device == device ? 1 : 0;
        return n;
    }
    [[nodiscard]] mgmt::KioskStatus status() const { return board.snapshot(); }
    [[nodiscard]] std::optional<session::DeviceFault> device_line(session::Device device) const {
        for (const auto& line : board.snapshot().devices) {
            if (line.device == device) return line.fault;
        }
        FAIL("no status line for the device");
        return std::nullopt;
    }
};

// The loop's retry_devices (main.cpp): a device that is down is connected again.
template <class Service>
void retry(Service& service) {
    if (!service.up()) service.connect();
}

std::vector<EnrolledTemplate> enrolled() { return {fingerprint::sim::template_for_finger(1)}; }

}  // namespace

TEST_CASE("a fingerprint sensor unplugged takes the kiosk out of service for hardware; plugged back, it serves") {
    kiosk::testing::TempDir dir;
    const std::string port = dir.file("fingerprint");
    Kiosk kiosk;
    auto sensor = std::make_unique<app::test::SensorAt>(port);
    FingerprintService service(kiosk.probe.inbox(), FingerprintSection{}, serial::PortSpec::device_path(port));
    service.connect();
    REQUIRE(kiosk.next_health(session::Device::fingerprint).up());
    CHECK(kiosk.machine.phase() == session::Phase::attract);
    CHECK(kiosk.status().state == ApplicationState::available);

    // Pulled out while nobody uses it: its line hangs up and its path vanishes.
    sensor.reset();
    service.verify(1, enrolled(), 30s);
    const auto failed = kiosk.probe.next<session::FingerprintResult>();
    CHECK(failed.request == 1);
    CHECK(failed.outcome == session::FingerOutcome::device_error);
    const auto down = kiosk.next_health(session::Device::fingerprint);
    CHECK(down.fault == session::DeviceFault::disconnected);
    CHECK_FALSE(service.up());
    CHECK(kiosk.machine.phase() == session::Phase::out_of_service);
    CHECK(kiosk.status().state == ApplicationState::unavailable);
    CHECK(kiosk.status().reason == StateReason::out_of_service_hardware);
    CHECK(kiosk.device_line(session::Device::fingerprint) == session::DeviceFault::disconnected);

    // The loop retries while it is down; with the port missing it stays down, and says nothing new.
    retry(service);
    service.verify(2, enrolled(), 30s);  // queued behind the retry: its answer says the retry ran
    CHECK(kiosk.probe.next<session::FingerprintResult>().outcome == session::FingerOutcome::device_error);
    CHECK(kiosk.health_reports(session::Device::fingerprint) == 2);
    CHECK(kiosk.status().reason == StateReason::out_of_service_hardware);

    // Plugged back at the same path: the next retry opens it.
    sensor = std::make_unique<app::test::SensorAt>(port);
    retry(service);
    REQUIRE(kiosk.next_health(session::Device::fingerprint).up());
    CHECK(service.up());
    CHECK(kiosk.machine.phase() == session::Phase::attract);
    CHECK(kiosk.status().state == ApplicationState::available);
    CHECK(kiosk.status().reason == StateReason::none);
    CHECK_FALSE(kiosk.device_line(session::Device::fingerprint).has_value());
    sensor->sim().place_finger(1);
    service.verify(3, enrolled(), 30s);
    const auto matched = kiosk.probe.next<session::FingerprintResult>([](const auto& r) { return r.request == 3; });
    CHECK(matched.outcome == session::FingerOutcome::matched);
}

TEST_CASE("a sensor unplugged and plugged back while nobody used it: the next verification reopens it and matches") {
    kiosk::testing::TempDir dir;
    const std::string port = dir.file("fingerprint");
    Kiosk kiosk;
    auto sensor = std::make_unique<app::test::SensorAt>(port);
    FingerprintService service(kiosk.probe.inbox(), FingerprintSection{}, serial::PortSpec::device_path(port));
    service.connect();
    REQUIRE(kiosk.next_health(session::Device::fingerprint).up());

    // A cable reseated at the attract screen: the open line hangs up, a new pty takes the path.
    sensor.reset();
    sensor = std::make_unique<app::test::SensorAt>(port);
    sensor->sim().place_finger(1);
    service.verify(1, enrolled(), 30s);
    CHECK(kiosk.probe.next<session::FingerprintResult>().outcome == session::FingerOutcome::matched);
    // Nobody was turned away: the sensor was never reported down, the kiosk never left service.
    CHECK(kiosk.health_reports(session::Device::fingerprint) == 1);
    CHECK(service.up());
    CHECK(kiosk.status().state == ApplicationState::available);
}

TEST_CASE("a dispenser unplugged is down with its reason and takes pickups away; plugged back, it fetches") {
    kiosk::testing::TempDir dir;
    const std::string port = dir.file("dispenser");
    Kiosk kiosk;
    kiosk::test::TestSteadyClock clock;
    JournalSettlement journal{clock};
    auto device = std::make_unique<app::test::DispenserAt>(port, std::initializer_list<int>{0, 1});
    DispenserSection config;
    config.reply_timeout_ms = 1000;
    DispenserService service(kiosk.probe.inbox(), config, serial::PortSpec::device_path(port), journal);
    service.connect();
    REQUIRE(kiosk.next_health(session::Device::dispenser).up());
    CHECK(kiosk.status().state == ApplicationState::available);

    device.reset();  // pulled out: the simulator's end closes and its path vanishes
    service.fetch(1, 1);
    CHECK(kiosk.probe.next<session::SlotFetched>().outcome == session::DispenserOutcome::fault);
    const auto down = kiosk.next_health(session::Device::dispenser);
    CHECK(down.fault == session::DeviceFault::disconnected);
    CHECK_FALSE(service.up());
    CHECK(kiosk.device_line(session::Device::dispenser) == session::DeviceFault::disconnected);
    // No pickup is offered while it is down, but a resident can still learn their card's status.
    CHECK(kiosk.machine.phase() == session::Phase::attract);
    CHECK(kiosk.status().state == ApplicationState::available);

    retry(service);
    service.fetch(2, 1);  // queued behind the retry
    CHECK(kiosk.probe.next<session::SlotFetched>([](const auto& f) { return f.request == 2; }).outcome ==
          session::DispenserOutcome::fault);
    CHECK(kiosk.health_reports(session::Device::dispenser) == 2);

    device = std::make_unique<app::test::DispenserAt>(port, std::initializer_list<int>{0, 1});
    retry(service);
    REQUIRE(kiosk.next_health(session::Device::dispenser).up());
    CHECK(service.up());
    CHECK_FALSE(kiosk.device_line(session::Device::dispenser).has_value());
    service.fetch(3, 2);
    CHECK(kiosk.probe.next<session::SlotFetched>([](const auto& f) { return f.request == 3; }).outcome ==
          session::DispenserOutcome::ok);
}
