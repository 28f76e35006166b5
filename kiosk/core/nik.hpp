// Nik: the 16-digit Nomor Induk Kependudukan.
//
//   PP KK CC DDMMYY SSSS   province, kabupaten/kota, kecamatan, birth date (day + 40 for women),
//                          serial from 0001
//
// Two layers, deliberately apart:
// - Form (Nik::parse): what a person typed must be 16 digits, optionally with spaces or dashes between
//   groups. Anything else is an error: there is no NIK to look up.
// - Plausibility (check_plausibility): the region and date digits are checked to catch typing errors.
//   A NIK is permanent even where its date digits are wrong, so an implausible but well-formed NIK is
//   still a NIK: the kiosk warns ("please check the number") but never refuses a lookup for it, and
//   the checks never prove identity. Of the plausibility problems, those of the date digits
//   (is_date_digits_problem) are found in NIKs that were issued, and so are only ever a warning; the
//   others name digits no NIK is issued with (kioskctl nik check refuses those).
//
// Pure: no I/O, no clock; "today" is passed in where the century of the birth year is needed.
#pragma once

#include "kiosk/core/civil_date.hpp"
#include "kiosk/core/result.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

enum class NikProblem {
    // form
    empty,                  // nothing typed
    invalid_character,      // a character that is not a digit, space or dash
    misplaced_separator,    // a space or dash inside a group, doubled, or at either end
    too_short,              // fewer than 16 digits
    too_long,               // more than 16 digits
    // plausibility
    unknown_province,       // not one of Indonesia's province codes
    regency_zero,           // kabupaten/kota 00
    district_zero,          // kecamatan 00
    day_out_of_range,       // not 01-31 (men) or 41-71 (women)
    month_out_of_range,     // not 01-12
    day_not_in_month,       // e.g. 30 February
    serial_zero,            // serial 0000
};

// A stable identifier ("unknown_province") for machine-readable output and UI text catalogues.
[[nodiscard]] const char* to_code(NikProblem problem);

struct NikError {
    NikProblem problem;
    // Where the problem is, as a 0-based index: into the typed text for form problems (the offending
    // character), into the 16 digits for plausibility problems (the first digit of the bad field).
    std::size_t position = 0;
    std::size_t digit_count = 0;  // digits found, for too_short / too_long

    // A precise English sentence for operators and the CLI. Never contains the NIK itself.
    [[nodiscard]] std::string message() const;
    friend bool operator==(const NikError&, const NikError&) = default;
};

enum class Sex { male, female };

class Nik {
public:
    static constexpr std::size_t kDigits = 16;

    // Accepts 16 digits, with single spaces (or runs of spaces) or single dashes between groups;
    // separators may fall where a person writes them: "1403 1212 3456 0001" (4-4-4-4) or
    // "14-03-12-150590-0001" (the fields). Leading and trailing whitespace is ignored.
    static Result<Nik, NikError> parse(std::string_view typed);

    // The 16 digits, as stored and sent to the central system.
    [[nodiscard]] std::string_view digits() const { return {digits_.data(), kDigits}; }

    [[nodiscard]] int province_code() const { return field(0, 2); }
    [[nodiscard]] int regency_code() const { return field(2, 2); }   // kabupaten/kota
    [[nodiscard]] int district_code() const { return field(4, 2); }  // kecamatan
    [[nodiscard]] int region_code() const { return field(0, 4); }    // province + kabupaten/kota, e.g. 1403
    [[nodiscard]] int day_field() const { return field(6, 2); }      // as written: 41-71 for women
    [[nodiscard]] int month_field() const { return field(8, 2); }
    [[nodiscard]] int year_field() const { return field(10, 2); }    // two digits
    [[nodiscard]] int serial() const { return field(12, 4); }

    // From the day field: 41-71 is a woman; nullopt when the day field is in neither range.
    [[nodiscard]] std::optional<Sex> sex() const;

    // The birth date, the two-digit year resolved to the latest century that does not put it after
    // `today` (a NIK is issued at birth, so children have one). nullopt when the date digits are not
    // a calendar date.
    [[nodiscard]] std::optional<CivilDate> birth_date(CivilDate today) const;

    // "1403 1212 3456 0001": for the verified owner's own screen only.
    [[nodiscard]] std::string grouped() const;
    // "1403 •••• •••• 0001": shown everywhere else. Reveals only the region and the serial.
    [[nodiscard]] std::string masked() const;
    // "1403 **** **** 0001": the masked form in ASCII, for logs and terminals.
    [[nodiscard]] std::string masked_ascii() const;

    friend bool operator==(const Nik&, const Nik&) = default;
    friend auto operator<=>(const Nik&, const Nik&) = default;

private:
    explicit Nik(const std::array<char, kDigits>& digits) : digits_(digits) {}
    [[nodiscard]] int field(std::size_t at, std::size_t count) const;

    std::array<char, kDigits> digits_{};
};

// True for Indonesia's province codes: 11-19, 21, 31-36, 51-53, 61-65, 71-76, 81-82, 91-96.
[[nodiscard]] bool is_province_code(int code);

// The first plausibility rule the NIK breaks, or nullopt if it breaks none. Rules in order:
// province, kabupaten/kota, kecamatan, day, month, day in month, serial.
[[nodiscard]] std::optional<NikError> check_plausibility(const Nik& nik, CivilDate today);

// The problems of the birth-date digits (7-12): day_out_of_range, month_out_of_range and
// day_not_in_month. A NIK keeps the date digits it was issued with, also where they are not a date
// (a birth date recorded wrongly and corrected later), so a NIK with such digits is still valid: a
// warning, never a refusal. Every other plausibility problem names digits no NIK is issued with.
[[nodiscard]] bool is_date_digits_problem(NikProblem problem);

// Every plausibility rule the NIK breaks, in check_plausibility's order (its first element is
// check_plausibility's answer). The date digits give at most one problem, the first: a month out of
// range says nothing about the day in it.
[[nodiscard]] std::vector<NikError> plausibility_problems(const Nik& nik, CivilDate today);

// Parse then check: the form error, else the first plausibility error.
[[nodiscard]] Result<Nik, NikError> parse_plausible_nik(std::string_view typed, CivilDate today);

}  // namespace kiosk::core
