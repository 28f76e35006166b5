#include "kiosk/store/settings.hpp"

#include <string_view>

namespace kiosk::store {

Status Settings::set(const std::string& key, const std::string& value) {
    auto statement = database_->cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        "store.settings.set");
    if (!statement) return fail(statement.error());
    if (auto b = (*statement)->bind(1, std::string_view(key)); !b) return b;
    if (auto b = (*statement)->bind(2, std::string_view(value)); !b) return b;
    return (*statement)->run();
}

Result<std::optional<std::string>> Settings::get(const std::string& key) {
    auto statement = database_->cached("SELECT value FROM settings WHERE key = ?1", "store.settings.get");
    if (!statement) return fail(statement.error());
    if (auto b = (*statement)->bind(1, std::string_view(key)); !b) return fail(b.error());
    auto row = (*statement)->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{(*statement)->column_text(0)};
}

Status Settings::erase(const std::string& key) {
    auto statement = database_->cached("DELETE FROM settings WHERE key = ?1", "store.settings.erase");
    if (!statement) return fail(statement.error());
    if (auto b = (*statement)->bind(1, std::string_view(key)); !b) return b;
    return (*statement)->run();
}

}  // namespace kiosk::store
