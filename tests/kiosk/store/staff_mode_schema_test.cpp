// Migration 8 (staff mode) on a real SQLite file: a version-7 database with pickups in its journal
// keeps them all, as purpose pickup without a staff member or a resolution, and its open pickup
// still blocks its slot; the new tables and indexes are there; the schema's CHECKs hold.
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;

namespace {

constexpr const char* kResident = "1403125505900001";

std::int64_t count(Database& db, const std::string& sql) {
    return require_ok(db.query_int(sql, "test"));
}

}  // namespace

TEST_CASE("a version-7 database gains the staff-mode schema and keeps its pickups as pickups") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    std::int64_t open_id = 0;
    std::int64_t closed_id = 0;
    {
        auto db = require_ok(Database::open(path, OpenAccess::read_write_create));
        REQUIRE(db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", "t").ok());
        REQUIRE(migrate(db, migrations().first(7)).ok());
        const Record record = kiosk::test::in_kiosk_record(core::Nik::parse(kResident).value(), "C-1");
        REQUIRE(Records(db).upsert(record).ok());
        REQUIRE(Slots(db).load(3, "C-1", record.nik, 1).ok());
        REQUIRE(db.exec("INSERT INTO pickup_journal (nik, slot, card_serial, state, created_at, updated_at) VALUES "
                        "('1403125505900001', 3, 'C-1', 'aborted', 10, 11), "
                        "('1403125505900001', 3, 'C-1', 'fetched', 12, 13)",
                        "t")
                    .ok());
        closed_id = 1;
        open_id = 2;
    }
    auto db = require_ok(open_store(path, {}));
    CHECK(count(db, "PRAGMA user_version") == latest_schema_version());
    CHECK(latest_schema_version() == 8);
    PickupJournal journal(db);
    const auto open = require_ok(journal.open_entries());
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == open_id);
    CHECK(open[0].state == PickupState::fetched);
    CHECK(open[0].purpose == PickupPurpose::pickup);
    CHECK_FALSE(open[0].staff_id.has_value());
    CHECK_FALSE(open[0].resolution.has_value());
    const auto closed = require_ok(journal.get(closed_id)).value();
    CHECK(closed.purpose == PickupPurpose::pickup);
    CHECK(closed.created_at_s == 10);
    CHECK_FALSE(journal.begin(core::Nik::parse(kResident).value(), 3, 20).ok());  // the open one holds the slot

    for (const char* table : {"load_journal", "capture_bin"}) {
        CAPTURE(table);
        CHECK(count(db, std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") + table +
                            "'") == 1);
    }
    for (const char* index : {"load_journal_one_open_per_slot", "load_journal_one_open_per_card", "capture_bin_in_bin",
                              "records_card_serial"}) {
        CAPTURE(index);
        CHECK(count(db, std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = '") + index +
                            "'") == 1);
    }
    // The duplicate-serial check reads the index, not every record.
    auto plan =
        require_ok(db.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM records WHERE card_serial = 'C-1' AND nik != "
                              "'1403125505900001'",
                              "t"));
    REQUIRE(require_ok(plan.step()));
    CHECK(plan.column_text(3).find("records_card_serial") != std::string::npos);
    // The CHECKs: a purpose is pickup or return; a resolution is one of three, and comes with who and when.
    CHECK_FALSE(db.exec("UPDATE pickup_journal SET purpose = 'steal' WHERE id = 1", "t").ok());
    CHECK_FALSE(db.exec("UPDATE pickup_journal SET resolution = 'lost' WHERE id = 1", "t").ok());
    CHECK_FALSE(db.exec("UPDATE pickup_journal SET resolution = 'taken' WHERE id = 1", "t").ok());
    auto integrity = require_ok(db.prepare("PRAGMA integrity_check(1)", "t"));
    REQUIRE(require_ok(integrity.step()));
    CHECK(integrity.column_text(0) == "ok");
}
