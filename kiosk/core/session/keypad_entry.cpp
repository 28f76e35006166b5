#include "kiosk/core/session/keypad_entry.hpp"

namespace kiosk::core::session {
namespace {

// Digits that pass every plausibility rule (province 11, regency 01, district 01, 01-01-00, serial
// 0001), used for the fields not typed yet so only typed fields can raise a problem. Year 00 is a
// leap year in either century, so a typed 29 February is not flagged before the year is typed.
constexpr std::string_view kFiller = "1101010101000001";

// The number of digits that must be typed before a problem can be judged.
std::size_t decided_after(NikProblem problem) {
    switch (problem) {
        case NikProblem::unknown_province: return 2;
        case NikProblem::regency_zero: return 4;
        case NikProblem::district_zero: return 6;
        case NikProblem::day_out_of_range: return 8;
        case NikProblem::month_out_of_range: return 10;
        case NikProblem::day_not_in_month: return 12;  // 29 February needs the year
        case NikProblem::serial_zero: return 16;
        default: return Nik::kDigits;
    }
}

}  // namespace

bool KeypadEntry::push_digit(char digit) {
    if (digit < '0' || digit > '9' || complete()) return false;
    digits_.push_back(digit);
    return true;
}

bool KeypadEntry::backspace() {
    if (digits_.empty()) return false;
    digits_.pop_back();
    return true;
}

std::string KeypadEntry::grouped() const {
    std::string out;
    for (std::size_t i = 0; i < digits_.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back(' ');
        out.push_back(digits_[i]);
    }
    return out;
}

std::optional<NikError> KeypadEntry::hint(CivilDate today) const {
    if (digits_.empty()) return std::nullopt;
    std::string candidate(kFiller);
    candidate.replace(0, digits_.size(), digits_);
    auto nik = Nik::parse(candidate);
    if (!nik.ok()) return std::nullopt;  // cannot happen: the candidate is 16 digits
    auto problem = check_plausibility(*nik, today);
    if (!problem || decided_after(problem->problem) > digits_.size()) return std::nullopt;
    return problem;
}

std::optional<Nik> KeypadEntry::nik() const {
    if (!complete()) return std::nullopt;
    auto nik = Nik::parse(digits_);
    if (!nik.ok()) return std::nullopt;
    return *nik;
}

}  // namespace kiosk::core::session
