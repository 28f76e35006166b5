#include "kiosk/ui/focus.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace kiosk::ui;

namespace {

// A 3x2 keypad listed out of reading order, as screens list targets topmost first.
const std::vector<Rect> kKeys = {
    {200, 100, 90, 90},  // 0: row 0, col 2
    {0, 0, 90, 90},      // 1: row 0... no: row -1 (top), col 0
    {100, 100, 90, 90},  // 2: row 0, col 1
    {0, 100, 90, 90},    // 3: row 0, col 0
    {100, 200, 90, 90},  // 4: row 1, col 1
};

}  // namespace

TEST_CASE("the first move lands on the first target in reading order") {
    CHECK(move_focus(kKeys, std::nullopt, FocusMove::next) == 1u);
    CHECK(move_focus(kKeys, std::nullopt, FocusMove::down) == 1u);
    CHECK_FALSE(move_focus(std::vector<Rect>{}, std::nullopt, FocusMove::next).has_value());
}

TEST_CASE("Tab walks reading order and wraps; Shift+Tab walks back") {
    std::vector<std::size_t> seen;
    std::optional<std::size_t> at;
    for (int i = 0; i < 6; ++i) {
        at = move_focus(kKeys, at, FocusMove::next);
        seen.push_back(*at);
    }
    CHECK(seen == std::vector<std::size_t>{1, 3, 2, 0, 4, 1});
    CHECK(move_focus(kKeys, 1u, FocusMove::previous) == 4u);
    CHECK(move_focus(kKeys, 3u, FocusMove::previous) == 1u);
}

TEST_CASE("arrows move to the nearest target in their direction, and stay at an edge") {
    CHECK(move_focus(kKeys, 3u, FocusMove::right) == 2u);
    CHECK(move_focus(kKeys, 2u, FocusMove::right) == 0u);
    CHECK(move_focus(kKeys, 0u, FocusMove::right) == 0u);  // edge: stays
    CHECK(move_focus(kKeys, 2u, FocusMove::down) == 4u);   // straight below beats diagonal
    CHECK(move_focus(kKeys, 4u, FocusMove::up) == 2u);
    CHECK(move_focus(kKeys, 3u, FocusMove::up) == 1u);
    CHECK(move_focus(kKeys, 2u, FocusMove::left) == 3u);
}

TEST_CASE("the ring stays inside the window") {
    CHECK(focus_ring_outer({0, 0, 10, 10}, 4, {100, 100}) == Rect{0, 0, 14, 14});
    CHECK(focus_ring_outer({50, 50, 10, 10}, 4, {100, 100}) == Rect{46, 46, 18, 18});
    CHECK(focus_ring_outer({90, 90, 10, 10}, 4, {100, 100}) == Rect{86, 86, 14, 14});
}
