// FingerprintService over the real driver and the simulated sensor on a pty (reached through a
// symlink, as the kiosk reaches /dev/serial/by-id/...): health on open failure and recovery, a
// verification's progress and its one result echoing the request, each outcome, cancels (running,
// still queued, not yet asked for, or landing while the sensor opens) answering nothing, a late
// cancel never reaching the next verification, and a sensor lost mid-verification.
#include "kiosk/app/fingerprint_service.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "tests/kiosk/app/inbox_probe.hpp"
#include "tests/kiosk/app/simulated_sensor.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;
namespace fsim = kiosk::fingerprint::sim;
using kiosk::app::test::SensorAt;

namespace {

constexpr std::uint32_t kEnrolledFinger = 1;
constexpr std::uint32_t kOtherFinger = 7;

// The finger wait comes with each request (the session's capture timeout), not from this section.
FingerprintSection section() { return FingerprintSection{}; }

std::vector<EnrolledTemplate> enrolled() { return {fsim::template_for_finger(kEnrolledFinger), fsim::template_for_finger(2)}; }

struct Rig {
    kiosk::testing::TempDir dir;
    app::test::InboxProbe probe;
    std::string port = dir.file("fingerprint");
    std::unique_ptr<SensorAt> sensor;
    std::optional<FingerprintService> service;

    explicit Rig(const FingerprintSection& config = section(), bool plugged = true) {
        if (plugged) sensor = std::make_unique<SensorAt>(port);
        service.emplace(probe.inbox(), config, serial::PortSpec::device_path(port));
    }
    ~Rig() { service.reset(); }

    session::FingerprintResult result_for(session::RequestId request) {
        return probe.next<session::FingerprintResult>([request](const auto& r) { return r.request == request; });
    }
    session::DeviceHealth health() { return probe.next<session::DeviceHealth>(); }
    void connected() {
        service->connect();
        const auto up = health();
        REQUIRE(up.up());
        REQUIRE(up.device == session::Device::fingerprint);
    }
    void wait_until_waiting_for_finger(session::RequestId request) {
        (void)probe.next<session::FingerprintProgress>([request](const auto& p) {
            return p.request == request && p.stage == session::FingerStage::waiting_for_finger;
        });
    }
    bool answered(session::RequestId request) {
        const auto results = probe.all<session::FingerprintResult>();
        return std::any_of(results.begin(), results.end(), [request](const auto& r) { return r.request == request; });
    }
};

}  // namespace

TEST_CASE("an absent sensor is reported down at once and fails verifications; back, it is reported up") {
    Rig rig(section(), /*plugged=*/false);
    rig.service->connect();
    const auto down = rig.health();
    CHECK(down.device == session::Device::fingerprint);
    CHECK(down.fault == session::DeviceFault::disconnected);
    CHECK_FALSE(rig.service->up());

    // A verification tries to open it again, fails, and says so; the health is not news again.
    rig.service->verify(5, enrolled(), 30s);
    const auto failed = rig.result_for(5);
    CHECK(failed.outcome == session::FingerOutcome::device_error);
    CHECK(rig.probe.all<session::DeviceHealth>().size() == 1);

    rig.sensor = std::make_unique<SensorAt>(rig.port);
    rig.connected();
    CHECK(rig.service->up());
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(6, enrolled(), 30s);
    CHECK(rig.result_for(6).outcome == session::FingerOutcome::matched);
}

TEST_CASE("a verification reports progress and one result, each echoing its request") {
    Rig rig;
    rig.connected();
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(21, enrolled(), 30s);
    const auto matched = rig.result_for(21);
    CHECK(matched.outcome == session::FingerOutcome::matched);
    CHECK(matched.score >= section().score_min);

    std::vector<session::FingerStage> stages;
    for (const auto& p : rig.probe.all<session::FingerprintProgress>()) {
        CHECK(p.request == 21);
        stages.push_back(p.stage);
    }
    CHECK(std::find(stages.begin(), stages.end(), session::FingerStage::finger_seen) != stages.end());
    CHECK(std::find(stages.begin(), stages.end(), session::FingerStage::matching) != stages.end());
    CHECK(rig.probe.all<session::FingerprintResult>().size() == 1);
}

TEST_CASE("each outcome of the sensor becomes the session's") {
    Rig rig;
    rig.connected();
    SUBCASE("another finger: no match") {
        rig.sensor->sim().place_finger(kOtherFinger);
        rig.service->verify(1, enrolled(), 30s);
        CHECK(rig.result_for(1).outcome == session::FingerOutcome::no_match);
    }
    SUBCASE("an unknown NIK (nothing enrolled) captures a finger and answers no match") {
        rig.sensor->sim().place_finger(kEnrolledFinger);
        rig.service->verify(2, {}, 30s);
        CHECK(rig.result_for(2).outcome == session::FingerOutcome::no_match);
    }
    SUBCASE("an unusable capture: poor image") {
        rig.sensor->sim().place_finger(kEnrolledFinger);
        rig.sensor->sim().next_capture_poor();
        rig.service->verify(3, enrolled(), 30s);
        CHECK(rig.result_for(3).outcome == session::FingerOutcome::poor_image);
    }
    CHECK(rig.service->up());
}

TEST_CASE("no finger within the wait the session asks for: no finger") {
    Rig rig;
    rig.connected();
    rig.service->verify(4, enrolled(), 200ms);
    CHECK(rig.result_for(4).outcome == session::FingerOutcome::no_finger);
}

TEST_CASE("a verification cancelled while it waits for a finger answers nothing") {
    Rig rig;
    rig.connected();
    rig.service->verify(31, enrolled(), 30s);
    rig.wait_until_waiting_for_finger(31);
    rig.service->cancel(31);
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(32, enrolled(), 30s);
    // The worker runs in order: had 31 answered, its result would be here before 32's.
    CHECK(rig.result_for(32).outcome == session::FingerOutcome::matched);
    CHECK_FALSE(rig.answered(31));
}

TEST_CASE("a verification cancelled before it started never runs") {
    Rig rig;
    rig.connected();
    rig.service->verify(41, enrolled(), 30s);
    rig.wait_until_waiting_for_finger(41);
    rig.service->verify(42, enrolled(), 30s);  // queued behind 41
    rig.service->cancel(42);
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(43, enrolled(), 30s);
    CHECK(rig.result_for(43).outcome == session::FingerOutcome::matched);
    CHECK_FALSE(rig.answered(42));
    for (const auto& p : rig.probe.all<session::FingerprintProgress>()) CHECK(p.request != 42);
}

TEST_CASE("a sensor lost mid-verification: device_error, reported down; plugged back, reported up") {
    Rig rig;
    rig.connected();
    rig.service->verify(51, enrolled(), 30s);
    rig.wait_until_waiting_for_finger(51);
    rig.sensor->unplug();
    CHECK(rig.result_for(51).outcome == session::FingerOutcome::device_error);
    const auto down = rig.health();
    CHECK(down.fault == session::DeviceFault::disconnected);
    CHECK_FALSE(rig.service->up());

    rig.sensor.reset();
    rig.sensor = std::make_unique<SensorAt>(rig.port);
    rig.connected();
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(52, enrolled(), 30s);
    CHECK(rig.result_for(52).outcome == session::FingerOutcome::matched);
}

TEST_CASE("a cancel that lands while the verification opens the sensor is not lost") {
    // No connect(): the verification opens the sensor itself, after it looked at its cancel and
    // before the driver starts to poll for a finger. The cancel lands in exactly that window: while
    // the module is answering the session's password (VfyPwd), on the simulator's thread.
    Rig rig(section(), /*plugged=*/false);
    std::atomic<int> cancels{0};
    rig.sensor = std::make_unique<SensorAt>(rig.port, [&](fingerprint::Instruction instruction) {
        if (instruction == fingerprint::Instruction::vfy_pwd && cancels++ == 0) rig.service->cancel(61);
    });
    rig.sensor->sim().place_finger(kEnrolledFinger);  // so that a lost cancel would show as a match
    rig.service->verify(61, enrolled(), 30s);
    rig.service->verify(62, enrolled(), 30s);
    CHECK(rig.result_for(62).outcome == session::FingerOutcome::matched);
    CHECK(cancels == 1);
    CHECK_FALSE(rig.answered(61));
    for (const auto& p : rig.probe.all<session::FingerprintProgress>()) CHECK(p.request != 61);
}

TEST_CASE("a late cancel of an earlier verification does not cancel the one running") {
    Rig rig;
    rig.connected();
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(71, enrolled(), 30s);
    CHECK(rig.result_for(71).outcome == session::FingerOutcome::matched);
    rig.sensor->sim().lift_finger();
    rig.service->verify(72, enrolled(), 30s);
    rig.wait_until_waiting_for_finger(72);
    rig.service->cancel(71);  // the machine's cancel of 71, arriving after 71 answered
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->verify(73, enrolled(), 30s);
    CHECK(rig.result_for(73).outcome == session::FingerOutcome::matched);
    // The worker runs in order: 72 ended before 73 began.
    REQUIRE(rig.answered(72));
    CHECK(rig.result_for(72).outcome == session::FingerOutcome::matched);
}

TEST_CASE("a cancel that comes before its verify() makes that verification answer nothing") {
    Rig rig;
    rig.connected();
    rig.sensor->sim().place_finger(kEnrolledFinger);
    rig.service->cancel(81);  // CancelFingerprint overtook VerifyFingerprint, which passes the store worker
    rig.service->verify(81, enrolled(), 30s);
    rig.service->verify(82, enrolled(), 30s);
    CHECK(rig.result_for(82).outcome == session::FingerOutcome::matched);
    CHECK_FALSE(rig.answered(81));
    for (const auto& p : rig.probe.all<session::FingerprintProgress>()) CHECK(p.request != 81);
}
