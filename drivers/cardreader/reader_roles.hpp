// Which physical reader does what, by configuration: a reader-name pattern per role. A pattern with
// glob characters (* ? [) is matched as a glob against the whole name, otherwise as a substring, so
// "Virtual PCD 00 00" and "ACS ACR122U*" both work.
#pragma once

#include <optional>
#include <string>

namespace kiosk::cardreader {

enum class ReaderRole {
    front,      // the resident taps a card here
    dispenser,  // the antenna at the dispenser's read position
};

[[nodiscard]] const char* to_string(ReaderRole role);

struct ReaderRoles {
    std::string front_pattern;
    std::string dispenser_pattern;

    // The role of a reader by name; front wins if both patterns match. nullopt: a reader we ignore.
    [[nodiscard]] std::optional<ReaderRole> role_of(const std::string& reader_name) const;
};

[[nodiscard]] bool reader_name_matches(const std::string& pattern, const std::string& reader_name);

}  // namespace kiosk::cardreader
