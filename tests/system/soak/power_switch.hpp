// The box's power switch for the soak: at an instant chosen in advance it stops the kiosk and the
// device simulators (SIGSTOP, so none of them sees another go) and kills them with SIGKILL, as the
// whole box losing power would stop them. It runs on a thread of its own, so the instant falls wherever the kiosk
// happens to be (mid-move, mid-write, mid-read), not only between the soak's own steps.
//
// Thread safety: every member may be called from any thread. After disarm() returns no kill can
// happen any more, so the processes can be reaped (and their pids reused) safely.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace kiosk::soak {

class PowerSwitch {
public:
    using Clock = std::chrono::steady_clock;

    PowerSwitch();
    ~PowerSwitch();
    PowerSwitch(const PowerSwitch&) = delete;
    PowerSwitch& operator=(const PowerSwitch&) = delete;

    // The processes a cut kills, in this order (the dispenser first: its mechanism stops where it is).
    void connect(std::vector<pid_t> pids);
    // Cuts the power at `at`. A switch already armed keeps its first instant.
    void arm(Clock::time_point at);
    [[nodiscard]] bool armed() const;
    // Whether the power was cut since the last disarm().
    [[nodiscard]] bool cut() const;
    // No cut from now on; clears the pids, the instant and cut().
    void disarm();

private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<pid_t> pids_;
    bool armed_ = false;
    Clock::time_point at_{};
    bool cut_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kiosk::soak
