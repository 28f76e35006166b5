// Whole-second countdowns: rounding up, the deadline itself, and the frame when the number changes.
#include "kiosk/ui/countdown.hpp"

#include <doctest/doctest.h>

using kiosk::ui::next_second_ms;
using kiosk::ui::seconds_left;

TEST_CASE("seconds left round up and stop at the deadline") {
    CHECK(seconds_left(12'000, 0) == 12);
    CHECK(seconds_left(12'000, 1) == 12);      // 11.999 s still reads 12
    CHECK(seconds_left(12'001, 0) == 13);
    CHECK(seconds_left(12'000, 11'001) == 1);
    CHECK(seconds_left(12'000, 12'000) == 0);
    CHECK(seconds_left(12'000, 99'000) == 0);  // long past: never negative
}

TEST_CASE("the next frame comes when the shown number changes") {
    CHECK(next_second_ms(12'000, 0) == 1'000);     // on a whole second: the next one
    CHECK(next_second_ms(12'000, 250) == 1'000);   // 11.75 s left shows 12 until 11.0
    CHECK(next_second_ms(12'000, 11'500) == 12'000);
    CHECK(seconds_left(12'000, *next_second_ms(12'000, 250)) == seconds_left(12'000, 250) - 1);
    CHECK_FALSE(next_second_ms(12'000, 12'000).has_value());
    CHECK_FALSE(next_second_ms(12'000, 13'000).has_value());
}
