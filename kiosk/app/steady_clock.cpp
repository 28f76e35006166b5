#include "kiosk/app/steady_clock.hpp"

#include <thread>

namespace kiosk::app {

namespace {

class RealSteadyClock final : public SteadyClock {
public:
    [[nodiscard]] time_point now() const override { return std::chrono::steady_clock::now(); }
    void sleep_for(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

SteadyClock& real_steady_clock() {
    static RealSteadyClock clock;
    return clock;
}

}  // namespace kiosk::app
