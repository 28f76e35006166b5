// The real driver against the in-process simulator over a pty: every fault of the protocol
// document, once (the driver recovers) and persistently (a device error an operator can read).
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "tests/drivers/fingerprint/corrupting_link.hpp"
#include "tests/drivers/fingerprint/sim_rig.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

using namespace kiosk::fingerprint;
using namespace kiosk::fingerprint::test;
using namespace std::chrono_literals;
using kiosk::serial::Clock;
using sim::Fault;

namespace {

constexpr std::uint16_t score_min = 50;

// The commands a matching verification of one template sends when `fault` strikes `step` once
// (see the first test).
std::size_t expected_commands(Fault fault, Instruction step) {
    constexpr std::size_t clean = 4;
    if (fault == Fault::garbage) return clean;
    if (fault != Fault::silence || step == Instruction::gen_img) return clean + 1;
    const std::size_t reached = step == Instruction::img2tz ? 2 : step == Instruction::down_char ? 3 : 4;
    return reached + 1 + 2 + clean;
}

VerifyResult verify_finger(SimRig& rig, FingerprintSensor& sensor, ProgressLog* log = nullptr) {
    rig.sim().place_finger(5);
    return sensor.verify(sim::template_for_finger(5), score_min, kFingerWait,
                         log ? log->callback() : ProgressCallback{});
}

}  // namespace

TEST_CASE("a single misbehaving reply is survived, on every instruction of a verification") {
    const Fault faults[] = {Fault::silence, Fault::garbage, Fault::checksum, Fault::cut, Fault::address};
    const Instruction steps[] = {Instruction::down_char, Instruction::gen_img, Instruction::img2tz, Instruction::match};
    for (const Fault fault : faults) {
        for (const Instruction step : steps) {
            CAPTURE(sim::to_string(fault));
            CAPTURE(static_cast<int>(step));
            SimRig rig;
            kiosk::test::TestSteadyClock clock;
            auto sensor = rig.open_sensor(fast_settings(), clock);
            REQUIRE(sensor.ok());
            rig.sim().inject_fault(fault, step);
            const auto commands_before = rig.sim().commands_received();
            const auto result = verify_finger(rig, **sensor);
            CHECK(result.outcome == VerifyOutcome::matched);
            CHECK(result.score >= 100);
            // What the fault cost, in commands, against the 4 of a clean verification (GenImg,
            // Img2Tz, DownChar, Match): garbage before the header nothing; a damaged reply one
            // resend; silence once the finger is in buffer 1 a resend and a start over (the module
            // may have restarted): the session's 2 and the 4 again. And the finger on the glass
            // was seen at the first poll: no wait at all.
            CHECK(rig.sim().commands_received() - commands_before == expected_commands(fault, step));
            CHECK(clock.elapsed() == 0ms);
        }
    }
}

TEST_CASE("garbage before the header costs nothing: no command is repeated") {
    SimRig rig;
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    rig.sim().inject_fault(Fault::garbage, Instruction::down_char);
    rig.sim().inject_fault(Fault::garbage, Instruction::match);
    CHECK(verify_finger(rig, **sensor).outcome == VerifyOutcome::matched);
    CHECK(rig.sim().commands_received() == 6);
}

TEST_CASE("no reply at all: the sensor goes out of service with a reason naming port and step") {
    SimRig rig;
    auto settings = fast_settings();
    kiosk::test::TestSteadyClock clock;
    auto sensor = rig.open_sensor(settings, clock);
    REQUIRE(sensor.ok());
    for (int i = 0; i <= settings.command_retries; ++i) rig.sim().inject_fault(Fault::silence, Instruction::down_char);
    const auto commands_before = rig.sim().commands_received();
    const auto start = Clock::now();
    const auto result = verify_finger(rig, **sensor);
    const auto elapsed = Clock::now() - start;
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::no_reply);
    CHECK(result.error.reason.find(rig.path()) != std::string::npos);
    CHECK(result.error.reason.find("DownChar failed after 3 attempts") != std::string::npos);
    // Three attempts of 150 ms each on the line (a lower bound, which a busy machine cannot
    // break), and not more: GenImg, Img2Tz and three DownChar reached the module, nothing after.
    CHECK(elapsed >= 450ms);
    CHECK(rig.sim().commands_received() - commands_before == 5U);
    CHECK(clock.elapsed() == 0ms);  // no wait of the driver's own: the finger was on the glass
}

TEST_CASE("replies that keep failing their checksum: out of service, saying so") {
    SimRig rig;
    auto settings = fast_settings();
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    for (int i = 0; i <= settings.command_retries; ++i) rig.sim().inject_fault(Fault::checksum, Instruction::gen_img);
    const auto result = verify_finger(rig, **sensor);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::garbled);
    CHECK(result.error.reason.find("checksum") != std::string::npos);
    CHECK(result.error.reason.find("GenImg") != std::string::npos);
}

TEST_CASE("replies that keep coming cut off: out of service, saying so") {
    SimRig rig;
    auto settings = fast_settings();
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    for (int i = 0; i <= settings.command_retries; ++i) rig.sim().inject_fault(Fault::cut, Instruction::img2tz);
    const auto result = verify_finger(rig, **sensor);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::garbled);
    CHECK(result.error.reason.find("cut off") != std::string::npos);
}

TEST_CASE("a module answering from another address: out of service, naming both addresses") {
    SimRig rig;
    auto settings = fast_settings();
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    for (int i = 0; i <= settings.command_retries; ++i) rig.sim().inject_fault(Fault::address, Instruction::match);
    const auto result = verify_finger(rig, **sensor);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::no_reply);
    CHECK(result.error.reason.find("00000000") != std::string::npos);  // ~FFFFFFFF
    CHECK(result.error.reason.find("FFFFFFFF") != std::string::npos);
}

TEST_CASE("the module restarts mid-conversation (ready byte): the driver starts over and matches") {
    const Instruction steps[] = {Instruction::down_char, Instruction::gen_img, Instruction::img2tz, Instruction::match};
    for (const Instruction step : steps) {
        CAPTURE(static_cast<int>(step));
        SimRig rig;
        auto sensor = rig.open_sensor();
        REQUIRE(sensor.ok());
        rig.sim().inject_fault(Fault::reboot, step);
        ProgressLog log;
        const auto result = verify_finger(rig, **sensor, &log);
        CHECK(result.outcome == VerifyOutcome::matched);
        CHECK(log.has(Progress::reconnecting));
    }
}

TEST_CASE("a restart with a password set: the module demands it again (0x21) and the driver complies") {
    auto options = fast_sim();
    options.module.password = 0x31415926;
    options.send_ready_byte = false;  // only the 0x21 answer reveals the restart
    SimRig rig(options);
    auto settings = fast_settings();
    settings.password = 0x31415926;
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    rig.sim().inject_fault(Fault::reboot, Instruction::img2tz);
    ProgressLog log;
    const auto result = verify_finger(rig, **sensor, &log);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(log.has(Progress::reconnecting));
}

TEST_CASE("a silent restart without password or ready byte never matches against lost buffers") {
    auto options = fast_sim();
    options.send_ready_byte = false;
    SimRig rig(options);
    auto sensor = rig.open_sensor();
    REQUIRE(sensor.ok());
    // The restart wipes buffer 2 (the downloaded template) just before Match.
    rig.sim().inject_fault(Fault::reboot, Instruction::match);
    const auto result = verify_finger(rig, **sensor);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(result.score >= 100);
}

TEST_CASE("a module that keeps restarting goes out of service") {
    SimRig rig;
    auto settings = fast_settings();
    auto sensor = rig.open_sensor(settings);
    REQUIRE(sensor.ok());
    for (int i = 0; i <= settings.restart_retries; ++i) rig.sim().inject_fault(Fault::reboot, Instruction::gen_img);
    const auto result = verify_finger(rig, **sensor);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::restarting);
    CHECK(result.error.reason.find("power") != std::string::npos);
}

TEST_CASE("faults during open: retried, then a clear error") {
    SimRig rig;
    rig.sim().inject_fault(Fault::garbage, Instruction::vfy_pwd);
    rig.sim().inject_fault(Fault::checksum, Instruction::read_sys_para);
    auto sensor = rig.open_sensor();
    CHECK(sensor.ok());

    SimRig silent;
    for (int i = 0; i < 3; ++i) silent.sim().inject_fault(Fault::silence, Instruction::vfy_pwd);
    auto none = silent.open_sensor();
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == DeviceErrorKind::no_reply);
    CHECK(none.error().reason.find("VfyPwd") != std::string::npos);
}

TEST_CASE("the simulator unplugged mid-session: the link failure is reported, not hung on") {
    SimRig rig;
    kiosk::test::TestSteadyClock clock;
    auto sensor = rig.open_sensor(fast_settings(), clock);
    REQUIRE(sensor.ok());
    rig.stop();
    const auto result = verify_finger(rig, **sensor);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK((result.error.kind == DeviceErrorKind::no_reply || result.error.kind == DeviceErrorKind::link_failed));
    // Given up at the first GenImg, not taken for a glass without a finger and polled on until
    // the finger wait ran out.
    CHECK(result.error.reason.find("GenImg") != std::string::npos);
    CHECK(clock.elapsed() == 0ms);
    CHECK(clock.sleeps().empty());
}

TEST_CASE("a command damaged on its way to the module (answered 0x01) is sent again, at every write") {
    // Writes of open + one verification: VfyPwd, ReadSysPara, GenImg, Img2Tz, DownChar, data, Match.
    // Damaging the data packets leaves an invalid buffer 2: the module then reports no match,
    // which is what a real module does, so only command writes are looped over here.
    for (const int damaged : {0, 1, 2, 3, 4, 6}) {
        // The checksum (the module answers 0x01), or LEN (the module waits for bytes that never
        // come, drops the packet after its receive timeout, and the driver's retry gets through).
        for (const std::optional<std::size_t> offset : {std::optional<std::size_t>{}, std::optional<std::size_t>{8}}) {
            CAPTURE(damaged);
            CAPTURE(offset.value_or(0));
            SimRig rig;
            rig.start();
            auto raw = kiosk::serial::open_link(kiosk::serial::PortSpec::device_path(rig.path()), {.baud = 57600});
            REQUIRE(raw.ok());
            auto sensor = FingerprintSensor::open(
                std::make_unique<CorruptingLink>(std::move(*raw), std::set<int>{damaged}, offset), fast_settings());
            REQUIRE(sensor.ok());
            const auto result = verify_finger(rig, **sensor);
            CHECK(result.outcome == VerifyOutcome::matched);
        }
    }
}
