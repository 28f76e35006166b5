// The configuration overrides' table: rows by key, replaced, erased, kept across a reopen, JSON only.
#include "kiosk/store/config_overrides.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk::store;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;

TEST_CASE("overrides: put, replace, erase, by key, across a reopen") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto db = require_ok(open_store(path, {}));
        ConfigOverrides overrides(db);
        CHECK(require_ok(overrides.all()).empty());
        REQUIRE(overrides.put({"session.idle_timeout_s", "90", 100, "operator:ops"}).ok());
        REQUIRE(overrides.put({"kiosk.notice", "\"Loket tutup pukul 15.00\"", 101, "operator:ops"}).ok());
        REQUIRE(overrides.put({"session.idle_timeout_s", "120", 102, "operator:night"}).ok());
        REQUIRE(overrides.erase("kiosk.language").ok());  // none there: nothing happens
    }
    auto db = require_ok(open_store(path, {}));
    ConfigOverrides overrides(db);
    const auto rows = require_ok(overrides.all());
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == StoredOverride{"kiosk.notice", "\"Loket tutup pukul 15.00\"", 101, "operator:ops"});
    CHECK(rows[1] == StoredOverride{"session.idle_timeout_s", "120", 102, "operator:night"});
    REQUIRE(overrides.erase("kiosk.notice").ok());
    CHECK(require_ok(overrides.all()).size() == 1);
}

TEST_CASE("overrides: the schema takes JSON values and dotted lower-case keys only") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    ConfigOverrides overrides(db);
    CHECK_FALSE(overrides.put({"session.idle_timeout_s", "ninety", 1, "t"}).ok());
    CHECK_FALSE(overrides.put({"session.idle_timeout_s", "", 1, "t"}).ok());
    CHECK_FALSE(overrides.put({"idle_timeout_s", "90", 1, "t"}).ok());
    CHECK_FALSE(overrides.put({"Session.Idle", "90", 1, "t"}).ok());
    CHECK_FALSE(overrides.put({"session.idle timeout", "90", 1, "t"}).ok());
    CHECK(require_ok(overrides.all()).empty());
}

TEST_CASE("a version-4 database gains the overrides table and keeps its rows") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto db = require_ok(Database::open(path, OpenAccess::read_write_create));
        REQUIRE(migrate(db, migrations().first(4)).ok());
        REQUIRE(db.exec("INSERT INTO settings (key, value) VALUES ('office.name', 'Kantor')", "t").ok());
    }
    auto db = require_ok(open_store(path, {}));
    CHECK(require_ok(db.query_int("SELECT count(*) FROM settings", "t")) == 1);
    CHECK(require_ok(ConfigOverrides(db).all()).empty());
    REQUIRE(ConfigOverrides(db).put({"session.pickup_deadline_days", "14", 1, "t"}).ok());
}
