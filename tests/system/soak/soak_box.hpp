// The box the soak powers on and off: the real `kiosk --config` of a world, drawing on the soak's X
// server, with kiosk-sim-dispenser (the world's state file, its read-position antenna on vpcd) and
// kiosk-sim-fingerprint as processes of their own, so that a power cut (power_switch.hpp) kills all
// three and a power-on starts all three again on the same files.
//
// Not thread-safe: the soak's main thread drives it; only the power switch acts from its own thread.
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/system/soak/power_switch.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::soak {

struct Programs {
    std::string kiosk;
    std::string kioskctl;
    std::string sim_dispenser;
    std::string sim_fingerprint;
};

struct DeviceTimings {
    int move_ms = 150;     // one mechanical move of the dispenser
    int init_ms = 50;      // an initialize that moves nothing
    int capture_ms = 100;  // a fingerprint image
};

class Box {
public:
    // `kiosk_arguments` go on the kiosk's command line after the box's own (e.g. --screenshot-dir DIR).
    Box(Programs programs, DeviceTimings timings, testing::SpawnOptions x_client, PowerSwitch& power,
        std::vector<std::string> kiosk_arguments = {});

    // Starts the simulators (each waits for its "ready" line), then the kiosk, and connects the
    // power switch to the three. An error when a program cannot be started or never gets ready,
    // unless the power was cut meanwhile (then cut() says so).
    // `before_kiosk`, when given, runs once the simulators are up and before the kiosk starts: a
    // person at the powered-off kiosk can act on the dispenser then.
    [[nodiscard]] Status power_on(const World& world, const std::function<void()>& before_kiosk = {});
    // Waits until the kiosk shows its first frame and its three devices (fingerprint sensor,
    // dispenser, front reader) have reported in; false when the power was cut first.
    [[nodiscard]] Result<bool> await_ready(int timeout_ms = 30'000);
    // After a cut: reaps the three (all killed) and keeps the kiosk's log for failure messages.
    void reap();
    // For a failure's diagnosis: kills the three at once (the switch disarmed) and reaps them, so
    // that log_tail() has the kiosk's log to the end.
    void pull_the_plug();
    // A clean stop, as systemd does it: SIGTERM to the kiosk (it must exit 0), then the simulators.
    [[nodiscard]] Status shut_down();

    [[nodiscard]] bool cut() const { return power_.cut(); }
    [[nodiscard]] testing::OutputLines& kiosk_output() { return *kiosk_out_; }
    // The screen the kiosk showed last, by its --trace lines ("" before its first).
    [[nodiscard]] std::string screen() const;
    // The kiosk's last lines on stdout (trace: screens, events, commands) and stderr (its log), for
    // a failure message: by the kiosk's contract neither carries personal data.
    [[nodiscard]] std::string log_tail() const;

private:
    [[nodiscard]] Result<testing::ChildProcess> start_simulator(const std::vector<std::string>& argv, const char* name);
    void forget_kiosk_output();

    Programs programs_;
    DeviceTimings timings_;
    testing::SpawnOptions x_client_;
    PowerSwitch& power_;
    std::vector<std::string> kiosk_arguments_;
    std::optional<testing::ChildProcess> dispenser_;
    std::optional<testing::ChildProcess> fingerprint_;
    std::unique_ptr<testing::ChildProcess> kiosk_;
    std::unique_ptr<testing::OutputLines> kiosk_out_;
    std::string last_stdout_tail_;
    std::string last_log_;
};

}  // namespace kiosk::soak
