#include "kiosk/core/nik.hpp"

#include <algorithm>

namespace kiosk::core {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Digit counts after which a separator may stand: the 4-4-4-4 grouping people copy from the card
// and the 2-2-2-6-4 fields (and 6-6-4) that forms print.
bool is_group_boundary(std::size_t digits_before) {
    switch (digits_before) {
        case 2: case 4: case 6: case 8: case 12: return true;
        default: return false;
    }
}

}  // namespace

const char* to_code(NikProblem problem) {
    switch (problem) {
        case NikProblem::empty: return "empty";
        case NikProblem::invalid_character: return "invalid_character";
        case NikProblem::misplaced_separator: return "misplaced_separator";
        case NikProblem::too_short: return "too_short";
        case NikProblem::too_long: return "too_long";
        case NikProblem::unknown_province: return "unknown_province";
        case NikProblem::regency_zero: return "regency_zero";
        case NikProblem::district_zero: return "district_zero";
        case NikProblem::day_out_of_range: return "day_out_of_range";
        case NikProblem::month_out_of_range: return "month_out_of_range";
        case NikProblem::day_not_in_month: return "day_not_in_month";
        case NikProblem::serial_zero: return "serial_zero";
    }
    return "unknown";
}

std::string NikError::message() const {
    const std::string at = std::to_string(position + 1);
    switch (problem) {
        case NikProblem::empty: return "no NIK was given";
        case NikProblem::invalid_character:
            return "character " + at + " is not a digit (only digits, spaces and dashes are allowed)";
        case NikProblem::misplaced_separator:
            return "the space or dash at character " + at + " is not between two groups of digits";
        case NikProblem::too_short:
            return "a NIK has 16 digits, this has " + std::to_string(digit_count);
        case NikProblem::too_long:
            return "a NIK has 16 digits, this has " + std::to_string(digit_count);
        case NikProblem::unknown_province:
            return "digits 1-2 are not an Indonesian province code (11-19, 21, 31-36, 51-53, 61-65, 71-76, "
                   "81-82, 91-96)";
        case NikProblem::regency_zero: return "digits 3-4 (kabupaten/kota) cannot be 00";
        case NikProblem::district_zero: return "digits 5-6 (kecamatan) cannot be 00";
        case NikProblem::day_out_of_range:
            return "digits 7-8 (day of birth) must be 01-31, or 41-71 for women";
        case NikProblem::month_out_of_range: return "digits 9-10 (month of birth) must be 01-12";
        case NikProblem::day_not_in_month:
            return "digits 7-12 are not a real date: that month has fewer days";
        case NikProblem::serial_zero: return "digits 13-16 (serial) cannot be 0000";
    }
    return "unknown problem";
}

Result<Nik, NikError> Nik::parse(std::string_view typed) {
    std::size_t begin = 0;
    std::size_t end = typed.size();
    while (begin < end && is_space(typed[begin])) ++begin;
    while (end > begin && is_space(typed[end - 1])) --end;
    if (begin == end) return fail(NikError{NikProblem::empty, 0, 0});

    std::array<char, kDigits> digits{};
    std::size_t count = 0;
    std::size_t i = begin;
    while (i < end) {
        const char c = typed[i];
        if (is_digit(c)) {
            if (count < kDigits) digits[count] = c;
            ++count;
            ++i;
            continue;
        }
        if (c != ' ' && c != '-') return fail(NikError{NikProblem::invalid_character, i, 0});
        // A separator: a run of spaces with at most one dash in it, between two groups of digits.
        const std::size_t separator_at = i;
        int dashes = 0;
        while (i < end && (typed[i] == ' ' || typed[i] == '-')) {
            if (typed[i] == '-' && ++dashes > 1) return fail(NikError{NikProblem::misplaced_separator, i, 0});
            ++i;
        }
        // Past 16 digits the useful answer is "too long", not where the extra group was put.
        if (count == 0 || i == end || (count < kDigits && !is_group_boundary(count)))
            return fail(NikError{NikProblem::misplaced_separator, separator_at, 0});
    }
    if (count < kDigits) return fail(NikError{NikProblem::too_short, end, count});
    if (count > kDigits) return fail(NikError{NikProblem::too_long, end, count});
    return Nik(digits);
}

int Nik::field(std::size_t at, std::size_t count) const {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (digits_[i] - '0');
    return value;
}

std::optional<Sex> Nik::sex() const {
    const int day = day_field();
    if (day >= 1 && day <= 31) return Sex::male;
    if (day >= 41 && day <= 71) return Sex::female;
    return std::nullopt;
}

std::optional<CivilDate> Nik::birth_date(CivilDate today) const {
    const auto s = sex();
    if (!s) return std::nullopt;
    const int day = *s == Sex::female ? day_field() - 40 : day_field();
    const int century = today.year / 100 * 100;
    const int yy = year_field();
    CivilDate date{century + yy, month_field(), day};
    if (month_field() < 1 || month_field() > 12) return std::nullopt;
    // The latest century that does not put the birth after today. Feb 29 is checked per candidate
    // year, so "290200" resolves to 2000 and "290201" is not a date in any century.
    if (date > today) date.year -= 100;
    if (!date.is_valid()) return std::nullopt;
    return date;
}

std::string Nik::grouped() const {
    const auto d = digits();
    return std::string(d.substr(0, 4)) + ' ' + std::string(d.substr(4, 4)) + ' ' + std::string(d.substr(8, 4)) + ' ' +
           std::string(d.substr(12, 4));
}

std::string Nik::masked() const {
    const auto d = digits();
    return std::string(d.substr(0, 4)) + " \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 " +
           std::string(d.substr(12, 4));
}

std::string Nik::masked_ascii() const {
    const auto d = digits();
    return std::string(d.substr(0, 4)) + " **** **** " + std::string(d.substr(12, 4));
}

bool is_province_code(int code) {
    return (code >= 11 && code <= 19) || code == 21 || (code >= 31 && code <= 36) || (code >= 51 && code <= 53) ||
           (code >= 61 && code <= 65) || (code >= 71 && code <= 76) || (code >= 81 && code <= 82) ||
           (code >= 91 && code <= 96);
}

bool is_date_digits_problem(NikProblem problem) {
    return problem == NikProblem::day_out_of_range || problem == NikProblem::month_out_of_range ||
           problem == NikProblem::day_not_in_month;
}

std::vector<NikError> plausibility_problems(const Nik& nik, CivilDate today) {
    std::vector<NikError> problems;
    if (!is_province_code(nik.province_code())) problems.push_back({NikProblem::unknown_province, 0, 0});
    if (nik.regency_code() == 0) problems.push_back({NikProblem::regency_zero, 2, 0});
    if (nik.district_code() == 0) problems.push_back({NikProblem::district_zero, 4, 0});
    if (!nik.sex())
        problems.push_back({NikProblem::day_out_of_range, 6, 0});
    else if (nik.month_field() < 1 || nik.month_field() > 12)
        problems.push_back({NikProblem::month_out_of_range, 8, 0});
    else if (!nik.birth_date(today))
        problems.push_back({NikProblem::day_not_in_month, 6, 0});
    if (nik.serial() == 0) problems.push_back({NikProblem::serial_zero, 12, 0});
    return problems;
}

std::optional<NikError> check_plausibility(const Nik& nik, CivilDate today) {
    auto problems = plausibility_problems(nik, today);
    if (problems.empty()) return std::nullopt;
    return problems.front();
}

Result<Nik, NikError> parse_plausible_nik(std::string_view typed, CivilDate today) {
    auto nik = Nik::parse(typed);
    if (!nik) return nik;
    if (auto problem = check_plausibility(*nik, today)) return fail(*problem);
    return nik;
}

}  // namespace kiosk::core
