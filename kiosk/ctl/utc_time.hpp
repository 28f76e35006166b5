// Unix times as kioskctl prints them for a person: ISO 8601 in UTC ("2025-10-09T08:00:00Z").
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace kiosk::ctl {

// "?" for a time the C library cannot represent.
[[nodiscard]] inline std::string utc_iso(std::int64_t unix_s) {
    const auto time = static_cast<std::time_t>(unix_s);
    std::tm parts{};
    if (gmtime_r(&time, &parts) == nullptr) return "?";
    char text[32];
    if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) == 0) return "?";
    return text;
}

}  // namespace kiosk::ctl
