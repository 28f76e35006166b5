// Test support: every row of every table of a database file, as text, read through a raw SQLite
// connection, so that a test can show that an operation left a database row for row as it was.
// The test links SQLite itself.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

namespace kiosk::testing {

// Table name -> its rows in rowid order, each row its columns' values as SQLite's quote() gives them
// (blobs as X'..', NULL as NULL), joined by '|'.
using DatabaseRows = std::map<std::string, std::vector<std::string>>;

inline DatabaseRows database_rows(const std::string& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    auto query = [db](const std::string& sql) {
        std::vector<std::vector<std::string>> rows;
        sqlite3_stmt* statement = nullptr;
        INFO(sql);
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
        while (sqlite3_step(statement) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(statement); ++i) {
                const auto* text = sqlite3_column_text(statement, i);
                row.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(statement);
        return rows;
    };
    DatabaseRows tables;
    for (const auto& table : query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        const std::string& name = table.at(0);
        std::string columns;
        for (const auto& column : query("SELECT name FROM pragma_table_info('" + name + "')")) {
            if (!columns.empty()) columns += " || '|' || ";
            columns += "quote(\"" + column.at(0) + "\")";
        }
        const bool has_rowid = query("SELECT 1 FROM pragma_table_list WHERE name = '" + name + "' AND wr = 0").size() == 1;
        auto& rows = tables[name];
        for (const auto& row : query("SELECT " + columns + " FROM \"" + name + "\"" + (has_rowid ? " ORDER BY rowid" : "")))
            rows.push_back(row.at(0));
    }
    sqlite3_close(db);
    return tables;
}

}  // namespace kiosk::testing
