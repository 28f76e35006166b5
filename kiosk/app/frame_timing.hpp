// FrameTiming: what a resident feels of the UI thread, measured by the loop. It remembers the SDL
// timestamp of each input the UI reacts to (ui::map_input's events: keys, taps, clicks) and, when a
// frame has been drawn and presented, gives the time from each of those inputs to that moment: the
// input-to-frame time. A render that drew nothing means the inputs since the last one changed
// nothing on screen; they are forgotten rather than charged to a later, unrelated frame.
//
// Times are on SDL_GetTicks' basis (milliseconds since SDL started; an event's timestamp is set
// when SDL queues it), so they include the wait in SDL's queue and the loop's own work.
//
// Thread safety: the UI thread only.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <vector>

namespace kiosk::app {

class FrameTiming {
public:
    // Call for every event the loop dispatches, before dispatching it.
    void on_dispatched(const SDL_Event& event);
    // After a render attempt, with `now_ms` read after it (SDL_GetTicks64 basis): when `drawn`, the
    // seconds from each remembered input to now, oldest first; otherwise nothing. Either way the
    // inputs are forgotten.
    [[nodiscard]] std::vector<double> take_shown(bool drawn, std::uint64_t now_ms);

    // At most this many inputs are remembered between two renders (the oldest are kept: they wait
    // longest).
    static constexpr std::size_t kPendingMax = 64;

private:
    std::vector<std::uint32_t> pending_ms_;
};

}  // namespace kiosk::app
