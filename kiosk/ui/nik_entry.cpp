#include "kiosk/ui/nik_entry.hpp"

namespace kiosk::ui {

bool NikEntry::push_digit(char digit) {
    if (digit < '0' || digit > '9' || full()) return false;
    digits_.push_back(digit);
    return true;
}

bool NikEntry::backspace() {
    if (digits_.empty()) return false;
    digits_.pop_back();
    return true;
}

bool NikEntry::clear() {
    if (digits_.empty()) return false;
    digits_.clear();
    return true;
}

std::string NikEntry::grouped_with_blanks() const {
    std::string out;
    out.reserve(19);
    for (std::size_t i = 0; i < kMaxDigits; ++i) {
        if (i > 0 && i % 4 == 0) out.push_back(' ');
        out.push_back(i < digits_.size() ? digits_[i] : '_');
    }
    return out;
}

std::size_t digits_needed_for(core::NikProblem problem) {
    using P = core::NikProblem;
    switch (problem) {
        case P::unknown_province: return 2;
        case P::regency_zero: return 4;
        case P::district_zero: return 6;
        case P::day_out_of_range: return 8;
        case P::month_out_of_range: return 10;
        case P::day_not_in_month: return 12;  // 29 February depends on the year
        case P::serial_zero: return 16;
        case P::empty:
        case P::invalid_character:
        case P::misplaced_separator:
        case P::too_short:
        case P::too_long: return 0;
    }
    return 0;
}

std::optional<core::Nik> NikEntry::nik() const {
    if (!full()) return std::nullopt;
    auto parsed = core::Nik::parse(digits_);
    if (!parsed) return std::nullopt;
    return parsed.value();
}

NikHint NikEntry::hint(core::CivilDate today) const {
    // The digits not typed yet are filled from a NIK that breaks no rule (province 11, regency 01,
    // district 01, 01-01-00, serial 0001), so a problem can only come from a typed field; a problem
    // is told only once every field its rule reads is typed.
    static constexpr char kFiller[] = "1101010101000001";
    std::string padded = digits_;
    padded.append(kFiller + digits_.size(), kMaxDigits - digits_.size());
    const std::size_t missing = kMaxDigits - digits_.size();

    auto parsed = core::Nik::parse(padded);
    if (parsed) {
        if (auto problem = core::check_plausibility(parsed.value(), today)) {
            if (digits_.size() >= digits_needed_for(problem->problem)) {
                return {NikHintKind::check_digits, missing, problem->problem};
            }
        }
    }
    if (missing > 0) return {NikHintKind::keep_typing, missing, std::nullopt};
    return {NikHintKind::ready, 0, std::nullopt};
}

}  // namespace kiosk::ui
