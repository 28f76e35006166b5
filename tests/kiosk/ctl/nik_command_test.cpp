// kioskctl nik check, run as the operator runs it: the built binary, its exit status and output.
#include "tests/kiosk/ctl/nik_run_kioskctl.hpp"

#include <doctest/doctest.h>

#include <string>

using kiosk::test::run_kioskctl;

namespace {

constexpr const char* kToday = "2026-11-21";

int exit_of(const std::string& nik) {
    return run_kioskctl({"nik", "check", nik, "--today", kToday}).exit_code;
}

// The code in `key` ("problem", "warning") of --json's answer, after checking the exit status.
std::string code_of(const std::string& nik, const std::string& key, int exit_code) {
    const auto run = run_kioskctl({"nik", "check", nik, "--json", "--today", kToday});
    CHECK(run.exit_code == exit_code);
    const std::string field = "\"" + key + "\": \"";
    const auto at = run.out.find(field);
    if (at == std::string::npos) return "(none)";
    return run.out.substr(at + field.size(), run.out.find('"', at + field.size()) - at - field.size());
}

// Why the NIK is refused (exit 1).
std::string problem_of(const std::string& nik) {
    return code_of(nik, "problem", 1);
}
// What is wrong with the date digits of a NIK that is still valid (exit 0).
std::string warning_of(const std::string& nik) {
    return code_of(nik, "warning", 0);
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a plausible NIK exits 0 and is echoed masked only") {
    const auto run = run_kioskctl({"nik", "check", "1403121505900001", "--today", kToday});
    CHECK(run.exit_code == 0);
    CHECK(run.out == "1403 **** **** 0001: plausible\n");
    CHECK(run.err.empty());
    CHECK_FALSE(has(run.out, "1505"));
}

TEST_CASE("the NIK may be given with its groups as separate arguments or with dashes") {
    CHECK(run_kioskctl({"nik", "check", "1403", "1215", "0590", "0001", "--today", kToday}).exit_code == 0);
    CHECK(exit_of("14-03-12-150590-0001") == 0);
    CHECK(exit_of("1403 1215 0590 0001") == 0);
}

TEST_CASE("--json prints the parts the rules look at") {
    const auto run = run_kioskctl({"nik", "check", "3171045505080023", "--json", "--today", kToday});
    CHECK(run.exit_code == 0);
    CHECK(run.out ==
          "{\"plausible\": true, \"valid\": true, \"problem\": null, \"message\": null, \"warning\": null, "
          "\"warning_message\": null, \"masked\": \"3171 **** **** 0023\", "
          "\"province\": \"31\", \"regency\": \"71\", \"district\": \"04\", \"sex\": \"female\", "
          "\"birth_date\": \"2008-05-15\", \"serial\": \"0023\"}\n");
    CHECK_FALSE(has(run.out, "3171045505080023"));
}

TEST_CASE("--json for a malformed NIK has the problem and no parts") {
    const auto run = run_kioskctl({"nik", "check", "14031215", "--json", "--today", kToday});
    CHECK(run.exit_code == 1);
    CHECK(run.out ==
          "{\"plausible\": false, \"valid\": false, \"problem\": \"too_short\", "
          "\"message\": \"a NIK has 16 digits, this has 8\", \"warning\": null, \"warning_message\": null, "
          "\"masked\": null, \"province\": null, \"regency\": null, \"district\": null, \"sex\": null, "
          "\"birth_date\": null, \"serial\": null}\n");
    CHECK(run.err == "kioskctl nik check: not a valid NIK (too_short): a NIK has 16 digits, this has 8\n");
}

TEST_CASE("every form rule: exit 1 with the reason on stderr") {
    CHECK(problem_of("") == "empty");
    CHECK(problem_of("   ") == "empty");
    CHECK(problem_of("1403x21505900001") == "invalid_character");
    CHECK(problem_of("14031 215 0590 0001") == "misplaced_separator");
    CHECK(problem_of("1403--1215 0590 0001") == "misplaced_separator");
    CHECK(problem_of("140312150590001") == "too_short");
    CHECK(problem_of("14031215059000011") == "too_long");
    const auto run = run_kioskctl({"nik", "check", "1403x21505900001", "--today", kToday});
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "kioskctl nik check: not a valid NIK (invalid_character): character 5 is not a digit (only digits, "
          "spaces and dashes are allowed)\n");
}

TEST_CASE("every plausibility rule and its edges") {
    // province
    CHECK(problem_of("1003121505900001") == "unknown_province");
    CHECK(problem_of("9703121505900001") == "unknown_province");
    CHECK(exit_of("1103121505900001") == 0);
    CHECK(exit_of("9603121505900001") == 0);
    // kabupaten/kota and kecamatan
    CHECK(problem_of("1400121505900001") == "regency_zero");
    CHECK(problem_of("1403001505900001") == "district_zero");
    CHECK(exit_of("1401011505900001") == 0);
    // day: 01-31 men, 41-71 women (date digits: a warning, the NIK still valid)
    CHECK(warning_of("1403120005900001") == "day_out_of_range");
    CHECK(warning_of("1403120105900001") == "(none)");
    CHECK(warning_of("1403123101900001") == "(none)");
    CHECK(warning_of("1403123205900001") == "day_out_of_range");
    CHECK(warning_of("1403124005900001") == "day_out_of_range");
    CHECK(warning_of("1403124101900001") == "(none)");
    CHECK(warning_of("1403127101900001") == "(none)");
    CHECK(warning_of("1403127205900001") == "day_out_of_range");
    // month
    CHECK(warning_of("1403121500900001") == "month_out_of_range");
    CHECK(warning_of("1403121513900001") == "month_out_of_range");
    CHECK(warning_of("1403121512900001") == "(none)");
    // day in month, leap years by century
    CHECK(warning_of("1403123102900001") == "day_not_in_month");
    CHECK(warning_of("1403122902000001") == "(none)");
    CHECK(warning_of("1403122902010001") == "day_not_in_month");
    // serial
    CHECK(problem_of("1403121505900000") == "serial_zero");
    CHECK(exit_of("1403121505909999") == 0);
}

TEST_CASE("date digits that are not a date (30 February) make a valid NIK: a warning, exit 0") {
    const auto run = run_kioskctl({"nik", "check", "1403123002900001", "--today", kToday});
    CHECK(run.exit_code == 0);
    CHECK(run.out == "1403 **** **** 0001: valid, with a warning\n");
    CHECK(run.err ==
          "kioskctl nik check: warning (day_not_in_month): digits 7-12 are not a real date: that month has fewer "
          "days; a NIK keeps the date digits it was issued with, so it is still valid\n");
    CHECK_FALSE(has(run.out + run.err, "3002"));

    const auto json = run_kioskctl({"nik", "check", "1403123002900001", "--json", "--today", kToday});
    CHECK(json.exit_code == 0);
    CHECK(json.out ==
          "{\"plausible\": false, \"valid\": true, \"problem\": null, \"message\": null, "
          "\"warning\": \"day_not_in_month\", \"warning_message\": \"digits 7-12 are not a real date: that month "
          "has fewer days\", \"masked\": \"1403 **** **** 0001\", \"province\": \"14\", \"regency\": \"03\", "
          "\"district\": \"12\", \"sex\": \"male\", \"birth_date\": null, \"serial\": \"0001\"}\n");
    CHECK(has(json.err, "warning (day_not_in_month)"));
}

TEST_CASE("wrong date digits do not excuse digits no NIK is issued with: the refusal wins, the warning is kept") {
    // 30 February and serial 0000.
    const auto json = run_kioskctl({"nik", "check", "1403123002900000", "--json", "--today", kToday});
    CHECK(json.exit_code == 1);
    CHECK(has(json.out, "\"valid\": false, \"problem\": \"serial_zero\""));
    CHECK(has(json.out, "\"warning\": \"day_not_in_month\""));
    CHECK(json.err == "kioskctl nik check: not a valid NIK (serial_zero): digits 13-16 (serial) cannot be 0000\n");
}

TEST_CASE("--today resolves the century of the birth year") {
    const auto born_2026 = run_kioskctl({"nik", "check", "1403122111260001", "--json", "--today", "2026-11-21"});
    CHECK(has(born_2026.out, "\"birth_date\": \"2026-11-21\""));
    const auto born_1926 = run_kioskctl({"nik", "check", "1403122111260001", "--json", "--today", "2026-11-20"});
    CHECK(has(born_1926.out, "\"birth_date\": \"1926-11-21\""));
}

TEST_CASE("without --today the real date is used") {
    // Born on 1 January of '00: year 2000 under any clock from 2000 to 2099.
    const auto run = run_kioskctl({"nik", "check", "1403120101000001", "--json"});
    CHECK(run.exit_code == 0);
    CHECK(has(run.out, "\"birth_date\": \"2000-01-01\""));
}

TEST_CASE("usage errors exit 2") {
    CHECK(run_kioskctl({"nik", "check"}).exit_code == 2);
    CHECK(run_kioskctl({"nik", "check", "1403121505900001", "--today", "2026-02-30"}).exit_code == 2);
    CHECK(run_kioskctl({"nik", "check", "1403121505900001", "--today", "yesterday"}).exit_code == 2);
    CHECK(run_kioskctl({"nik", "check", "1403121505900001", "--frobnicate"}).exit_code == 2);
    CHECK(run_kioskctl({"nik"}).exit_code == 2);
    const auto run = run_kioskctl({"nik", "check", "1403121505900001", "--today", "2026-13-01"});
    CHECK(has(run.err, "--today must be a calendar date YYYY-MM-DD"));
}
