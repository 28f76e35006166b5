#include "kiosk/core/session/keypad_entry.hpp"

#include <doctest/doctest.h>

using namespace kiosk::core;
using namespace kiosk::core::session;

namespace {
constexpr CivilDate kToday{2026, 11, 21};

KeypadEntry typed(std::string_view digits) {
    KeypadEntry k;
    for (char d : digits) k.push_digit(d);
    return k;
}
std::optional<NikProblem> hint_of(std::string_view digits) {
    auto h = typed(digits).hint(kToday);
    return h ? std::optional(h->problem) : std::nullopt;
}
}  // namespace

TEST_CASE("digits are kept, grouped in fours, and capped at sixteen") {
    KeypadEntry k;
    CHECK(k.grouped().empty());
    CHECK_FALSE(k.push_digit('x'));
    CHECK_FALSE(k.push_digit(' '));
    for (char d : std::string_view("317405570890")) CHECK(k.push_digit(d));
    CHECK(k.grouped() == "3174 0557 0890");
    CHECK_FALSE(k.nik().has_value());
    for (char d : std::string_view("0001")) CHECK(k.push_digit(d));
    CHECK(k.complete());
    CHECK_FALSE(k.push_digit('9'));
    CHECK(k.grouped() == "3174 0557 0890 0001");
    REQUIRE(k.nik().has_value());
    CHECK(k.nik()->digits() == "3174055708900001");
    CHECK(k.backspace());
    CHECK(k.digits() == "317405570890000");
    k.clear();
    CHECK_FALSE(k.backspace());
}

TEST_CASE("a hint appears as soon as the field that breaks a rule is complete, not before") {
    CHECK_FALSE(hint_of("0"));
    CHECK(hint_of("00") == NikProblem::unknown_province);
    CHECK_FALSE(hint_of("310"));
    CHECK(hint_of("3100") == NikProblem::regency_zero);
    CHECK(hint_of("317400") == NikProblem::district_zero);
    CHECK_FALSE(hint_of("3174053"));
    CHECK(hint_of("31740532") == NikProblem::day_out_of_range);
    CHECK(hint_of("3174054513") == NikProblem::month_out_of_range);
    // 30 February is judged once the year is typed (the rule needs the whole date).
    CHECK_FALSE(hint_of("3174053002"));
    CHECK(hint_of("317405300290") == NikProblem::day_not_in_month);
    // 29 February: fine in a leap year, flagged in another.
    CHECK_FALSE(hint_of("317405290200"));
    CHECK(hint_of("317405290201") == NikProblem::day_not_in_month);
    CHECK_FALSE(hint_of("317405570890000"));
    CHECK(hint_of("3174055708900000") == NikProblem::serial_zero);
    CHECK_FALSE(hint_of("3174055708900001"));
}

TEST_CASE("a well-formed implausible NIK is still a NIK") {
    auto k = typed("0000000000000000");
    CHECK(k.hint(kToday).has_value());
    REQUIRE(k.nik().has_value());
    CHECK(k.nik()->digits() == "0000000000000000");
}
