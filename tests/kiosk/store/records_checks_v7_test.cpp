// Migration 7 (kiosk/store/records_checks_v7.hpp) on real SQLite files: a version-6 database with
// records, templates and a loaded slot keeps all of them, its records table's definition has CASE
// CHECKs instead of IN lists, the CHECKs still refuse what they refused and accept every wire code of
// core, the foreign keys still hold and cascade, and integrity_check passes; a records table that is
// not version 1's is refused and left alone.
#include "kiosk/store/records_checks_v7.hpp"

#include "kiosk/core/card_status.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/templates.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;

namespace {

Record record_of(const char* digits) {
    return Record{.nik = core::Nik::parse(digits).value(),
                  .name = "Siti Rahayu",
                  .status = core::CardStatus::printed,
                  .status_time_s = 1'760'000'000,
                  .queue_position = 3,
                  .office_blank_stock = 40,
                  .priority = core::Priority::replacement,
                  .card_serial = std::string("CS-0001"),
                  .slot = std::nullopt};
}

std::string records_definition(Database& db) {
    auto read = require_ok(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'records'", "t"));
    REQUIRE(require_ok(read.step()));
    return read.column_text(0);
}

// A database migrated to version 6 only, with two records, a template and the foreign keys on.
Database version_6(const std::string& path) {
    auto db = require_ok(Database::open(path, OpenAccess::read_write_create));
    REQUIRE(db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", "t").ok());
    REQUIRE(migrate(db, migrations().first(6)).ok());
    Records records(db);
    REQUIRE(records.upsert(record_of("3171014101900001")).ok());
    REQUIRE(records.upsert(record_of("3171014101900002")).ok());
    FingerTemplate data{};
    data.fill(7);
    REQUIRE(Templates(db).put(core::Nik::parse("3171014101900001").value(), Finger::first, data).ok());
    return db;
}

std::string failure_of(Database& db, const std::string& sql) {
    auto statement = require_ok(db.prepare(sql, "t"));
    auto ran = statement.run();
    REQUIRE_FALSE(ran.ok());
    return ran.error().what;
}

}  // namespace

TEST_CASE("version 6 to 7 rewrites the two IN lists as CASE and keeps every row") {
    TempDir dir;
    auto db = version_6(dir.file("kiosk.db"));
    const std::string before = records_definition(db);
    REQUIRE(before.find("status IN (") != std::string::npos);

    REQUIRE(migrate(db, migrations().first(7)).ok());
    CHECK(require_ok(db.query_int("PRAGMA user_version", "t")) == 7);
    const std::string after = records_definition(db);
    CHECK(after.find(" IN (") == std::string::npos);
    CHECK(after.find("CHECK (CASE status WHEN 'BIO_CAPTURED' THEN 1") != std::string::npos);
    CHECK(after.find("CHECK (CASE priority WHEN 'FIRST_CARD' THEN 1") != std::string::npos);
    CHECK(after.find("CHECK (length(nik) = 16") != std::string::npos);  // the rest as it was

    CHECK(require_ok(db.query_int("SELECT count(*) FROM records", "t")) == 2);
    CHECK(require_ok(db.query_int("SELECT count(*) FROM templates", "t")) == 1);
    auto check = require_ok(db.prepare("PRAGMA integrity_check", "t"));
    REQUIRE(require_ok(check.step()));
    CHECK(check.column_text(0) == "ok");
}

TEST_CASE("after version 7 the CHECKs accept every wire code of core and refuse anything else") {
    TempDir dir;
    auto db = version_6(dir.file("kiosk.db"));
    REQUIRE(migrate(db).ok());
    Records records(db);
    auto record = record_of("3171014101900003");
    for (const auto status : core::kAllCardStatuses) {
        record.status = status;
        CHECK(records.upsert(record).ok());
    }
    for (const auto priority : core::kAllPriorities) {
        record.priority = priority;
        CHECK(records.upsert(record).ok());
    }
    CHECK(failure_of(db, "UPDATE records SET status = 'LOST'").find("CHECK constraint failed") != std::string::npos);
    CHECK(failure_of(db, "UPDATE records SET status = 'printed'").find("CHECK constraint failed") != std::string::npos);
    CHECK(failure_of(db, "UPDATE records SET priority = 'VIP'").find("CHECK constraint failed") != std::string::npos);
    CHECK(failure_of(db, "UPDATE records SET status = NULL").find("NOT NULL constraint failed") != std::string::npos);
}

TEST_CASE("after version 7 the records table still anchors the foreign keys") {
    TempDir dir;
    auto db = version_6(dir.file("kiosk.db"));
    REQUIRE(migrate(db).ok());
    CHECK(failure_of(db, "INSERT INTO templates (nik, finger, data) VALUES ('9999999999999999', 2, zeroblob(512))")
              .find("FOREIGN KEY constraint failed") != std::string::npos);
    REQUIRE(db.exec("DELETE FROM records WHERE nik = '3171014101900001'", "t").ok());
    CHECK(require_ok(db.query_int("SELECT count(*) FROM templates", "t")) == 0);  // cascaded
}

TEST_CASE("a records table that is not version 1's is refused and left as it is") {
    TempDir dir;
    auto db = version_6(dir.file("kiosk.db"));
    // A definition someone changed by hand: the status CHECK no longer reads as version 1 wrote it.
    REQUIRE(db.exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, '''RETURNED'', ', "
                    "'''RETURNED'',  ') WHERE name = 'records'; PRAGMA writable_schema = OFF",
                    "t")
                .ok());
    const std::string hand_made = records_definition(db);
    const auto migrated = migrate(db);
    REQUIRE_FALSE(migrated.ok());
    CHECK(migrated.error().what.find("not version 1's") != std::string::npos);
    CHECK(require_ok(db.query_int("PRAGMA user_version", "t")) == 6);
    CHECK(records_definition(db) == hand_made);
}
