// The kiosk database's schema as numbered migrations, driven by PRAGMA user_version.
//
// Migration N takes a database at user_version N-1 to N inside one transaction, so a power cut leaves
// the database at N-1 or N, never between. Shipped migrations never change: a new column or table is a
// new migration appended to kMigrations. A migration is SQL, plus, where data must move in a form only
// C++ reads (migration 3: the lock book's old text), a data step that runs after the SQL in the same
// transaction.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace kiosk::store {

// PRAGMA application_id of every kiosk database ("KTPK"), so a foreign SQLite file is recognised.
inline constexpr std::int32_t kApplicationId = 0x4B54504B;

struct Migration {
    int version;               // user_version after it ran
    std::string_view summary;  // for the audit log and operators
    std::string_view sql;
    Status (*data_step)(Database&) = nullptr;  // after `sql`, inside the migration's transaction
};

[[nodiscard]] std::span<const Migration> migrations();
[[nodiscard]] int latest_schema_version();

// Brings the database to latest_schema_version(). Returns the version it found.
// Refuses (without changing anything) a database whose version is newer than this program knows.
Result<int> migrate(Database& database);
// The same over an explicit list (numbered 1, 2, ... in order); for tests of the migration machinery.
Result<int> migrate(Database& database, std::span<const Migration> steps);

}  // namespace kiosk::store
