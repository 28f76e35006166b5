#include "kiosk/store/config_overrides.hpp"

namespace kiosk::store {

Result<std::vector<StoredOverride>> ConfigOverrides::all() {
    auto statement = TRY(database_->cached(
        "SELECT key, value, changed_at, changed_by FROM config_overrides ORDER BY key", "store.config_overrides.all"));
    std::vector<StoredOverride> out;
    while (TRY(statement->step()))
        out.push_back({statement->column_text(0), statement->column_text(1), statement->column_int(2),
                       statement->column_text(3)});
    return out;
}

Status ConfigOverrides::put(const StoredOverride& entry) {
    auto statement = TRY(
        database_->cached("INSERT INTO config_overrides (key, value, changed_at, changed_by) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
                          "changed_by = excluded.changed_by",
                          "store.config_overrides.put"));
    TRY(statement->bind_all(entry.key, entry.value_json, entry.changed_at_s, entry.changed_by));
    return statement->run();
}

Status ConfigOverrides::erase(const std::string& key) {
    auto statement =
        TRY(database_->cached("DELETE FROM config_overrides WHERE key = ?1", "store.config_overrides.erase"));
    TRY(statement->bind(1, key));
    return statement->run();
}

}  // namespace kiosk::store
