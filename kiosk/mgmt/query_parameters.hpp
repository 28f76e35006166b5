// Query parameters of the management routes: every parameter a route takes is an integer in a range
// with a default (after=ID, limit=N). Reading is strict, so that a typo is a 400 naming the parameter
// rather than a silently ignored filter: a parameter the route does not take, one given twice, or a
// value that is not a decimal integer in range is refused. No percent-decoding: the values are
// digits, and an encoded digit is refused like any other character.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

struct IntegerParameter {
    std::string_view name;
    std::int64_t min = 0;
    std::int64_t max = 0;
    std::int64_t fallback = 0;  // when the query does not give it
};

struct QueryProblem {
    std::string parameter;  // the name as the query spelled it
    std::string message;    // "limit: must be an integer from 1 to 1000, got \"0\""
};

// The values in the order of `parameters`. The message never quotes more than 32 bytes of a value.
[[nodiscard]] Result<std::vector<std::int64_t>, QueryProblem> read_integer_parameters(
    std::string_view query, std::span<const IntegerParameter> parameters);

// The 400 for it (invalid-query-parameter), with {"parameter": name}.
[[nodiscard]] Response query_problem(const RequestContext& context, const QueryProblem& problem);

}  // namespace kiosk::mgmt
