#include "kiosk/store/records_checks_v7.hpp"

#include <array>
#include <string>

namespace kiosk::store {
namespace {

constexpr const char* kWhere = "store.migrate to version 7";

// Version 1's two CHECKs as they stand in the stored definition, and what replaces each.
struct Rewrite {
    std::string_view from;
    std::string_view to;
};
constexpr std::array kRewrites = {
    Rewrite{"CHECK (status IN ('BIO_CAPTURED', 'SENT_FOR_ENROLLMENT',\n"
            "                           'ENROLL_FAILURE', 'DUPLICATE_RECORD', 'PRINT_READY_RECORD', 'PRINTED',\n"
            "                           'IN_KIOSK', 'PICKED_UP', 'RETURNED', 'CAPTURED', 'REPRINT_REJECTED'))",
            "CHECK (CASE status WHEN 'BIO_CAPTURED' THEN 1 WHEN 'SENT_FOR_ENROLLMENT' THEN 1\n"
            "                           WHEN 'ENROLL_FAILURE' THEN 1 WHEN 'DUPLICATE_RECORD' THEN 1\n"
            "                           WHEN 'PRINT_READY_RECORD' THEN 1 WHEN 'PRINTED' THEN 1 WHEN 'IN_KIOSK' THEN 1\n"
            "                           WHEN 'PICKED_UP' THEN 1 WHEN 'RETURNED' THEN 1 WHEN 'CAPTURED' THEN 1\n"
            "                           WHEN 'REPRINT_REJECTED' THEN 1 ELSE 0 END = 1)"},
    Rewrite{"CHECK (priority IN ('FIRST_CARD', 'URGENT_NEED', 'REPLACEMENT'))",
            "CHECK (CASE priority WHEN 'FIRST_CARD' THEN 1 WHEN 'URGENT_NEED' THEN 1\n"
            "                                        WHEN 'REPLACEMENT' THEN 1 ELSE 0 END = 1)"},
};

}  // namespace

Status rewrite_records_checks_v7(Database& database) {
    std::string definition;
    {
        auto read = TRY(database.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'records'", kWhere));
        if (!TRY(read.step())) return fail(kWhere, "the database has no records table");
        definition = read.column_text(0);
    }
    for (const Rewrite& rewrite : kRewrites) {
        const std::size_t at = definition.find(rewrite.from);
        if (at == std::string::npos || definition.find(rewrite.from, at + 1) != std::string::npos)
            return fail(kWhere, "the records table's definition is not version 1's; it is left as it is");
        definition.replace(at, rewrite.from.size(), rewrite.to);
    }
    // SQLite's procedure: the new text, then a new schema_version so that every connection (this one
    // included) reads the definition again before its next statement.
    const std::int64_t schema_version = TRY(database.query_int("PRAGMA schema_version", kWhere));
    TRY(database.exec("PRAGMA writable_schema = ON", kWhere));
    Status rewritten = [&]() -> Status {
        auto update = TRY(database.prepare(
            "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'records'", kWhere));
        TRY(update.bind(1, definition));
        TRY(update.run());
        if (database.changes() != 1) return fail(kWhere, "the records table's definition was not rewritten");
        return database.exec("PRAGMA schema_version = " + std::to_string(schema_version + 1), kWhere);
    }();
    // Off again whatever happened; the transaction's rollback undoes a half-done step.
    const Status off = database.exec("PRAGMA writable_schema = OFF", kWhere);
    TRY(rewritten);
    TRY(off);
    // SQLite reads the new definition before this statement (the schema_version moved) and fails it
    // if the text does not parse; the check then runs the new CHECKs over every stored row. Either
    // failure rolls the migration back, before anything is committed.
    auto check = TRY(database.prepare("PRAGMA quick_check(records)", kWhere));
    if (!TRY(check.step()) || check.column_text(0) != "ok")
        return fail(kWhere, "the rewritten records table does not check out; nothing was changed");
    return {};
}

}  // namespace kiosk::store
