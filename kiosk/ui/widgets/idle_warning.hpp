// IdleWarning: the banner that tells a resident the session is about to end, with a
// "Tambah waktu / More time" button. The session state machine decides when; this shows it, with the
// seconds left, redrawn once a second (the countdown's only frames).
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::ui {

// What ends when the time runs out: the resident's session (back to the start) or staff mode.
enum class IdleEnd { session, staff_mode };

class IdleWarning {
public:
    // Sizes the banner to its message in either language (measured with `text`).
    void layout(Size screen, const ThemePx& px, TextRenderer& text);
    [[nodiscard]] static std::string message(core::Language language, int seconds_left, IdleEnd end = IdleEnd::session);
    // Which message the banner shows; call before layout().
    void set_end(IdleEnd end) { end_ = end; }
    void set_language(core::Language language);

    void show(std::uint64_t deadline_ms);
    void hide() { deadline_ms_.reset(); }
    [[nodiscard]] bool visible() const { return deadline_ms_.has_value(); }

    // Whole seconds left, rounded up (shows "1" until the very end, never "0" while visible).
    [[nodiscard]] int seconds_left(std::uint64_t now_ms) const;
    // The next time the number of seconds shown changes; nullopt when hidden.
    [[nodiscard]] std::optional<std::uint64_t> next_frame_ms(std::uint64_t now_ms) const;

    [[nodiscard]] Rect bounds() const { return bounds_; }
    [[nodiscard]] const Button& button() const { return more_time_; }
    void render(Painter& painter, std::uint64_t now_ms, core::Language language, bool pressed) const;

private:
    Rect bounds_;
    Rect message_;
    Button more_time_;
    std::optional<std::uint64_t> deadline_ms_;
    IdleEnd end_ = IdleEnd::session;
};

}  // namespace kiosk::ui
