// KeypadEntry: the NIK as the resident types it, one digit at a time, with plausibility hints.
//
// Hints come while typing, as soon as a field is complete (a province code after two digits, a day
// after eight), so a slip is caught where it happens. A hint is a warning, never a refusal: a
// well-formed NIK with implausible digits can still be submitted after the resident confirms it,
// because NIKs are permanent even where their date digits are wrong.
#pragma once

#include "kiosk/core/civil_date.hpp"
#include "kiosk/core/nik.hpp"

#include <optional>
#include <string>

namespace kiosk::core::session {

class KeypadEntry {
public:
    // Appends a digit; anything that is not '0'-'9', or a 17th digit, is ignored (returns false).
    bool push_digit(char digit);
    bool backspace();  // false when empty
    void clear() { digits_.clear(); }

    [[nodiscard]] const std::string& digits() const { return digits_; }
    [[nodiscard]] std::size_t size() const { return digits_.size(); }
    [[nodiscard]] bool complete() const { return digits_.size() == Nik::kDigits; }

    // "1403 1215 05": the typed digits in groups of four, as the card prints them.
    [[nodiscard]] std::string grouped() const;

    // The first plausibility problem among the fields typed so far, or nullopt.
    [[nodiscard]] std::optional<NikError> hint(CivilDate today) const;

    // The NIK, once all 16 digits are typed.
    [[nodiscard]] std::optional<Nik> nik() const;

private:
    std::string digits_;
};

}  // namespace kiosk::core::session
