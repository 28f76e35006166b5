#include "kiosk/store/lock_book_v2_text.hpp"

#include "kiosk/store/nik_locks.hpp"
#include "kiosk/store/settings.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::store {
namespace {

namespace session = core::session;

constexpr std::string_view kSpace = " \t\r\v\f";

// The next whitespace-separated field of `line`, consumed from it; empty at the end.
std::string_view next_field(std::string_view& line) {
    const auto begin = line.find_first_not_of(kSpace);
    if (begin == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(begin);
    const auto end = std::min(line.find_first_of(kSpace), line.size());
    const std::string_view field = line.substr(0, end);
    line.remove_prefix(end);
    return field;
}

std::optional<session::Instant> instant_from(std::string_view text) {
    std::int64_t unix_ms = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), unix_ms);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return session::Instant(session::Millis(unix_ms));
}

bool is_nik_digits(std::string_view text) {
    return text.size() == core::Nik::kDigits && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<session::NikLockBook::Entry> parse_line(std::string_view line) {
    const std::string_view nik = next_field(line);
    const std::string_view locked = next_field(line);
    std::string_view failures = next_field(line);
    if (locked.empty() || !is_nik_digits(nik)) return std::nullopt;
    session::NikLockBook::Entry entry;
    entry.nik_digits = std::string(nik);
    if (locked != "-") {
        entry.locked_until = instant_from(locked);
        if (!entry.locked_until) return std::nullopt;
    }
    while (!failures.empty()) {
        const auto comma = std::min(failures.find(','), failures.size());
        const std::string_view item = failures.substr(0, comma);
        failures.remove_prefix(std::min(comma + 1, failures.size()));
        if (item.empty()) continue;
        const auto at = instant_from(item);
        if (!at) return std::nullopt;
        entry.failures.push_back(*at);
    }
    return entry;
}

}  // namespace

std::vector<session::NikLockBook::Entry> parse_lock_book_v2_text(std::string_view text) {
    std::vector<session::NikLockBook::Entry> entries;
    while (!text.empty()) {
        const auto newline = std::min(text.find('\n'), text.size());
        if (auto entry = parse_line(text.substr(0, newline))) entries.push_back(std::move(*entry));
        text.remove_prefix(std::min(newline + 1, text.size()));
    }
    return entries;
}

Status move_lock_book_v2_to_tables(Database& database) {
    Settings settings(database);
    const std::string key(kLockBookV2SettingsKey);
    const auto text = TRY(settings.get(key));
    if (!text) return {};
    TRY(NikLocks(database).replace(parse_lock_book_v2_text(*text)));
    return settings.erase(key);
}

}  // namespace kiosk::store
