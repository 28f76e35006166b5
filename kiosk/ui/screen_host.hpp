// ScreenHost: the event loop's UI half. It owns nothing but references; the application owns the
// display, text renderer and screens.
//
// Frames are drawn only when something changed: a screen that is dirty (its state changed, it was
// just shown, the window was exposed) or whose animation/countdown frame is due. Between frames the
// loop blocks in SDL_WaitEvent (nothing scheduled: zero CPU at the attract screen) or in
// SDL_WaitEventTimeout until the next scheduled frame. After waking it handles every pending event
// and then draws once, so input reaches the glass within one frame.
//
// Pointer rules: a target is pressed while the finger/mouse is down on it; its action fires on
// release over the same target (sliding off cancels, as residents expect from lift buttons). Only
// the first finger down counts until it lifts: a second finger or a resting palm presses nothing.
// Keys: Tab / Shift+Tab and the arrows move a focus ring over the same targets a finger can press
// (overlays' included, kiosk/ui/focus.hpp); Enter activates the focused target, or submits when the
// ring has not been moved onto anything since the screen was shown; the Help key flashes the
// screen's prompt (IntentKind::prompt_repeated). While the idle warning shows, any key or any touch
// is "more time" and does nothing else, so that one action always extends the session.
// Main thread only.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/ui/focus.hpp"
#include "kiosk/ui/input_map.hpp"
#include "kiosk/ui/overlay.hpp"
#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/screenshot.hpp"
#include "kiosk/ui/sdl_display.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

struct PumpResult {
    std::vector<Intent> intents;
    bool quit_requested = false;  // the window was closed (SDL_QUIT)
    bool frame_drawn = false;
};

struct FrameStats {
    std::uint64_t frames = 0;
    std::uint64_t events = 0;
};

class ScreenHost {
public:
    // `density` gives px per mm; its pixel size is replaced by the display's actual size.
    ScreenHost(Display& display, TextRenderer& text, const Theme& theme, const PhysicalMetrics& density);

    // Makes `screen` current: lays it out for the display and schedules a frame. The screen must
    // outlive its time on display.
    void show(Screen& screen);
    [[nodiscard]] Screen* current() const { return screen_; }
    // `screen` is going away: if it is current, nothing is (until the next show()).
    void forget(const Screen& screen) {
        if (screen_ == &screen) screen_ = nullptr;
    }
    [[nodiscard]] const PhysicalMetrics& metrics() const { return metrics_; }
    [[nodiscard]] const ThemePx& px() const { return px_; }

    // Draws `overlay` over every screen from now on; its targets come before the screen's. The
    // overlay must outlive the host (or be removed).
    void add_overlay(Overlay& overlay);
    void remove_overlay(Overlay& overlay);

    // Saves a frame into `dir` (nullptr: stop) whenever a screen is shown or the current screen's
    // name changes (e.g. "pickup-fetching" -> "pickup-present"), named after the screen.
    void set_screenshot_directory(ScreenshotDirectory* dir) { screenshots_ = dir; }
    // Text that overflowed its box in the last frame drawn (see Painter::overflows).
    [[nodiscard]] const std::vector<TextOverflow>& last_frame_overflows() const { return overflows_; }
    // Whether frames record every line of text they draw (off by default: it costs a copy per line).
    void set_text_recording(bool on) { record_texts_ = on; }
    // The lines of text the last frame drew, while recording (see Painter::record_texts).
    [[nodiscard]] const std::vector<DrawnText>& last_frame_texts() const { return texts_; }
    // The area the screen is laid out in: the window minus what overlays reserve.
    [[nodiscard]] Size screen_size() const;

    // Called after each frame is drawn and before it is presented (tests read pixels here).
    void set_frame_observer(std::function<void(const Display&, const Screen&)> observer) {
        observer_ = std::move(observer);
    }
    // Calls `capture` once, with the next frame drawn, after drawing and before presenting (the
    // back buffer then holds exactly that frame). The current screen is redrawn for it, so that
    // frame comes at the next render_if_needed.
    void capture_next_frame(std::function<void(const Display&, const Screen&)> capture);

    // Handles one event (input, window, quit) at `now_ms`.
    void dispatch(const SDL_Event& event, std::uint64_t now_ms, PumpResult& result);
    // Handles every event already queued, then draws if needed. Never blocks.
    Result<PumpResult> pump();
    // Blocks until an event arrives or the next scheduled frame is due, then as pump().
    Result<PumpResult> wait_and_pump();
    // Draws and presents a frame now if the screen is dirty or a scheduled frame is due.
    Result<bool> render_if_needed(std::uint64_t now_ms);

    // Milliseconds the next wait may block: nullopt for "until an event", 0 for "draw now".
    [[nodiscard]] std::optional<std::uint64_t> wait_budget_ms(std::uint64_t now_ms) const;

    [[nodiscard]] const FrameStats& stats() const { return stats_; }
    // The focused target's action (nullopt: no ring), and its rectangle when it is on screen.
    [[nodiscard]] const std::optional<UiAction>& focused() const { return focused_; }
    [[nodiscard]] std::optional<Rect> focused_rect() const;
    // Moves the focus ring as the key would (the preview uses it to draw a focused screen).
    void move_focus(FocusMove move);
    [[nodiscard]] static std::uint64_t now_ms() { return SDL_GetTicks64(); }

private:
    void relayout();
    [[nodiscard]] int reserved_right_px() const;
    [[nodiscard]] std::vector<HitTarget> all_targets() const;
    [[nodiscard]] bool overlays_dirty() const;
    std::optional<Intent> act(const UiAction& action, std::uint64_t now_ms);
    std::optional<Intent> act_on_key(const UiAction& action, std::uint64_t now_ms);
    void render_focus_ring(Painter& painter) const;

    Display& display_;
    TextRenderer& text_;
    const Theme& theme_;
    PhysicalMetrics metrics_;
    ThemePx px_;
    Screen* screen_ = nullptr;
    std::optional<std::int64_t> pointer_down_id_;  // the finger (or mouse) being tracked
    std::optional<UiAction> pointer_down_on_;
    std::optional<UiAction> focused_;
    std::optional<std::uint64_t> scheduled_frame_ms_;
    bool capture_next_frame_ = false;
    std::string last_shot_name_;
    std::vector<Overlay*> overlays_;
    std::vector<TextOverflow> overflows_;
    bool record_texts_ = false;
    std::vector<DrawnText> texts_;
    ScreenshotDirectory* screenshots_ = nullptr;
    std::function<void(const Display&, const Screen&)> observer_;
    std::vector<std::function<void(const Display&, const Screen&)>> captures_;
    FrameStats stats_;
};

}  // namespace kiosk::ui
