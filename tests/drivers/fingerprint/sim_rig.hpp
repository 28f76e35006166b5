// A simulator running in-process on its own thread behind a real pty, and a driver opened on the
// pty's slave path exactly as the kiosk opens /dev/ttyUSB0.
#pragma once

#include "drivers/fingerprint/driver.hpp"
#include "drivers/fingerprint/sim/simulator.hpp"
#include "drivers/serial/pty_pair.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace kiosk::fingerprint::test {

inline sim::SimulatorOptions fast_sim() {
    sim::SimulatorOptions options;
    options.reboot_ms = 30;
    return options;
}

// Short deadlines so fault tests finish quickly; every wait is still bounded.
inline SensorSettings fast_settings() {
    SensorSettings settings;
    settings.reply_timeout_ms = 150;
    settings.poll_interval_ms = 2;
    return settings;
}
// How long the tests' verifications wait for a finger unless a test says otherwise.
inline constexpr std::chrono::milliseconds kFingerWait{400};

class SimRig {
public:
    explicit SimRig(const sim::SimulatorOptions& options = fast_sim()) {
        auto pair = serial::PtyPair::create({.baud = 9600 * options.module.baud_multiplier});
        REQUIRE(pair.ok());
        pty_ = std::make_unique<serial::PtyPair>(std::move(*pair));
        simulator_ = std::make_unique<sim::Simulator>(pty_->master(), options);
    }
    ~SimRig() { stop(); }
    SimRig(const SimRig&) = delete;
    SimRig& operator=(const SimRig&) = delete;

    // Starts the simulator thread (after hooks are set).
    void start() {
        thread_ = std::thread([this] { ended_ = simulator_->run().ok(); });
    }
    void stop() {
        if (thread_.joinable()) {
            simulator_->stop();
            thread_.join();
        }
    }

    // `clock`: the sensor's finger wait and poll pauses (a test clock makes them simulated time); it
    // must outlive the sensor.
    SensorResult<std::unique_ptr<FingerprintSensor>> open_sensor(const SensorSettings& settings = fast_settings(),
                                                                 SteadyClock& clock = real_steady_clock()) {
        if (!thread_.joinable()) start();
        auto link = serial::open_link(serial::PortSpec::device_path(pty_->device_path()), {.baud = 57600});
        REQUIRE(link.ok());
        return FingerprintSensor::open(std::move(*link), settings, clock);
    }

    sim::Simulator& sim() { return *simulator_; }
    const std::string& path() const { return pty_->device_path(); }

private:
    std::unique_ptr<serial::PtyPair> pty_;
    std::unique_ptr<sim::Simulator> simulator_;
    std::thread thread_;
    bool ended_ = false;
};

// Records progress reports (the driver calls them on its own thread).
struct ProgressLog {
    std::vector<Progress> seen;
    ProgressCallback callback() {
        return [this](Progress p) { seen.push_back(p); };
    }
    [[nodiscard]] bool has(Progress p) const {
        for (auto s : seen)
            if (s == p) return true;
        return false;
    }
};

}  // namespace kiosk::fingerprint::test
