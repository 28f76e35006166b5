#include "drivers/cardreader/reader_roles.hpp"

#include <fnmatch.h>

namespace kiosk::cardreader {

const char* to_string(ReaderRole role) {
    return role == ReaderRole::front ? "front" : "dispenser";
}

bool reader_name_matches(const std::string& pattern, const std::string& reader_name) {
    if (pattern.empty()) return false;
    if (pattern.find_first_of("*?[") != std::string::npos)
        return ::fnmatch(pattern.c_str(), reader_name.c_str(), 0) == 0;
    return reader_name.find(pattern) != std::string::npos;
}

std::optional<ReaderRole> ReaderRoles::role_of(const std::string& reader_name) const {
    if (reader_name_matches(front_pattern, reader_name)) return ReaderRole::front;
    if (reader_name_matches(dispenser_pattern, reader_name)) return ReaderRole::dispenser;
    return std::nullopt;
}

}  // namespace kiosk::cardreader
