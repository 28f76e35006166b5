#include "kiosk/ui/widgets/idle_warning.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <doctest/doctest.h>

using namespace kiosk::ui;

TEST_CASE("progress indicator asks for frames only while active, at its step rate") {
    ProgressIndicator progress;
    CHECK_FALSE(progress.active());
    CHECK_FALSE(progress.next_frame_ms(1000).has_value());
    progress.start(1000);
    CHECK(progress.phase(1000) == 0);
    CHECK(progress.next_frame_ms(1000) == 1000 + ProgressIndicator::kStepMs);
    CHECK(progress.next_frame_ms(1100) == 1250);
    CHECK(progress.phase(1260) == 1);
    // The phase follows time, not frames: a late frame jumps ahead instead of lagging.
    CHECK(progress.phase(1000 + 7 * ProgressIndicator::kStepMs) == 7 % ProgressIndicator::kDots);
    // Starting again while active keeps the animation's origin.
    progress.start(5000);
    CHECK(progress.next_frame_ms(1000) == 1250);
    progress.stop();
    CHECK_FALSE(progress.next_frame_ms(1300).has_value());
    CHECK(progress.phase(1300) == 0);
}

TEST_CASE("idle warning counts whole seconds and wants a frame when the number changes") {
    IdleWarning warning;
    CHECK_FALSE(warning.visible());
    CHECK_FALSE(warning.next_frame_ms(0).has_value());
    warning.show(20'000);
    CHECK(warning.visible());
    CHECK(warning.seconds_left(0) == 20);
    CHECK(warning.seconds_left(500) == 20);
    CHECK(warning.seconds_left(1000) == 19);
    CHECK(warning.seconds_left(19'999) == 1);
    CHECK(warning.seconds_left(20'000) == 0);
    CHECK(warning.next_frame_ms(0) == 1000);
    CHECK(warning.next_frame_ms(500) == 1000);
    CHECK(warning.next_frame_ms(19'500) == 20'000);
    CHECK_FALSE(warning.next_frame_ms(20'000).has_value());
    warning.hide();
    CHECK_FALSE(warning.visible());
}
