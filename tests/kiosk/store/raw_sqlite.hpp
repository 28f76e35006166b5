// SQL on a database file through a raw connection, bypassing the store: what an attacker, another
// application or a hand edit would do. For tests that damage or prepare files behind the store's back.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

namespace kiosk::test {

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

}  // namespace kiosk::test
