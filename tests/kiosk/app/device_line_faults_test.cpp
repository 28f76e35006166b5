// System calls failing under a device service, through the serial seam (posix_calls.hpp), while
// the link runs on the service's worker: interrupted and would-block calls on the fingerprint
// sensor's line cost the resident nothing (the verification matches, the sensor is never reported
// down); an I/O error that persists is a link fault reported upward (down, out of service for
// hardware), and once the line is sound again the loop's retry brings the sensor back.
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "drivers/serial/posix_calls.hpp"
#include "kiosk/app/fingerprint_service.hpp"
#include "tests/kiosk/app/inbox_probe.hpp"
#include "tests/kiosk/app/simulated_sensor.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <optional>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;
using serial::posix::Call;
using serial::posix::Fault;

namespace {

std::vector<EnrolledTemplate> enrolled() { return {fingerprint::sim::template_for_finger(1)}; }

struct Rig {
    kiosk::testing::TempDir dir;
    std::string port = dir.file("fingerprint");
    app::test::InboxProbe probe;
    app::test::SensorAt sensor{port};
    // Armed before the service opens the port: the faults act on the service's line only.
    std::optional<serial::posix::SyscallFaults> faults{std::in_place, port};
    std::optional<FingerprintService> service;

    Rig() { service.emplace(probe.inbox(), FingerprintSection{}, serial::PortSpec::device_path(port)); }
    ~Rig() {
        service.reset();  // joins the worker before the seam is disarmed
        faults.reset();
    }
    session::DeviceHealth health() { return probe.next<session::DeviceHealth>(); }
    session::FingerprintResult result_for(session::RequestId request) {
        return probe.next<session::FingerprintResult>([request](const auto& r) { return r.request == request; });
    }
    std::size_t health_reports() { return probe.all<session::DeviceHealth>().size(); }
};

}  // namespace

TEST_CASE("EINTR and EAGAIN on the sensor's line, on its worker, cost nothing: it matches and stays up") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::read, .error = EINTR, .times = 5});
    rig.faults->add(Fault{.call = Call::write, .error = EINTR, .times = 3});
    rig.faults->add(Fault{.call = Call::poll, .error = EINTR, .times = 3});
    rig.faults->add(Fault{.call = Call::write, .error = EAGAIN, .times = 3});
    rig.faults->add(Fault{.call = Call::poll, .error = EAGAIN, .times = 2, .skip = 3});
    rig.service->connect();
    REQUIRE(rig.health().up());
    rig.sensor.sim().place_finger(1);
    rig.service->verify(1, enrolled(), 30s);
    CHECK(rig.result_for(1).outcome == session::FingerOutcome::matched);
    CHECK(rig.health_reports() == 1);
    CHECK(rig.service->up());
    CHECK(rig.faults->spent());  // every injected failure was met, and survived
}

TEST_CASE("an I/O error that persists takes the sensor down; the line sound again, the retry brings it back") {
    Rig rig;
    rig.service->connect();
    REQUIRE(rig.health().up());
    // On write: a read failing this way would leave the module's replies on the line, and the
    // R30x protocol has no sequence numbers to tell a late one from the next command's.
    rig.faults->add(Fault{.call = Call::write, .error = EIO, .times = 1'000'000});
    rig.service->verify(1, enrolled(), 30s);
    CHECK(rig.result_for(1).outcome == session::FingerOutcome::device_error);
    const auto down = rig.health();
    CHECK(down.fault == session::DeviceFault::disconnected);
    CHECK_FALSE(rig.service->up());
    CHECK(rig.faults->injected(Call::write) >= 2);  // the verification, and the port opened again

    rig.faults.reset();  // the line is sound again
    rig.service->connect();  // the loop's retry while the sensor is down
    REQUIRE(rig.health().up());
    rig.sensor.sim().place_finger(1);
    rig.service->verify(2, enrolled(), 30s);
    CHECK(rig.result_for(2).outcome == session::FingerOutcome::matched);
}
