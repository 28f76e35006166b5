#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <algorithm>

namespace kiosk::ui {

void ProgressIndicator::layout(Rect area, const ThemePx& px) {
    area_ = area;
    dot_px_ = std::max(4, std::min(area.height_px, px.body));
}

void ProgressIndicator::start(std::uint64_t now_ms) {
    if (!started_ms_) started_ms_ = now_ms;
}

void ProgressIndicator::stop() { started_ms_.reset(); }

int ProgressIndicator::phase(std::uint64_t now_ms) const {
    if (!started_ms_ || now_ms < *started_ms_) return 0;
    return static_cast<int>(((now_ms - *started_ms_) / kStepMs) % kDots);
}

std::optional<std::uint64_t> ProgressIndicator::next_frame_ms(std::uint64_t now_ms) const {
    if (!started_ms_) return std::nullopt;
    if (now_ms < *started_ms_) return *started_ms_;
    const std::uint64_t steps = (now_ms - *started_ms_) / kStepMs + 1;
    return *started_ms_ + steps * kStepMs;
}

void ProgressIndicator::render(Painter& painter, std::uint64_t now_ms) const {
    if (!started_ms_) return;
    const Palette& c = painter.palette();
    const int lit = phase(now_ms);
    const int spacing = dot_px_;
    int x = area_.x_px;
    const int y = area_.y_px + (area_.height_px - dot_px_) / 2;
    for (int i = 0; i < kDots; ++i) {
        const Rect dot{x, y, dot_px_, dot_px_};
        if (i == lit) {
            painter.fill_rounded(dot, dot_px_ / 2, c.primary);
        } else {
            painter.box(dot, dot_px_ / 2, painter.px().border, c.primary, c.background);
        }
        x += dot_px_ + spacing;
    }
}

}  // namespace kiosk::ui
