#include "kiosk/clock/steady_clock.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace kiosk {

namespace {

class RealSteadyClock final : public SteadyClock {
public:
    [[nodiscard]] time_point now() const override { return std::chrono::steady_clock::now(); }
    void sleep_for(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
    bool sleep_until(time_point until, const std::stop_token& stop) override {
        if (!stop.stop_possible()) {
            std::this_thread::sleep_until(until);
            return true;
        }
        // A condition variable of the sleep's own: only the stop wakes it (through the token's
        // callback), so no other sleeper's notification can end this one early.
        std::mutex mutex;
        std::condition_variable_any wake;
        std::unique_lock lock(mutex);
        (void)wake.wait_until(lock, stop, until, [] { return false; });
        return !stop.stop_requested();
    }
};

}  // namespace

SteadyClock& real_steady_clock() {
    static RealSteadyClock clock;
    return clock;
}

}  // namespace kiosk
