#include "kiosk/core/civil_date.hpp"

#include <cstdio>

namespace kiosk::core {

bool CivilDate::is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int CivilDate::days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

bool CivilDate::is_valid() const { return day >= 1 && day <= days_in_month(year, month); }

std::string CivilDate::iso() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

std::optional<CivilDate> CivilDate::parse(const std::string& text) {
    std::string digits;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-')
        digits = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
    else if (text.size() == 8)
        digits = text;
    else
        return std::nullopt;
    for (const char c : digits)
        if (c < '0' || c > '9') return std::nullopt;
    const auto number = [&](std::size_t at, std::size_t count) {
        int value = 0;
        for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (digits[i] - '0');
        return value;
    };
    CivilDate date{number(0, 4), number(4, 2), number(6, 2)};
    if (!date.is_valid()) return std::nullopt;
    return date;
}

}  // namespace kiosk::core
