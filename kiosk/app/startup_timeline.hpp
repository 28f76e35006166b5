// StartupTimeline: where the time between run() and the first presented frame goes, phase by phase
// (configuration, store, SDL, window, fonts, first frame), read from a SteadyClock so that a test
// drives it on simulated time. The kiosk prints it once, after the ready line, as
//   startup config_ms=2 store_ms=4 sdl_ms=11 ... total_ms=52
// (each figure is that phase's own share, total_ms the sum); kiosk_start_bench reads it to show
// where a slow start went. No personal data: phase names only.
//
// Thread safety: one thread (the main thread, before and at the first frame).
#pragma once

#include "kiosk/clock/steady_clock.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::app {

class StartupTimeline {
public:
    explicit StartupTimeline(const SteadyClock& clock) : clock_(clock), last_(clock.now()) {}

    // Ends the phase `name` now: its share is the time since the previous mark (or construction).
    // `name` is a stable key: letters, digits and '_'.
    void mark(std::string_view name);

    // "startup NAME_ms=N ... total_ms=N", in milliseconds rounded down, in the order marked.
    [[nodiscard]] std::string line() const;

private:
    const SteadyClock& clock_;
    SteadyClock::time_point last_;
    std::vector<std::pair<std::string, std::chrono::steady_clock::duration>> phases_;
};

}  // namespace kiosk::app
