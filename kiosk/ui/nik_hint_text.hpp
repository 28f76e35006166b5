// The words the identify screen says about the NIK being typed, in id and en.
//
// A local table kept in this one file on purpose: the official resident-facing catalogue
// (kiosk/core/status_text) will replace it, and only this file and its .cpp need to change then.
// Plain words for residents: no codes, no jargon, say what to do next, never repeat the NIK.
#pragma once

#include "kiosk/ui/language.hpp"
#include "kiosk/ui/nik_entry.hpp"

#include <string>

namespace kiosk::ui {

// One sentence or two for the hint line under the NIK field.
[[nodiscard]] std::string nik_hint_text(const NikHint& hint, Language language);

// True when the hint tells of a problem (drawn in the problem colour), false for guidance.
[[nodiscard]] bool nik_hint_is_problem(const NikHint& hint);

}  // namespace kiosk::ui
