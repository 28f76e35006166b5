// The real driver against the in-process simulator over a pty: every verification outcome.
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "tests/drivers/fingerprint/sim_rig.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <algorithm>
#include <atomic>

using namespace kiosk::fingerprint;
using namespace kiosk::fingerprint::test;
using namespace std::chrono_literals;
using kiosk::serial::Clock;

namespace {
constexpr std::uint16_t score_min = 50;
}

TEST_CASE("open verifies the password and learns packet size and capacity") {
    for (std::uint16_t code = 0; code <= 3; ++code) {
        CAPTURE(code);
        auto options = fast_sim();
        options.module.packet_size_code = code;
        SimRig rig(options);
        auto sensor = rig.open_sensor();
        REQUIRE(sensor.ok());
        CHECK((*sensor)->data_packet_size() == (32U << code));
        CHECK((*sensor)->parameters().library_size == 1000);
        CHECK((*sensor)->parameters().baud_multiplier == 6);
        // A download at every packet size still lands intact: the same finger matches.
        rig.sim().place_finger(4);
        const auto result = (*sensor)->verify(sim::template_for_finger(4), score_min, kFingerWait);
        CHECK(result.outcome == VerifyOutcome::matched);
    }
}

TEST_CASE("the same finger matches with a high score and the screen follows") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    rig.sim().place_finger(7);
    ProgressLog log;
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, kFingerWait, log.callback());
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(result.score >= 100);
    REQUIRE(log.seen.size() == 3);
    CHECK(log.seen[0] == Progress::waiting_for_finger);
    CHECK(log.seen[1] == Progress::finger_seen);
    CHECK(log.seen[2] == Progress::matching);
    // DownChar, GenImg, Img2Tz, Match after open's VfyPwd and ReadSysPara: nothing wasted.
    CHECK(rig.sim().commands_received() == 6);
}

TEST_CASE("a different finger does not match") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    rig.sim().place_finger(8);
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, kFingerWait);
    CHECK(result.outcome == VerifyOutcome::no_match);
    CHECK(result.score < 30);
}

TEST_CASE("a score under score_min is no match even when the module calls it a match") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    rig.sim().place_finger(7);
    const auto result = (*sensor)->verify(sim::template_for_finger(7), 1000, kFingerWait);
    CHECK(result.outcome == VerifyOutcome::no_match);
    CHECK(result.score >= 100);
}

TEST_CASE("no finger before the deadline") {
    SimRig rig;
    auto settings = fast_settings();
    settings.poll_interval_ms = 100;  // 150 pauses in the 15 s: a short test on a real pty
    kiosk::test::TestSteadyClock clock;
    auto sensor = rig.open_sensor(settings, clock);
    REQUIRE(sensor.ok());
    ProgressLog log;
    const auto commands_before = rig.sim().commands_received();
    // The kiosk's own capture timeout, 15 s, on simulated time.
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 15s, log.callback());
    CHECK(result.outcome == VerifyOutcome::no_finger);
    CHECK(clock.elapsed() == 15s);  // the whole wait, not a poll more
    CHECK(log.has(Progress::waiting_for_finger));
    CHECK_FALSE(log.has(Progress::finger_seen));
    // Polling the glass all along: a GenImg every poll_interval_ms from 0 through the deadline.
    CHECK(rig.sim().commands_received() - commands_before == 15'000 / 100 + 1);
    const auto sleeps = clock.sleeps();
    CHECK(sleeps.size() == 15'000 / 100);
    CHECK(std::all_of(sleeps.begin(), sleeps.end(), [](auto d) { return d == 100ms; }));
}

// The finger wait is each verification's own (the session's figure), not a sensor setting. These
// tests count GenImg polls instead of timing them: a wait of zero polls exactly once, and a long
// wait keeps polling until the finger comes at a chosen poll, however slowly the machine runs.
TEST_CASE("a zero finger wait polls the glass once and gives up") {
    SimRig rig;
    std::atomic<int> polls{0};
    rig.sim().on_command = [&](Instruction instruction) {
        if (instruction == Instruction::gen_img) ++polls;
    };
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    ProgressLog log;
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 0ms, log.callback());
    CHECK(result.outcome == VerifyOutcome::no_finger);
    CHECK(polls == 1);
    CHECK(log.has(Progress::waiting_for_finger));
}

TEST_CASE("a long finger wait keeps polling until the finger comes, on the same sensor as a short one") {
    SimRig rig;
    constexpr int finger_at_poll = 25;
    std::atomic<int> polls{0};
    std::atomic<bool> counting{false};
    auto& sim = rig.sim();
    sim.on_command = [&](Instruction instruction) {
        if (instruction != Instruction::gen_img || !counting) return;
        if (++polls == finger_at_poll) sim.place_finger(7);
    };
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());

    // First a verification that may not wait: over at once, whatever the next one asks for.
    CHECK((*sensor)->verify(sim::template_for_finger(7), score_min, 0ms).outcome == VerifyOutcome::no_finger);

    // Then one that may wait a minute: the finger arrives at the 25th poll (well under a second of
    // polling) and matches, so the wait was this verification's and not a shorter one.
    counting = true;
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 60s);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(polls == finger_at_poll);
}

TEST_CASE("a finger placed while waiting is noticed") {
    SimRig rig;
    auto settings = fast_settings();
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    auto& sim = rig.sim();
    ProgressCallback place_when_asked = [&](Progress p) {
        if (p == Progress::waiting_for_finger) sim.place_finger(7);
    };
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 3000ms, place_when_asked);
    CHECK(result.outcome == VerifyOutcome::matched);
}

TEST_CASE("a poor image asks the resident again") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    rig.sim().place_finger(7);
    rig.sim().next_capture_poor();
    auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, kFingerWait);
    CHECK(result.outcome == VerifyOutcome::poor_image);
    // The flag was for one capture: asking again works.
    result = (*sensor)->verify(sim::template_for_finger(7), score_min, kFingerWait);
    CHECK(result.outcome == VerifyOutcome::matched);
}

TEST_CASE("a finger lifted during capture: the driver says so and keeps waiting") {
    SimRig rig;
    auto& sim = rig.sim();
    sim.on_capture_started = [&] { sim.lift_finger(); };
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    sim.place_finger(7);
    ProgressLog log;
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, kFingerWait, log.callback());
    CHECK(log.has(Progress::finger_moved));
    CHECK(result.outcome == VerifyOutcome::no_finger);
}

TEST_CASE("a finger lifted during capture and placed again matches") {
    SimRig rig;
    auto& sim = rig.sim();
    int captures = 0;
    sim.on_capture_started = [&] {
        if (captures++ == 0) sim.lift_finger();
    };
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    sim.place_finger(7);
    std::vector<Progress> seen;
    ProgressCallback replace = [&](Progress p) {
        seen.push_back(p);
        if (p == Progress::finger_moved) sim.place_finger(7);
    };
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, kFingerWait, replace);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(std::count(seen.begin(), seen.end(), Progress::finger_moved) == 1);
}

TEST_CASE("a finger that keeps moving ends as a poor image after capture_retries") {
    SimRig rig;
    auto& sim = rig.sim();
    sim.on_capture_started = [&] { sim.lift_finger(); };
    auto settings = fast_settings();
    settings.capture_retries = 3;
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    sim.place_finger(7);
    int moved = 0;
    ProgressCallback replace = [&](Progress p) {
        if (p == Progress::finger_moved) {
            ++moved;
            sim.place_finger(7);
        }
    };
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 5000ms, replace);
    CHECK(result.outcome == VerifyOutcome::poor_image);
    CHECK(moved == 3);
}

TEST_CASE("a cancel ends the wait for a finger at the next poll") {
    SimRig rig;
    std::stop_source cancel;
    std::atomic<int> polls{0};
    // The resident presses "cancel" while the sensor polls the glass: at the third GenImg.
    rig.sim().on_command = [&](Instruction instruction) {
        if (instruction == Instruction::gen_img && ++polls == 3) cancel.request_stop();
    };
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 60s, {}, cancel.get_token());
    CHECK(result.outcome == VerifyOutcome::cancelled);
    CHECK(polls == 3);  // the poll under way was answered; no other followed
}

TEST_CASE("a cancel during the pause between polls ends the wait in that pause, with no other poll") {
    SimRig rig;
    std::atomic<int> polls{0};
    rig.sim().on_command = [&](Instruction instruction) {
        if (instruction == Instruction::gen_img) ++polls;
    };
    auto settings = fast_settings();
    settings.poll_interval_ms = 100;
    kiosk::test::TestSteadyClock clock;
    auto sensor = rig.open_sensor(settings, clock);
    REQUIRE(sensor.ok());
    std::stop_source cancel;
    // The resident presses "cancel" in the third pause (from 200 to 300 ms of simulated time).
    clock.on_sleep([&] {
        if (clock.sleeps().size() == 3) cancel.request_stop();
    });
    const auto result = (*sensor)->verify(sim::template_for_finger(7), score_min, 60s, {}, cancel.get_token());
    CHECK(result.outcome == VerifyOutcome::cancelled);
    CHECK(polls == 3);
    CHECK(clock.elapsed() == 300ms);
}

TEST_CASE("a cancel that came before the verification is not lost, and reaches no other verification") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    const auto commands_before = rig.sim().commands_received();
    std::stop_source early;
    early.request_stop();
    ProgressLog log;
    const auto cancelled =
        (*sensor)->verify(sim::template_for_finger(7), score_min, 60s, log.callback(), early.get_token());
    CHECK(cancelled.outcome == VerifyOutcome::cancelled);
    CHECK(rig.sim().commands_received() == commands_before);  // not one GenImg
    CHECK(log.seen.empty());                                  // the resident was asked for nothing

    // The next verification has a token of its own: the earlier stop does not touch it.
    rig.sim().place_finger(7);
    std::stop_source next;
    const auto matched = (*sensor)->verify(sim::template_for_finger(7), score_min, 60s, {}, next.get_token());
    CHECK(matched.outcome == VerifyOutcome::matched);
}

TEST_CASE("a template of the wrong size is a data error, not a sensor fault") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    const std::vector<std::uint8_t> short_template(100, 0);
    const auto result = (*sensor)->verify(short_template, score_min, kFingerWait);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::bad_template);
    CHECK(rig.sim().commands_received() == 2);  // nothing was sent for it
}

TEST_CASE("the wrong password puts the sensor out of service with a reason") {
    auto options = fast_sim();
    options.module.password = 0x00C0FFEE;
    SimRig rig(options);
    auto sensor = rig.open_sensor();
    REQUIRE_FALSE(sensor.ok());
    CHECK(sensor.error().kind == DeviceErrorKind::wrong_password);
    CHECK(sensor.error().reason.find(rig.path()) != std::string::npos);

    auto settings = fast_settings();
    settings.password = 0x00C0FFEE;
    auto right = rig.open_sensor(settings);
    REQUIRE(right.ok());
    rig.sim().place_finger(2);
    CHECK((*right)->verify(sim::template_for_finger(2), score_min, kFingerWait).outcome == VerifyOutcome::matched);
}

TEST_CASE("template_count reports the module's library") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    auto count = (*sensor)->template_count();
    REQUIRE(count.ok());
    CHECK(*count == 0);
}

TEST_CASE("a module at a non-default address: found when configured, silent when not") {
    auto options = fast_sim();
    options.module.address = 0x12345678;
    SimRig rig(options);
    auto wrong = rig.open_sensor();
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().kind == DeviceErrorKind::no_reply);

    auto settings = fast_settings();
    settings.address = 0x12345678;
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    CHECK((*sensor)->parameters().address == 0x12345678);
    rig.sim().place_finger(3);
    CHECK((*sensor)->verify(sim::template_for_finger(3), score_min, kFingerWait).outcome == VerifyOutcome::matched);
}
