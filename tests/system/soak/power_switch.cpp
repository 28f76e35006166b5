#include "tests/system/soak/power_switch.hpp"

#include <csignal>

namespace kiosk::soak {

PowerSwitch::PowerSwitch() : thread_([this] { run(); }) {}

PowerSwitch::~PowerSwitch() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void PowerSwitch::connect(std::vector<pid_t> pids) {
    const std::lock_guard lock(mutex_);
    pids_ = std::move(pids);
}

void PowerSwitch::arm(Clock::time_point at) {
    {
        const std::lock_guard lock(mutex_);
        if (armed_ || cut_) return;
        armed_ = true;
        at_ = at;
    }
    wake_.notify_all();
}

bool PowerSwitch::armed() const {
    const std::lock_guard lock(mutex_);
    return armed_;
}

bool PowerSwitch::cut() const {
    const std::lock_guard lock(mutex_);
    return cut_;
}

void PowerSwitch::disarm() {
    const std::lock_guard lock(mutex_);
    armed_ = false;
    cut_ = false;
    pids_.clear();
}

void PowerSwitch::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (stopping_) return;
        if (!armed_) {
            wake_.wait(lock);
            continue;
        }
        if (Clock::now() < at_) {
            wake_.wait_until(lock, at_);
            continue;
        }
        // Under the lock: disarm() cannot return, and the pids be reaped, while these kills run.
        // Frozen first, all of them, then killed: this thread can be preempted between two kill()
        // calls on a busy machine, and a dispenser killed outright while the kiosk still ran would
        // close its pty under a live kiosk, which reacts within milliseconds (a fetch failed, the
        // card to the bin): a dying dispenser, not a power cut. A stopped one keeps its pty open and
        // is only silent, for far less than any of the kiosk's reply timeouts.
        for (const pid_t pid : pids_) (void)::kill(pid, SIGSTOP);
        for (const pid_t pid : pids_) (void)::kill(pid, SIGKILL);
        armed_ = false;
        cut_ = true;
    }
}

}  // namespace kiosk::soak
