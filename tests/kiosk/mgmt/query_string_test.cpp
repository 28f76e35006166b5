// Query strings: pairs in order, percent-decoding, and the strict integers routes take from them.
#include "kiosk/mgmt/query_string.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace kiosk::mgmt;

TEST_CASE("a query's pairs in order, percent-decoded, empty pieces skipped, '+' kept") {
    CHECK(parse_query("") == std::vector<QueryParameter>{});
    CHECK(parse_query("after=12&limit=5") == std::vector<QueryParameter>{{"after", "12"}, {"limit", "5"}});
    CHECK(parse_query("a&&b=") == std::vector<QueryParameter>{{"a", ""}, {"b", ""}});
    CHECK(parse_query("x=1=2") == std::vector<QueryParameter>{{"x", "1=2"}});
    CHECK(parse_query("n%61me=%2B1+2%2c") == std::vector<QueryParameter>{{"name", "+1+2,"}});
    CHECK(parse_query("&after=1&") == std::vector<QueryParameter>{{"after", "1"}});
    for (const char* bad : {"a=%", "a=%4", "a=%4g", "%zz=1", "a=1&b=%"}) {
        INFO(bad);
        CHECK_FALSE(parse_query(bad).has_value());
    }
}

TEST_CASE("decimals: digits only, within the bounds, however long") {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    CHECK(parse_decimal("0", 0, max) == 0);
    CHECK(parse_decimal("0042", 0, max) == 42);
    CHECK(parse_decimal("9223372036854775807", 0, max) == max);
    CHECK_FALSE(parse_decimal("9223372036854775808", 0, max).has_value());
    CHECK_FALSE(parse_decimal("99999999999999999999999", 0, max).has_value());
    CHECK(parse_decimal("1000", 1, 1000) == 1000);
    CHECK_FALSE(parse_decimal("1001", 1, 1000).has_value());
    CHECK_FALSE(parse_decimal("0", 1, 1000).has_value());
    for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "0x1", "1e3", "١"}) {
        INFO(bad);
        CHECK_FALSE(parse_decimal(bad, 0, max).has_value());
    }
}

TEST_CASE("only short printable text without quotes is quoted back") {
    CHECK(quotable("cursor"));
    CHECK(quotable("Limit-2"));
    CHECK_FALSE(quotable("a\nb"));
    CHECK_FALSE(quotable("a\"b"));
    CHECK_FALSE(quotable("a'b"));
    CHECK_FALSE(quotable("a\\b"));
    CHECK_FALSE(quotable("\xc3\xa9"));
    CHECK_FALSE(quotable(std::string(41, 'a')));
    CHECK(quotable(std::string(40, 'a')));
}
