// CivilDate: a calendar date without a time zone, for birth dates and "today" passed into core.
#pragma once

#include <compare>
#include <optional>
#include <string>

namespace kiosk::core {

struct CivilDate {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1-31

    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;

    [[nodiscard]] static bool is_leap_year(int year);
    [[nodiscard]] static int days_in_month(int year, int month);  // 0 for a month outside 1-12
    [[nodiscard]] bool is_valid() const;
    [[nodiscard]] std::string iso() const;  // YYYY-MM-DD

    // Parses "YYYY-MM-DD" or "YYYYMMDD"; nullopt unless it is a real calendar date.
    [[nodiscard]] static std::optional<CivilDate> parse(const std::string& text);
};

}  // namespace kiosk::core
