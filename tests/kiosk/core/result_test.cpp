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
