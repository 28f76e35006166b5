// Keyboard focus over a screen's touch targets, so that a physical keypad reaches everything a
// finger can (EN 301 549 5.1.6.1 / ADA 707: nothing operable by touch alone). The focus order is the
// targets themselves: whatever a screen lists as touchable is focusable, with no second list to drift.
// Tab walks them in reading order (top to bottom, then left to right); the arrows move to the
// nearest target in that direction. Pure: rectangles in, an index out.
#pragma once

#include "kiosk/ui/geometry.hpp"

#include <cstddef>
#include <optional>
#include <span>

namespace kiosk::ui {

enum class FocusMove { next, previous, left, right, up, down };

// The index in `rects` that focus moves to from `current` (nullopt: nothing focused yet; the first
// move lands on the first target in reading order, whichever the direction). nullopt when `rects` is
// empty. An arrow with no target in its direction keeps `current`; Tab and Shift+Tab wrap around.
[[nodiscard]] std::optional<std::size_t> move_focus(std::span<const Rect> rects, std::optional<std::size_t> current,
                                                    FocusMove move);

// The ring drawn around a focused rectangle: `thickness_px` outside it, clamped to `bounds` so that
// a target at the edge of the window still shows its whole ring.
[[nodiscard]] Rect focus_ring_outer(Rect focused, int thickness_px, Size bounds);

}  // namespace kiosk::ui
