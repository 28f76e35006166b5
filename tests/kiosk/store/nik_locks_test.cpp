// The NIK lock book's tables (schema version 3): a new database has them, a version-2 database's
// text value in settings is carried over and its settings row removed, and NikLocks round-trips the
// book all or nothing.
#include "kiosk/store/nik_locks.hpp"
#include "kiosk/store/lock_book_v2_text.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/settings.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kiosk::store;
using kiosk::testing::TempDir;
namespace session = kiosk::core::session;

namespace {

using Entry = NikLocks::Entry;

session::Instant at_ms(std::int64_t unix_ms) {
    return session::Instant(session::Millis(unix_ms));
}

Entry entry(std::string nik, std::vector<std::int64_t> failures_ms, std::optional<std::int64_t> locked_until_ms) {
    Entry out;
    out.nik_digits = std::move(nik);
    for (const auto ms : failures_ms) out.failures.push_back(at_ms(ms));
    if (locked_until_ms) out.locked_until = at_ms(*locked_until_ms);
    return out;
}

std::int64_t count(Database& db, const std::string& sql) {
    return db.query_int(sql, "test.count").value();
}

// A database as the previous release left it: migrations 1 and 2 only.
void make_version_2(const std::string& path, const std::optional<std::string>& lock_book_text) {
    auto db = Database::open(path, OpenAccess::read_write_create).value();
    REQUIRE(migrate(db, migrations().first(2)).ok());
    REQUIRE(db.query_int("PRAGMA user_version", "t").value() == 2);
    REQUIRE(Settings(db).set("office.name", "Kantor Kecamatan").ok());
    if (lock_book_text) REQUIRE(Settings(db).set(std::string(kLockBookV2SettingsKey), *lock_book_text).ok());
}

}  // namespace

TEST_CASE("a new database has empty lock book tables and no lock book setting") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    CHECK(latest_schema_version() >= 3);  // the tables arrived with version 3
    CHECK(db.query_int("PRAGMA user_version", "t").value() == latest_schema_version());
    CHECK(count(db,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('nik_locks', "
                "'nik_lock_failures')") == 2);
    CHECK(NikLocks(db).load().value().empty());
    CHECK_FALSE(Settings(db).get(std::string(kLockBookV2SettingsKey)).value().has_value());
}

TEST_CASE("a version-2 database migrates: its lock book moves from settings into the tables") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    // As the kiosk wrote it, plus the damage the old reader tolerated: a short NIK, a time that is
    // not a number, a line with one field, a blank line, CRLF. The NIK given twice keeps its later line.
    make_version_2(path,
                   "3171014101900001 3600000 \n"
                   "3171011502850002 - 5000,6000\r\n"
                   "12345 - 1\n"
                   "3171010101990003 x 1,2\n"
                   "3171010101990004\n"
                   "\n"
                   "3171010101990005 - 1,2,zz\n"
                   "3171010101990006 - 7,8\n"
                   "3171010101990006 900 9\n");
    {
        auto db = open_store(path, {}).value();
        CHECK(db.query_int("PRAGMA user_version", "t").value() == latest_schema_version());
        const auto loaded = NikLocks(db).load().value();
        REQUIRE(loaded.size() == 3);
        CHECK(loaded[0] == entry("3171014101900001", {}, 3'600'000));
        CHECK(loaded[1] == entry("3171011502850002", {5'000, 6'000}, std::nullopt));
        CHECK(loaded[2] == entry("3171010101990006", {9}, 900));
        Settings settings(db);
        CHECK_FALSE(settings.get(std::string(kLockBookV2SettingsKey)).value().has_value());
        CHECK(settings.get("office.name").value() == std::optional<std::string>("Kantor Kecamatan"));
        auto audited = db.prepare("SELECT detail FROM audit WHERE action = 'schema.migrate'", "t").value();
        REQUIRE(audited.step().value());
        CHECK(audited.column_text(0) == "from=2 to=" + std::to_string(latest_schema_version()));
    }
    // Opening again changes nothing.
    auto again = open_store(path, {}).value();
    CHECK(NikLocks(again).load().value().size() == 3);
}

TEST_CASE("a version-2 database without a lock book migrates to empty tables") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    make_version_2(path, std::nullopt);
    auto db = open_store(path, {}).value();
    CHECK(db.query_int("PRAGMA user_version", "t").value() == latest_schema_version());
    CHECK(NikLocks(db).load().value().empty());
    CHECK(count(db, "SELECT count(*) FROM settings") == 1);
}

TEST_CASE("the lock book round-trips, replace() replaces, and a NIK given twice keeps its later entry") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    NikLocks locks(db);
    // Failures at the same millisecond are kept (a test clock, or two mismatches in one tick).
    const std::vector<Entry> book = {
        entry("3171014101900001", {1'000, 2'000}, 3'600'000),
        entry("3171011502850002", {5'000, 5'000, 7'000}, std::nullopt),
        entry("3171010101990003", {}, std::nullopt),
        entry("3171010101990004", {-20}, -10),
    };
    REQUIRE(locks.replace(book).ok());
    CHECK(locks.load().value() == book);

    REQUIRE(locks.replace({book[1], entry("3171014101900001", {42}, std::nullopt), entry("3171014101900001", {43}, 99)})
                .ok());
    const auto replaced = locks.load().value();
    REQUIRE(replaced.size() == 2);
    CHECK(replaced[0] == book[1]);
    CHECK(replaced[1] == entry("3171014101900001", {43}, 99));
    CHECK(count(db, "SELECT count(*) FROM nik_lock_failures") == 4);

    REQUIRE(locks.replace({}).ok());
    CHECK(locks.load().value().empty());
    CHECK(count(db, "SELECT count(*) FROM nik_lock_failures") == 0);
}

TEST_CASE("replace() is all or nothing: a malformed NIK leaves the stored book as it was") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    NikLocks locks(db);
    const std::vector<Entry> book = {entry("3171014101900001", {1'000}, std::nullopt)};
    REQUIRE(locks.replace(book).ok());
    const auto refused = locks.replace({entry("3171011502850002", {5}, std::nullopt), entry("31710115", {6}, 7)});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().where == "store.nik_locks.replace");
    CHECK(refused.error().what.find("31710115") == std::string::npos);
    CHECK_FALSE(db.in_transaction());
    CHECK(locks.load().value() == book);

    // Inside the caller's transaction, the caller's rollback undoes it.
    {
        auto transaction = Transaction::begin(db, TransactionKind::immediate, "t").value();
        REQUIRE(locks.replace({}).ok());
        CHECK(locks.load().value().empty());
    }
    CHECK(locks.load().value() == book);
}

TEST_CASE("the version-2 text: fields, separators and damaged lines") {
    CHECK(parse_lock_book_v2_text("").empty());
    CHECK(parse_lock_book_v2_text("\n\n").empty());
    // The old reader's own test: a short NIK and a bad lock time drop their lines.
    const auto parsed = parse_lock_book_v2_text("12345 - 1\n3171014101900001 x 1,2\n3171014101900001 - 7,8\n");
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0] == entry("3171014101900001", {7, 8}, std::nullopt));
    // No trailing newline, tabs, empty list items, extra fields ignored, a missing list.
    const auto lenient = parse_lock_book_v2_text("3171014101900001\t-\t1,,2, extra\n3171011502850002 77");
    REQUIRE(lenient.size() == 2);
    CHECK(lenient[0] == entry("3171014101900001", {1, 2}, std::nullopt));
    CHECK(lenient[1] == entry("3171011502850002", {}, 77));
    // Not digits, trailing garbage, a NIK with a letter, 17 digits.
    CHECK(parse_lock_book_v2_text("3171014101900001 12x 1").empty());
    CHECK(parse_lock_book_v2_text("3171014101900001 - 1,2y").empty());
    CHECK(parse_lock_book_v2_text("317101410190000a - 1").empty());
    CHECK(parse_lock_book_v2_text("31710141019000011 - 1").empty());
}
