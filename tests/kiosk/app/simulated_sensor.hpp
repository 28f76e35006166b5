// SensorAt: a simulated fingerprint sensor (the real simulator, on a pty) whose port the kiosk
// reaches at a symlink, as it reaches /dev/serial/by-id/...; unplug() takes it away mid-conversation.
#pragma once

#include "tests/drivers/fingerprint/sim_rig.hpp"

#include <filesystem>
#include <functional>

namespace kiosk::app::test {

class SensorAt {
public:
    // `on_command` (optional) runs on the simulator's thread for every command, before the module
    // answers it.
    explicit SensorAt(std::filesystem::path link_path, std::function<void(fingerprint::Instruction)> on_command = {})
        : link_(std::move(link_path)) {
        rig_.sim().on_command = std::move(on_command);
        rig_.start();
        std::filesystem::create_symlink(rig_.path(), link_);
    }
    ~SensorAt() { unplug(); }
    SensorAt(const SensorAt&) = delete;
    SensorAt& operator=(const SensorAt&) = delete;

    fingerprint::sim::Simulator& sim() { return rig_.sim(); }
    // The sensor goes away: its end of the line closes (the host's link hangs up) and the port's
    // path is gone.
    void unplug() {
        rig_.stop();
        std::error_code ignored;
        std::filesystem::remove(link_, ignored);
    }

private:
    std::filesystem::path link_;
    fingerprint::test::SimRig rig_;
};

}  // namespace kiosk::app::test
