// TestSteadyClock: a SteadyClock whose time moves only when a test advances it or the code under
// test sleeps on it (a sleep returns at once, its duration added), so deadlines run on simulated
// time and a test can say exactly how long the code waited.
#pragma once

#include "kiosk/app/steady_clock.hpp"

#include <chrono>
#include <mutex>
#include <vector>

namespace kiosk::app::test {

class TestSteadyClock final : public SteadyClock {
public:
    [[nodiscard]] time_point now() const override {
        const std::lock_guard lock(mutex_);
        return now_;
    }
    void sleep_for(std::chrono::milliseconds duration) override {
        const std::lock_guard lock(mutex_);
        now_ += duration;
        sleeps_.push_back(duration);
    }
    void advance(std::chrono::milliseconds duration) {
        const std::lock_guard lock(mutex_);
        now_ += duration;
    }
    [[nodiscard]] std::vector<std::chrono::milliseconds> sleeps() const {
        const std::lock_guard lock(mutex_);
        return sleeps_;
    }
    [[nodiscard]] std::chrono::milliseconds elapsed() const {
        const std::lock_guard lock(mutex_);
        return std::chrono::duration_cast<std::chrono::milliseconds>(now_ - start_);
    }

private:
    mutable std::mutex mutex_;
    time_point start_{std::chrono::hours(1)};  // any fixed point: nothing reads real time
    time_point now_{start_};
    std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace kiosk::app::test
