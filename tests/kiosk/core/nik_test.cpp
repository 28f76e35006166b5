#include "kiosk/core/nik.hpp"
#include <algorithm>
#include <iterator>
#include <vector>

#include <doctest/doctest.h>

using namespace kiosk::core;

namespace {
constexpr CivilDate kToday{2026, 11, 21};

NikProblem form_problem(std::string_view typed) {
    auto r = Nik::parse(typed);
    REQUIRE_FALSE(r.ok());
    return r.error().problem;
}

std::optional<NikProblem> plausibility(std::string_view digits) {
    auto r = Nik::parse(digits);
    REQUIRE(r.ok());
    auto problem = check_plausibility(*r, kToday);
    return problem ? std::optional(problem->problem) : std::nullopt;
}
}  // namespace

TEST_CASE("a well-formed NIK parses with or without separators between groups") {
    for (const char* typed : {"1403121505900001", "1403 1215 0590 0001", "14-03-12-150590-0001", "140312 150590 0001",
                              "  1403 1215 0590 0001\n", "1403 - 1215 - 0590 - 0001", "1403  1215 0590 0001"}) {
        CAPTURE(typed);
        auto nik = Nik::parse(typed);
        REQUIRE(nik.ok());
        CHECK(nik->digits() == "1403121505900001");
    }
}

TEST_CASE("form errors name the problem and where") {
    CHECK(form_problem("") == NikProblem::empty);
    CHECK(form_problem("   ") == NikProblem::empty);
    auto bad = Nik::parse("1403x21505900001");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error() == NikError{NikProblem::invalid_character, 4, 0});
    CHECK(form_problem("1403.1215.0590.0001") == NikProblem::invalid_character);
    CHECK(form_problem("14031 215 0590 0001") == NikProblem::misplaced_separator);
    CHECK(form_problem("1403--1215 0590 0001") == NikProblem::misplaced_separator);
    CHECK(form_problem("-1403121505900001") == NikProblem::misplaced_separator);
    CHECK(form_problem("1403121505900001-") == NikProblem::misplaced_separator);
    auto short_one = Nik::parse("140312150590001");
    REQUIRE_FALSE(short_one.ok());
    CHECK(short_one.error().problem == NikProblem::too_short);
    CHECK(short_one.error().digit_count == 15);
    CHECK(short_one.error().message() == "a NIK has 16 digits, this has 15");
    CHECK(form_problem("14031215059000011") == NikProblem::too_long);
    CHECK(form_problem("1403 1215 0590 0001 2") == NikProblem::too_long);
}

TEST_CASE("province codes are exactly Indonesia's") {
    const int valid[] = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                         61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
    int accepted = 0;
    for (int code = 0; code <= 99; ++code) {
        const bool expected = std::find(std::begin(valid), std::end(valid), code) != std::end(valid);
        CHECK_MESSAGE(is_province_code(code) == expected, code);
        accepted += is_province_code(code) ? 1 : 0;
    }
    CHECK(accepted == 38);
    CHECK(plausibility("1003121505900001") == NikProblem::unknown_province);
    CHECK(plausibility("2003121505900001") == NikProblem::unknown_province);
    CHECK(plausibility("2203121505900001") == NikProblem::unknown_province);
    CHECK(plausibility("9703121505900001") == NikProblem::unknown_province);
    CHECK_FALSE(plausibility("9603121505900001"));
}

TEST_CASE("kabupaten/kota and kecamatan cannot be 00") {
    CHECK(plausibility("1400121505900001") == NikProblem::regency_zero);
    CHECK(plausibility("1403001505900001") == NikProblem::district_zero);
    CHECK_FALSE(plausibility("1401011505900001"));
    CHECK_FALSE(plausibility("1499991505900001"));
}

TEST_CASE("day 01-31 for men, 41-71 for women; month 01-12; serial not 0000") {
    CHECK(plausibility("1403120005900001") == NikProblem::day_out_of_range);
    CHECK_FALSE(plausibility("1403120105900001"));
    CHECK_FALSE(plausibility("1403123101900001"));
    CHECK(plausibility("1403123205900001") == NikProblem::day_out_of_range);
    CHECK(plausibility("1403124005900001") == NikProblem::day_out_of_range);
    CHECK_FALSE(plausibility("1403124101900001"));
    CHECK_FALSE(plausibility("1403127101900001"));
    CHECK(plausibility("1403127205900001") == NikProblem::day_out_of_range);
    CHECK(plausibility("1403121500900001") == NikProblem::month_out_of_range);
    CHECK(plausibility("1403121513900001") == NikProblem::month_out_of_range);
    CHECK_FALSE(plausibility("1403121512900001"));
    CHECK(plausibility("1403121505900000") == NikProblem::serial_zero);
    CHECK_FALSE(plausibility("1403121505909999"));
}

TEST_CASE("a day the month does not have is caught, leap years resolved by century") {
    CHECK(plausibility("1403123102900001") == NikProblem::day_not_in_month);   // 31 Feb
    CHECK(plausibility("1403123104900001") == NikProblem::day_not_in_month);   // 31 Apr
    CHECK_FALSE(plausibility("1403122902000001"));                           // 29 Feb 2000
    CHECK(plausibility("1403122902010001") == NikProblem::day_not_in_month);   // 29 Feb 2001
    CHECK_FALSE(plausibility("1403126902960001"));                           // 29 Feb 1996, woman
}

TEST_CASE("sex and birth date are derived, the year resolved against today") {
    auto man = Nik::parse("1403121505900001");
    REQUIRE(man.ok());
    CHECK(man->sex() == Sex::male);
    CHECK(man->birth_date(kToday) == CivilDate{1990, 5, 15});
    auto woman = Nik::parse("1403125505080001");
    REQUIRE(woman.ok());
    CHECK(woman->sex() == Sex::female);
    CHECK(woman->birth_date(kToday) == CivilDate{2008, 5, 15});
    // Born later in the year than today, two-digit year equal to today's: last century.
    auto old = Nik::parse("1403122112260001");
    REQUIRE(old.ok());
    CHECK(old->birth_date(kToday) == CivilDate{1926, 12, 21});
    auto newborn = Nik::parse("1403122111260001");
    REQUIRE(newborn.ok());
    CHECK(newborn->birth_date(kToday) == CivilDate{2026, 11, 21});
}

TEST_CASE("an implausible NIK is still a NIK: parse accepts it, plausibility names the reason") {
    auto nik = Nik::parse("1403129913900001");
    REQUIRE(nik.ok());
    auto strict = parse_plausible_nik("1403129913900001", kToday);
    REQUIRE_FALSE(strict.ok());
    CHECK(strict.error().problem == NikProblem::day_out_of_range);
    CHECK(strict.error().position == 6);
}

TEST_CASE("date-digit problems are told apart from digits no NIK is issued with") {
    CHECK(is_date_digits_problem(NikProblem::day_out_of_range));
    CHECK(is_date_digits_problem(NikProblem::month_out_of_range));
    CHECK(is_date_digits_problem(NikProblem::day_not_in_month));
    for (auto problem : {NikProblem::unknown_province, NikProblem::regency_zero, NikProblem::district_zero,
                         NikProblem::serial_zero, NikProblem::empty, NikProblem::too_short}) {
        CAPTURE(to_code(problem));
        CHECK_FALSE(is_date_digits_problem(problem));
    }
}

TEST_CASE("plausibility_problems lists every broken rule in order, one for the date digits") {
    auto codes = [](std::string_view digits) {
        auto nik = Nik::parse(digits);
        REQUIRE(nik.ok());
        std::vector<NikProblem> out;
        for (const auto& problem : plausibility_problems(*nik, kToday)) out.push_back(problem.problem);
        return out;
    };
    CHECK(codes("1403121505900001").empty());
    CHECK(codes("1403123002900001") == std::vector{NikProblem::day_not_in_month});  // 30 February
    // Province 10, kecamatan 00, day 35 (and month 13, which the bad day hides), serial 0000.
    CHECK(codes("1003003513900000") == std::vector{NikProblem::unknown_province, NikProblem::district_zero,
                                                   NikProblem::day_out_of_range, NikProblem::serial_zero});
    CHECK(codes("1403121513900000") == std::vector{NikProblem::month_out_of_range, NikProblem::serial_zero});
    // check_plausibility is the first of them.
    auto nik = Nik::parse("1403123002900000");
    REQUIRE(nik.ok());
    CHECK(check_plausibility(*nik, kToday)->problem == NikProblem::day_not_in_month);
    CHECK(plausibility_problems(*nik, kToday).back().problem == NikProblem::serial_zero);
}

TEST_CASE("masking shows region and serial only") {
    auto nik = Nik::parse("1403121505900001");
    REQUIRE(nik.ok());
    CHECK(nik->grouped() == "1403 1215 0590 0001");
    CHECK(nik->masked() == "1403 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 0001");
    CHECK(nik->masked_ascii() == "1403 **** **** 0001");
    CHECK(nik->masked_ascii().find("1215") == std::string::npos);
    CHECK(nik->region_code() == 1403);
}

TEST_CASE("error messages never contain the digits typed") {
    for (const char* typed : {"1403x21505900001", "140312150590001", "9903121505900001"}) {
        auto r = parse_plausible_nik(typed, kToday);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message().find("1403") == std::string::npos);
        CHECK(r.error().message().find("0590") == std::string::npos);
    }
}
