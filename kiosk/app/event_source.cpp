#include "kiosk/app/event_source.hpp"

#include "kiosk/app/session_inbox.hpp"
#include "kiosk/ui/sdl_display.hpp"

#include <algorithm>
#include <climits>

namespace kiosk::app {

std::uint64_t SdlEventSource::now_ms() const { return SDL_GetTicks64(); }

core::session::Instant SdlEventSource::wall_now() const { return app::wall_now(); }

Result<std::optional<SDL_Event>> SdlEventSource::wait(std::optional<std::uint64_t> timeout_ms) {
    SDL_Event event;
    if (!timeout_ms) {
        if (SDL_WaitEvent(&event) == 0) return fail(ui::sdl_error("app.loop", "waiting for events failed"));
        return std::optional(event);
    }
    const auto wait_ms = static_cast<int>(std::min<std::uint64_t>(*timeout_ms, INT_MAX));
    if (SDL_WaitEventTimeout(&event, wait_ms) == 1) return std::optional(event);
    return std::optional<SDL_Event>();
}

std::optional<SDL_Event> SdlEventSource::poll() {
    SDL_Event event;
    if (SDL_PollEvent(&event) == 1) return event;
    return std::nullopt;
}

}  // namespace kiosk::app
