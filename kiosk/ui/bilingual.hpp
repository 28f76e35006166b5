// Bilingual: one resident-facing text in both languages. Every string the UI shows a resident is one
// of these (or is built from core's texts, which take the language themselves). The language is
// core::Language, the program's one language type.
#pragma once

#include "kiosk/core/language.hpp"

namespace kiosk::ui {

struct Bilingual {
    const char* id;
    const char* en;
    [[nodiscard]] constexpr const char* in(core::Language language) const {
        return language == core::Language::id ? id : en;
    }
};

}  // namespace kiosk::ui
