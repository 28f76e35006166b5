// Test support: SQL run on a database file through a raw SQLite connection, bypassing the store
// (its schema checks, triggers-aware helpers and audit): what an attacker or another application
// would do to the file. The test links SQLite itself.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

namespace kiosk::testing {

// Runs `sql` (any number of statements) on the database at `path`; fails the test, with SQLite's
// message, when the file cannot be opened or a statement fails.
inline void raw_exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message != nullptr ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(code == SQLITE_OK);
}

}  // namespace kiosk::testing
