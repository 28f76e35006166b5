#include "kiosk/store/settings.hpp"

namespace kiosk::store {

Status Settings::set(const std::string& key, const std::string& value) {
    auto statement = TRY(database_->cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        "store.settings.set"));
    TRY(statement->bind_all(key, value));
    return statement->run();
}

Result<std::optional<std::string>> Settings::get(const std::string& key) {
    auto statement = TRY(database_->cached("SELECT value FROM settings WHERE key = ?1", "store.settings.get"));
    TRY(statement->bind(1, key));
    if (!TRY(statement->step())) return std::optional<std::string>{};
    return std::optional<std::string>{statement->column_text(0)};
}

Status Settings::erase(const std::string& key) {
    auto statement = TRY(database_->cached("DELETE FROM settings WHERE key = ?1", "store.settings.erase"));
    TRY(statement->bind(1, key));
    return statement->run();
}

}  // namespace kiosk::store
