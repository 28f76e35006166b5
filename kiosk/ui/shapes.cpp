#include "kiosk/ui/shapes.hpp"

#include <algorithm>

namespace kiosk::ui {

void disc(Painter& painter, Point centre, int radius_px, Colour colour) {
    painter.fill_rounded(Rect{centre.x_px - radius_px, centre.y_px - radius_px, 2 * radius_px, 2 * radius_px}, radius_px,
                         colour);
}

void ring(Painter& painter, Point centre, int radius_px, int thickness_px, Colour colour, Colour inside) {
    disc(painter, centre, radius_px, colour);
    disc(painter, centre, std::max(0, radius_px - thickness_px), inside);
}

void arrow_down(Painter& painter, Point tip, int width_px, int length_px, Colour colour) {
    const int head_h = width_px / 2;
    const int shaft_w = std::max(2, width_px / 3);
    painter.fill(Rect{tip.x_px - shaft_w / 2, tip.y_px - length_px, shaft_w, length_px - head_h + 1}, colour);
    // The head as one span per row: a triangle of exact pixels on any renderer.
    for (int row = 0; row < head_h; ++row) {
        const int half = (head_h - row) * width_px / (2 * head_h);
        painter.fill(Rect{tip.x_px - half, tip.y_px - head_h + row, 2 * half + 1, 1}, colour);
    }
}

}  // namespace kiosk::ui
