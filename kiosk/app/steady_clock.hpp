// SteadyClock: monotonic time and waiting, for the deadlines a service keeps itself, behind a seam
// so that a test runs them on simulated time (STYLE.md 13). real_steady_clock() is
// std::chrono::steady_clock with std::this_thread::sleep_for; a test clock's sleep_for moves its
// time on without waiting.
//
// Thread safety: both members from any thread.
#pragma once

#include <chrono>

namespace kiosk::app {

class SteadyClock {
public:
    using time_point = std::chrono::steady_clock::time_point;

    virtual ~SteadyClock() = default;
    [[nodiscard]] virtual time_point now() const = 0;
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The process's one real clock (a static object: it lives as long as the program).
[[nodiscard]] SteadyClock& real_steady_clock();

}  // namespace kiosk::app
