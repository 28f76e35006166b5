// StartupTimeline on a test clock: each phase's share is the time since the previous mark, in the
// order marked, and total_ms is their sum; with no mark the line says a total of 0.
#include "kiosk/app/startup_timeline.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace kiosk::app;
using namespace std::chrono_literals;
using kiosk::test::TestSteadyClock;

TEST_CASE("each phase is the time since the previous mark, and the total their sum") {
    TestSteadyClock clock;
    StartupTimeline timeline(clock);
    clock.advance(3ms);
    timeline.mark("config");
    clock.advance(40ms);
    timeline.mark("sdl");
    timeline.mark("fonts");  // nothing happened in between: 0, still listed
    clock.advance(1ms);
    timeline.mark("first_frame");
    CHECK(timeline.line() == "startup config_ms=3 sdl_ms=40 fonts_ms=0 first_frame_ms=1 total_ms=44");
}

TEST_CASE("time before construction is not counted, and no mark gives a total of 0") {
    TestSteadyClock clock;
    clock.advance(100ms);
    StartupTimeline timeline(clock);
    CHECK(timeline.line() == "startup total_ms=0");
}
