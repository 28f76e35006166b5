// EventSource: what KioskLoop sleeps in and reads its time from, behind a seam so that a test runs
// the loop on a test clock with scripted input (STYLE.md 13). SdlEventSource is the real one: SDL's
// event queue (input, window events, and the user event an Inbox push raises: see
// register_wake_event), SDL_GetTicks64 for frame time and the system clock for the session's time.
//
// Thread safety: the UI thread only (SDL's queue is fed from any thread, but waited on here).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/core/session/session_types.hpp"

#include <SDL.h>

#include <cstdint>
#include <optional>

namespace kiosk::app {

class EventSource {
public:
    virtual ~EventSource() = default;

    // Monotonic milliseconds: frames, animations and the loop's own timers.
    [[nodiscard]] virtual std::uint64_t now_ms() const = 0;
    // Wall time, for the session machine (see core::session::Instant).
    [[nodiscard]] virtual core::session::Instant wall_now() const = 0;
    // Blocks until an event is queued (returned) or `timeout_ms` passed (nullopt); without a timeout,
    // until an event. Fails only when waiting itself failed.
    [[nodiscard]] virtual Result<std::optional<SDL_Event>> wait(std::optional<std::uint64_t> timeout_ms) = 0;
    // An event already queued, without waiting.
    [[nodiscard]] virtual std::optional<SDL_Event> poll() = 0;
};

class SdlEventSource final : public EventSource {
public:
    [[nodiscard]] std::uint64_t now_ms() const override;
    [[nodiscard]] core::session::Instant wall_now() const override;
    [[nodiscard]] Result<std::optional<SDL_Event>> wait(std::optional<std::uint64_t> timeout_ms) override;
    [[nodiscard]] std::optional<SDL_Event> poll() override;
};

}  // namespace kiosk::app
