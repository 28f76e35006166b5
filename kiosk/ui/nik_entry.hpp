// NikEntry: the digits a resident has typed so far on the identify screen, and what to tell them
// about it. Pure (no SDL); the NikField widget draws it.
//
// Hints follow the typing: a region or date field is checked with kiosk::core's plausibility rules
// as soon as all of its digits are typed (and only then, so a half-typed day is never "wrong"). An
// implausible NIK is a warning and never blocks "Lanjut": the NIK is permanent even where its
// digits look wrong (see DESIGN.md).
#pragma once

#include "kiosk/core/civil_date.hpp"
#include "kiosk/core/nik.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace kiosk::ui {

enum class NikHintKind {
    keep_typing,       // fewer than 16 digits, nothing wrong so far: "7 more digits"
    ready,             // 16 plausible digits: "press Lanjut"
    check_digits,      // a typed field breaks a plausibility rule: `problem` says which
    too_short_submit,  // the resident pressed OK/Enter with fewer than 16 digits
};

struct NikHint {
    NikHintKind kind = NikHintKind::keep_typing;
    std::size_t digits_missing = 0;
    std::optional<core::NikProblem> problem;  // for check_digits
    friend bool operator==(const NikHint&, const NikHint&) = default;
};

class NikEntry {
public:
    static constexpr std::size_t kMaxDigits = core::Nik::kDigits;

    // Appends a digit ('0'-'9'); false (and no change) when the entry is full or `digit` is not one.
    bool push_digit(char digit);
    bool backspace();  // false when already empty
    bool clear();      // false when already empty

    [[nodiscard]] const std::string& digits() const { return digits_; }
    [[nodiscard]] std::size_t size() const { return digits_.size(); }
    [[nodiscard]] bool full() const { return digits_.size() == kMaxDigits; }

    // The entry as shown, in four groups of four with '_' for the digits still to type:
    // "1403 1215 05__ ____". Always 19 characters.
    [[nodiscard]] std::string grouped_with_blanks() const;

    // The hint for what is typed now, given today's date (for the birth year's century).
    [[nodiscard]] NikHint hint(core::CivilDate today) const;

    // The NIK when 16 digits are typed (plausible or not), else nullopt.
    [[nodiscard]] std::optional<core::Nik> nik() const;

private:
    std::string digits_;
};

// The number of digits a plausibility problem needs typed before it can be told: the end of the
// last field the rule reads.
[[nodiscard]] std::size_t digits_needed_for(core::NikProblem problem);

}  // namespace kiosk::ui
