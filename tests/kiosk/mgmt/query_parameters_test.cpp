// Query parameters: strict integers in a range, each named in its refusal.
#include "kiosk/mgmt/query_parameters.hpp"

#include <doctest/doctest.h>

#include <array>

using namespace kiosk::mgmt;

namespace {

constexpr std::array kPaging = {IntegerParameter{"after", 0, 1'000'000, 0}, IntegerParameter{"limit", 1, 1000, 100}};

QueryProblem refused(std::string_view query) {
    auto read = read_integer_parameters(query, kPaging);
    REQUIRE_FALSE(read.ok());
    return read.error();
}

}  // namespace

TEST_CASE("absent parameters take their defaults; given ones their values, in any order") {
    CHECK(read_integer_parameters("", kPaging).value() == std::vector<std::int64_t>{0, 100});
    CHECK(read_integer_parameters("limit=5", kPaging).value() == std::vector<std::int64_t>{0, 5});
    CHECK(read_integer_parameters("limit=1000&after=42", kPaging).value() == std::vector<std::int64_t>{42, 1000});
    CHECK(read_integer_parameters("after=0&&limit=1&", kPaging).value() == std::vector<std::int64_t>{0, 1});
}

TEST_CASE("a bad value, an unknown or repeated parameter is refused, naming the parameter") {
    CHECK(refused("limit=0").parameter == "limit");
    CHECK(refused("limit=0").message == "limit: must be an integer from 1 to 1000, got \"0\"");
    CHECK(refused("limit=1001").parameter == "limit");
    CHECK(refused("after=-1").parameter == "after");
    CHECK(refused("after=abc").message == "after: must be an integer from 0 to 1000000, got \"abc\"");
    CHECK(refused("after=").parameter == "after");
    CHECK(refused("after").parameter == "after");
    CHECK(refused("after=+5").parameter == "after");
    CHECK(refused("after=%35").parameter == "after");
    CHECK(refused("after=99999999999999999999").parameter == "after");
    CHECK(refused("after=1&after=2").message == "after: given more than once");
    CHECK(refused("cursor=3").message == "cursor: not a parameter of this route (it takes after, limit)");
    // A long value is quoted only in part.
    CHECK(refused("limit=" + std::string(100, 'x')).message.size() < 100);
}

TEST_CASE("a route that takes no parameter refuses any") {
    auto read = read_integer_parameters("x=1", {});
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message == "x: not a parameter of this route (it takes none)");
    CHECK(read_integer_parameters("", {}).ok());
}
