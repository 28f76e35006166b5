// Integer pixel geometry for layout and hit testing. Pure: no SDL.
#pragma once

namespace kiosk::ui {

struct Point {
    int x_px = 0;
    int y_px = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

struct Size {
    int width_px = 0;
    int height_px = 0;
    friend bool operator==(const Size&, const Size&) = default;
};

struct Rect {
    int x_px = 0;
    int y_px = 0;
    int width_px = 0;
    int height_px = 0;

    [[nodiscard]] int right_px() const { return x_px + width_px; }
    [[nodiscard]] int bottom_px() const { return y_px + height_px; }
    [[nodiscard]] Point center() const { return {x_px + width_px / 2, y_px + height_px / 2}; }
    [[nodiscard]] bool empty() const { return width_px <= 0 || height_px <= 0; }
    // Half-open: a point on the right or bottom edge belongs to the neighbour, so adjacent
    // keys never both claim a touch.
    [[nodiscard]] bool contains(Point p) const {
        return p.x_px >= x_px && p.x_px < right_px() && p.y_px >= y_px && p.y_px < bottom_px();
    }
    // The rectangle shrunk by `inset_px` on every side (never below zero size).
    [[nodiscard]] Rect inset(int inset_px) const {
        const int w = width_px - 2 * inset_px;
        const int h = height_px - 2 * inset_px;
        return {x_px + inset_px, y_px + inset_px, w > 0 ? w : 0, h > 0 ? h : 0};
    }
    friend bool operator==(const Rect&, const Rect&) = default;
};

}  // namespace kiosk::ui
