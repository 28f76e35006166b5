// The configuration overrides: keys of kiosk.toml an operator changed while the kiosk ran (PATCH
// /api/v1/config), one row per key, applied over the file at every start. Why in the database and
// not in a file beside kiosk.toml: /etc is read-only on the appliance while the database sits on the
// data partition, and a change commits in one transaction with its audit row, so a power cut never
// leaves a change unaudited or an audited change unapplied.
//
// The store keeps the text; what a key means and which values it takes is kiosk/app/config's
// (config_overrides.hpp), which checks every value before it is stored and again at start.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk::store {

struct StoredOverride {
    std::string key;         // dotted: "session.idle_timeout_s"
    std::string value_json;  // one JSON value: "90", "\"en\""
    std::int64_t changed_at_s = 0;
    std::string changed_by;  // the audit log's actor
    friend bool operator==(const StoredOverride&, const StoredOverride&) = default;
};

class ConfigOverrides {
public:
    explicit ConfigOverrides(Database& database) : database_(&database) {}

    // Every override, by key.
    Result<std::vector<StoredOverride>> all();
    // Sets the key's override (replacing one there is). The value must be JSON (the schema checks).
    Status put(const StoredOverride& entry);
    // The key goes back to the file's value; nothing happens when it had no override.
    Status erase(const std::string& key);

private:
    Database* database_;
};

}  // namespace kiosk::store
