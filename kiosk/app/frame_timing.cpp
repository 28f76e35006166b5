#include "kiosk/app/frame_timing.hpp"

#include "kiosk/ui/input_map.hpp"

namespace kiosk::app {

void FrameTiming::on_dispatched(const SDL_Event& event) {
    // The window size only places pointer coordinates; whether the UI takes the event does not
    // depend on it.
    if (!ui::map_input(event, ui::Size{1, 1})) return;
    if (pending_ms_.size() < kPendingMax) pending_ms_.push_back(event.common.timestamp);
}

std::vector<double> FrameTiming::take_shown(bool drawn, std::uint64_t now_ms) {
    std::vector<double> shown;
    if (drawn) {
        // SDL's event timestamps are 32-bit milliseconds that wrap after 49 days: the difference
        // modulo 2^32 is right across the wrap.
        const auto now32 = static_cast<std::uint32_t>(now_ms);
        shown.reserve(pending_ms_.size());
        for (const std::uint32_t at_ms : pending_ms_)
            shown.push_back(static_cast<std::uint32_t>(now32 - at_ms) / 1000.0);
    }
    pending_ms_.clear();
    return shown;
}

}  // namespace kiosk::app
