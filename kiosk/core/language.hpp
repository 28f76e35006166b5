// Language: the languages the resident can choose. Bahasa Indonesia is first and the default;
// English is second. Every resident-facing text exists in both.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kiosk::core {

enum class Language { id, en };

inline constexpr std::array kAllLanguages = {Language::id, Language::en};

// The ISO 639-1 code used in configuration and catalogues: "id", "en".
[[nodiscard]] constexpr std::string_view language_code(Language language) {
    return language == Language::id ? "id" : "en";
}

// Exact and lower-case: "id" or "en"; nullopt for anything else.
[[nodiscard]] constexpr std::optional<Language> language_from_code(std::string_view code) {
    if (code == "id") return Language::id;
    if (code == "en") return Language::en;
    return std::nullopt;
}

}  // namespace kiosk::core
