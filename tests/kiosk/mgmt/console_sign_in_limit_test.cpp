// The console's sign-in limit per client address on a clock the test moves.
#include "kiosk/mgmt/console_sign_in_limit.hpp"

#include <doctest/doctest.h>

using namespace kiosk::mgmt;

TEST_CASE("an address gets attempts_max attempts in a window, then waits for the window to end") {
    SignInLimiter limiter(SignInLimits{3, 60'000, 16});
    CHECK_FALSE(limiter.attempt("192.0.2.7", 1'000).has_value());
    CHECK_FALSE(limiter.attempt("192.0.2.7", 2'000).has_value());
    CHECK_FALSE(limiter.attempt("192.0.2.7", 3'000).has_value());
    const auto refused = limiter.attempt("192.0.2.7", 4'000);
    REQUIRE(refused.has_value());
    CHECK(*refused == 57'000);  // the window opened at 1,000
    CHECK(limiter.attempt("192.0.2.7", 60'999) == std::optional<std::int64_t>{1});
    // Another address is counted apart.
    CHECK_FALSE(limiter.attempt("192.0.2.8", 4'000).has_value());
    // The window has ended: a new one opens.
    CHECK_FALSE(limiter.attempt("192.0.2.7", 61'000).has_value());
}

TEST_CASE("the table of addresses is bounded: when full of open windows a new address waits") {
    SignInLimiter limiter(SignInLimits{5, 10'000, 2});
    CHECK_FALSE(limiter.attempt("a", 0).has_value());
    CHECK_FALSE(limiter.attempt("b", 4'000).has_value());
    const auto refused = limiter.attempt("c", 5'000);
    REQUIRE(refused.has_value());
    CHECK(*refused == 5'000);  // "a"'s window ends first, at 10,000
    CHECK(limiter.addresses_tracked() == 2);
    // Known addresses go on being served, and once a window ends its place is free.
    CHECK_FALSE(limiter.attempt("a", 6'000).has_value());
    CHECK_FALSE(limiter.attempt("c", 10'000).has_value());
    CHECK(limiter.addresses_tracked() == 2);
}
