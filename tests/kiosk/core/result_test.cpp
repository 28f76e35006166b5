#include "kiosk/core/result.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using kiosk::Error;
using kiosk::fail;
using kiosk::Result;

namespace {
Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return fail("test.parse", std::string("not a digit: ") + c);
    return c - '0';
}
}  // namespace

TEST_CASE("a good Result holds its value") {
    auto r = parse_digit('7');
    REQUIRE(r.ok());
    CHECK(*r == 7);
    CHECK(r.value_or(-1) == 7);
}

TEST_CASE("a failed Result holds its error with where and what") {
    auto r = parse_digit('x');
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == "test.parse");
    CHECK(r.error().what == "not a digit: x");
    CHECK(r.error().to_string() == "test.parse: not a digit: x");
    CHECK(r.value_or(-1) == -1);
}

TEST_CASE("Result carries move-only values and custom errors") {
    enum class Why { a, b };
    Result<std::unique_ptr<int>, Why> good = std::make_unique<int>(3);
    REQUIRE(good.ok());
    CHECK(**good == 3);
    Result<std::unique_ptr<int>, Why> bad = fail(Why::b);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error() == Why::b);
}

TEST_CASE("Result<void>") {
    kiosk::Status good;
    CHECK(good.ok());
    kiosk::Status bad = fail("x", "y");
    CHECK_FALSE(bad.ok());
    CHECK(bad.error() == Error{"x", "y"});
}

namespace {
struct Counted {
    std::unique_ptr<int> value;
};
int g_after_try = 0;

Result<int> sum_of_digits(char a, char b) {
    const int first = TRY(parse_digit(a));
    const int second = TRY(parse_digit(b));
    return first + second;
}

kiosk::Status check_digit(char c) {
    TRY(parse_digit(c));
    ++g_after_try;
    return {};
}

Result<Counted> make_counted(bool good) {
    if (!good) return fail("test.counted", "refused");
    return Counted{std::make_unique<int>(5)};
}

Result<int> move_only_through_try(bool good) {
    Counted counted = TRY(make_counted(good));
    return *counted.value;
}

struct OtherError {
    int code;
};
struct WideError {
    int code;
    WideError(OtherError e) : code(e.code) {}  // NOLINT: converting, as a layer's error widens
};
Result<int, OtherError> other(bool good) {
    if (!good) return fail(OtherError{7});
    return 1;
}
Result<int, WideError> widened(bool good) { return TRY(other(good)) + 1; }
}  // namespace

TEST_CASE("TRY yields the value of a good Result and returns the first error unchanged") {
    CHECK(sum_of_digits('3', '4').value() == 7);
    const auto bad_first = sum_of_digits('x', '4');
    REQUIRE_FALSE(bad_first.ok());
    CHECK(bad_first.error().what == "not a digit: x");
    const auto bad_second = sum_of_digits('3', 'y');
    REQUIRE_FALSE(bad_second.ok());
    CHECK(bad_second.error().what == "not a digit: y");
}

TEST_CASE("TRY on a Result<void>-returning function stops at the failure") {
    g_after_try = 0;
    CHECK(check_digit('1').ok());
    CHECK(g_after_try == 1);
    const auto bad = check_digit('z');
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().where == "test.parse");
    CHECK(g_after_try == 1);
}

TEST_CASE("TRY moves a move-only value out and converts the error type") {
    CHECK(move_only_through_try(true).value() == 5);
    CHECK(move_only_through_try(false).error().what == "refused");
    CHECK(widened(true).value() == 2);
    CHECK(widened(false).error().code == 7);
}
