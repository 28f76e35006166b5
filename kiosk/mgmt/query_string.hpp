// A request target's query ("after=12&limit=100") as name/value pairs, and the unsigned integers
// that routes take from it. Pure functions; the route decides which names it accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::mgmt {

struct QueryParameter {
    std::string name;
    std::string value;  // empty for "name" and for "name="
    friend bool operator==(const QueryParameter&, const QueryParameter&) = default;
};

// The pairs in the order given, names and values percent-decoded (RFC 3986: "%2C" is ','; a '+' is
// a plus, not a space, as these are URLs, not HTML forms). Empty pieces ("a=1&&b=2") are skipped.
// nullopt when a '%' is not followed by two hex digits.
[[nodiscard]] std::optional<std::vector<QueryParameter>> parse_query(std::string_view query);

// A decimal integer from `min` to `max` written with digits only (no sign, no spaces, no "0x");
// nullopt otherwise, and for values past `max`, however many digits they have.
[[nodiscard]] std::optional<std::int64_t> parse_decimal(std::string_view text, std::int64_t min, std::int64_t max);

// A name or value safe to quote back in a problem's detail: printable ASCII without quotes or
// backslashes, at most 40 characters. Anything else is client data that is not ours to echo.
[[nodiscard]] bool quotable(std::string_view text);

}  // namespace kiosk::mgmt
