// TestSteadyClock: a SteadyClock whose time moves only when a test advances it or the code under
// test sleeps on it (a sleep returns at once, its duration added; a sleep until a stopped token
// returns false without moving time), so deadlines run on simulated time and a test can say
// exactly how long the code waited.
//
// on_sleep() sets a hook that runs after every sleep, on the sleeping thread, with the clock
// unlocked: the test's way to make something happen at a simulated instant ("the card is taken 10 s
// after it was presented") in step with the code's own waits.
#pragma once

#include "kiosk/clock/steady_clock.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <vector>

namespace kiosk::test {

class TestSteadyClock final : public SteadyClock {
public:
    [[nodiscard]] time_point now() const override {
        const std::lock_guard lock(mutex_);
        return now_;
    }
    void sleep_for(std::chrono::milliseconds duration) override {
        {
            const std::lock_guard lock(mutex_);
            now_ += duration;
            sleeps_.push_back(duration);
        }
        run_hook();
    }
    bool sleep_until(time_point until, const std::stop_token& stop) override {
        if (stop.stop_requested()) return false;
        {
            const std::lock_guard lock(mutex_);
            const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(until - now_);
            sleeps_.push_back(duration.count() > 0 ? duration : std::chrono::milliseconds(0));
            if (until > now_) now_ = until;
        }
        run_hook();
        return !stop.stop_requested();
    }
    void advance(std::chrono::milliseconds duration) {
        const std::lock_guard lock(mutex_);
        now_ += duration;
    }
    void on_sleep(std::function<void()> hook) {
        const std::lock_guard lock(mutex_);
        hook_ = std::move(hook);
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
    void run_hook() {
        std::function<void()> hook;
        {
            const std::lock_guard lock(mutex_);
            hook = hook_;
        }
        if (hook) hook();
    }

    mutable std::mutex mutex_;
    time_point start_{std::chrono::hours(1)};  // any fixed point: nothing reads real time
    time_point now_{start_};
    std::vector<std::chrono::milliseconds> sleeps_;
    std::function<void()> hook_;
};

}  // namespace kiosk::test
