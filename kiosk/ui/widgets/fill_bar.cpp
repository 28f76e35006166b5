#include "kiosk/ui/widgets/fill_bar.hpp"

#include <algorithm>

namespace kiosk::ui {

void draw_fill_bar(Painter& painter, Rect rect, int used, int total, bool warn) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    painter.box(rect, px.corner, px.border, c.border, c.surface);
    if (total <= 0 || used <= 0) return;
    const Rect inner = rect.inset(px.border * 2);
    const long long share = static_cast<long long>(inner.width_px) * std::min(used, total) / total;
    const int width = std::max(px.border * 2, static_cast<int>(share));
    painter.fill_rounded(Rect{inner.x_px, inner.y_px, width, inner.height_px}, std::max(0, px.corner - px.border * 2),
                         warn ? c.problem : c.primary);
}

}  // namespace kiosk::ui
