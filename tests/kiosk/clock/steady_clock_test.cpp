// The clock seam: the real clock's interruptible sleep (a stop ends it, an empty token never does)
// and the test clock's simulated time, which the driver and service tests rely on.
#include "kiosk/clock/steady_clock.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <future>
#include <stop_token>
#include <thread>

using namespace std::chrono_literals;
using kiosk::real_steady_clock;
using kiosk::test::TestSteadyClock;

TEST_CASE("the real clock sleeps until the instant when nothing stops it") {
    auto& clock = real_steady_clock();
    const auto until = clock.now() + 20ms;
    CHECK(clock.sleep_until(until, {}));
    CHECK(clock.now() >= until);
    std::stop_source never;
    CHECK(clock.sleep_until(clock.now() + 5ms, never.get_token()));
    CHECK(clock.sleep_until(clock.now() - 1s, never.get_token()));  // passed already: at once
}

TEST_CASE("a stop ends the real clock's sleep early, and a stopped token sleeps not at all") {
    auto& clock = real_steady_clock();
    std::stop_source stop;
    auto sleeping =
        std::async(std::launch::async, [&] { return clock.sleep_until(clock.now() + 60s, stop.get_token()); });
    CHECK(sleeping.wait_for(50ms) == std::future_status::timeout);  // it is asleep
    stop.request_stop();
    // A guard against a hang, not a measured window: the sleep would last a minute.
    REQUIRE(sleeping.wait_for(10s) == std::future_status::ready);
    CHECK_FALSE(sleeping.get());

    auto already =
        std::async(std::launch::async, [&] { return clock.sleep_until(clock.now() + 60s, stop.get_token()); });
    REQUIRE(already.wait_for(10s) == std::future_status::ready);
    CHECK_FALSE(already.get());
}

TEST_CASE("the test clock moves only when advanced or slept on, and records each sleep") {
    TestSteadyClock clock;
    const auto start = clock.now();
    CHECK(clock.now() == start);
    clock.advance(5s);
    CHECK(clock.elapsed() == 5s);
    clock.sleep_for(200ms);
    CHECK(clock.sleep_until(clock.now() + 300ms, {}));
    CHECK(clock.sleep_until(clock.now() - 1s, {}));  // passed: no time moves
    CHECK(clock.elapsed() == 5500ms);
    CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{200ms, 300ms, 0ms});

    std::stop_source stop;
    stop.request_stop();
    CHECK_FALSE(clock.sleep_until(clock.now() + 1s, stop.get_token()));
    CHECK(clock.elapsed() == 5500ms);  // a stopped sleep takes no time
}

TEST_CASE("the test clock's hook runs after every sleep, at the simulated instant") {
    TestSteadyClock clock;
    std::vector<std::chrono::milliseconds> seen;
    clock.on_sleep([&] { seen.push_back(clock.elapsed()); });
    clock.sleep_for(100ms);
    (void)clock.sleep_until(clock.now() + 50ms, {});
    clock.advance(1s);  // advancing is not sleeping
    CHECK(seen == std::vector<std::chrono::milliseconds>{100ms, 150ms});
}
