#include "kiosk/ui/focus.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <vector>

namespace kiosk::ui {

namespace {

// Reading order: by top edge, then by left edge; rows are targets whose tops differ by less than
// half the smaller height (keys of one keypad row share a top, a label's button may sit a little
// lower).
bool reads_before(const Rect& a, const Rect& b) {
    const int row_tolerance = std::min(a.height_px, b.height_px) / 2;
    if (std::abs(a.y_px - b.y_px) > row_tolerance) return a.y_px < b.y_px;
    if (a.x_px != b.x_px) return a.x_px < b.x_px;
    return a.y_px < b.y_px;
}

std::vector<std::size_t> reading_order(std::span<const Rect> rects) {
    std::vector<std::size_t> order(rects.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return reads_before(rects[a], rects[b]); });
    return order;
}

// The nearest target whose centre lies in `move`'s direction from `from`'s centre; distance along
// the direction plus twice the offset across it, so that the key straight below wins over a nearer
// one diagonally below.
std::optional<std::size_t> nearest_in_direction(std::span<const Rect> rects, std::size_t from, FocusMove move) {
    const Point origin = rects[from].center();
    std::optional<std::size_t> best;
    long best_score = std::numeric_limits<long>::max();
    for (std::size_t i = 0; i < rects.size(); ++i) {
        if (i == from) continue;
        const Point p = rects[i].center();
        const long dx = p.x_px - origin.x_px;
        const long dy = p.y_px - origin.y_px;
        long along = 0;
        long across = 0;
        switch (move) {
            case FocusMove::left: along = -dx; across = dy; break;
            case FocusMove::right: along = dx; across = dy; break;
            case FocusMove::up: along = -dy; across = dx; break;
            case FocusMove::down: along = dy; across = dx; break;
            case FocusMove::next:
            case FocusMove::previous: return std::nullopt;
        }
        if (along <= 0) continue;
        const long score = along + 2 * std::labs(across);
        if (score < best_score) {
            best_score = score;
            best = i;
        }
    }
    return best;
}

}  // namespace

std::optional<std::size_t> move_focus(std::span<const Rect> rects, std::optional<std::size_t> current, FocusMove move) {
    if (rects.empty()) return std::nullopt;
    const auto order = reading_order(rects);
    if (!current || *current >= rects.size()) return order.front();
    if (move == FocusMove::next || move == FocusMove::previous) {
        const auto at = static_cast<std::size_t>(std::find(order.begin(), order.end(), *current) - order.begin());
        const std::size_t n = order.size();
        return order[move == FocusMove::next ? (at + 1) % n : (at + n - 1) % n];
    }
    return nearest_in_direction(rects, *current, move).value_or(*current);
}

Rect focus_ring_outer(Rect focused, int thickness_px, Size bounds) {
    const int x = std::max(0, focused.x_px - thickness_px);
    const int y = std::max(0, focused.y_px - thickness_px);
    const int right = std::min(bounds.width_px, focused.right_px() + thickness_px);
    const int bottom = std::min(bounds.height_px, focused.bottom_px() + thickness_px);
    return {x, y, std::max(0, right - x), std::max(0, bottom - y)};
}

}  // namespace kiosk::ui
