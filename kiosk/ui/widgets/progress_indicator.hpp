// ProgressIndicator: a row of dots with one highlighted dot moving along, for "please wait".
//
// It animates only while active, and even then asks for a frame only when the highlighted dot
// changes: at kStepMs (4 frames a second), not at the display's 60 Hz, so waiting costs almost no
// CPU on the software renderer. The phase comes from the time passed in, never from counting
// frames, so a late frame never slows the animation down.
#pragma once

#include "kiosk/ui/painter.hpp"

#include <cstdint>
#include <optional>

namespace kiosk::ui {

class ProgressIndicator {
public:
    static constexpr std::uint64_t kStepMs = 250;
    static constexpr int kDots = 5;

    void layout(Rect area, const ThemePx& px);
    void start(std::uint64_t now_ms);
    void stop();
    [[nodiscard]] bool active() const { return started_ms_.has_value(); }

    // Which dot is highlighted at `now_ms` (0 when inactive).
    [[nodiscard]] int phase(std::uint64_t now_ms) const;
    // When the highlighted dot next changes; nullopt when inactive (no frames wanted).
    [[nodiscard]] std::optional<std::uint64_t> next_frame_ms(std::uint64_t now_ms) const;

    void render(Painter& painter, std::uint64_t now_ms) const;

private:
    Rect area_;
    int dot_px_ = 0;
    std::optional<std::uint64_t> started_ms_;
};

}  // namespace kiosk::ui
