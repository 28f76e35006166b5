// The resident's language. Bahasa Indonesia is the default and is always offered first.
#pragma once

namespace kiosk::ui {

enum class Language { id, en };

// id/en text chosen by language: every resident-facing string in the UI is one of these.
struct Bilingual {
    const char* id;
    const char* en;
    [[nodiscard]] const char* in(Language language) const { return language == Language::id ? id : en; }
};

}  // namespace kiosk::ui
