// SteadyClock: monotonic time and waiting, for every deadline the app's services and the device
// drivers keep above the serial link (a take timeout, a finger wait, a poll interval, a backoff),
// behind one seam so that a test runs them on simulated time (STYLE.md 13). real_steady_clock() is
// std::chrono::steady_clock with std::this_thread's sleeps; a test clock's sleeps move its time on
// without waiting (tests/kiosk/clock/test_clock.hpp).
//
// The link's own read and write deadlines are not on this clock: they bound a wait in poll() on a
// real file descriptor, and the link keeps them (drivers/serial).
//
// Thread safety: every member from any thread.
#pragma once

#include <chrono>
#include <stop_token>

namespace kiosk {

class SteadyClock {
public:
    using time_point = std::chrono::steady_clock::time_point;

    virtual ~SteadyClock() = default;
    [[nodiscard]] virtual time_point now() const = 0;
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
    // Sleeps until `until` (at once when it has passed) or until `stop` is stopped, whichever comes
    // first; false when the stop ended it, also when it was stopped before the call. An empty token
    // never ends a sleep early.
    virtual bool sleep_until(time_point until, const std::stop_token& stop) = 0;
};

// The process's one real clock (a static object: it lives as long as the program).
[[nodiscard]] SteadyClock& real_steady_clock();

}  // namespace kiosk
