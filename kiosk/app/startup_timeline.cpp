#include "kiosk/app/startup_timeline.hpp"

#include <chrono>

namespace kiosk::app {

void StartupTimeline::mark(std::string_view name) {
    const auto now = clock_.now();
    phases_.emplace_back(std::string(name), now - last_);
    last_ = now;
}

std::string StartupTimeline::line() const {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    std::string text = "startup";
    std::chrono::steady_clock::duration total{0};
    for (const auto& [name, share] : phases_) {
        text += ' ' + name + "_ms=" + std::to_string(duration_cast<milliseconds>(share).count());
        total += share;
    }
    text += " total_ms=" + std::to_string(duration_cast<milliseconds>(total).count());
    return text;
}

}  // namespace kiosk::app
