// LiveConfig over a real database file: a patch is applied whole or not at all, stored with its audit
// row, published once, and applied over the file's configuration again after a restart; a stored
// change the rules refuse at start is dropped, audited, and the file's value stands.
#include "kiosk/app/live_config.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/config_overrides.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::testing::require_ok;
namespace json = boost::json;

namespace {

constexpr std::int64_t kNow = 1'767'225'600;

json::object patch_of(std::string_view text) {
    return json::parse(text).as_object();
}

struct AuditRow {
    std::string actor;
    std::string action;
    std::string detail;
};

std::vector<AuditRow> audit_rows(store::Database& db, const std::string& action) {
    auto statement =
        require_ok(db.prepare("SELECT actor, action, detail FROM audit WHERE action = ?1 ORDER BY id", "t"));
    REQUIRE(statement.bind(1, action).ok());
    std::vector<AuditRow> rows;
    while (require_ok(statement.step()))
        rows.push_back({statement.column_text(0), statement.column_text(1), statement.column_text(2)});
    return rows;
}

struct Kiosk {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    store::Database ui_db = require_ok(store::open_store(path, {}));
    store::Database server_db = require_ok(store::open_store(path, {}));
    Config file;  // what kiosk.toml says
    std::vector<Config> published;

    Kiosk() { file.session.idle_timeout_s = 100; }
    std::unique_ptr<LiveConfig> open() {
        auto live = require_ok(LiveConfig::open(file, ui_db, kNow));
        live->set_publisher([this](const Config& c) { published.push_back(c); });
        return live;
    }
};

}  // namespace

TEST_CASE("a patch changes the effective configuration, is stored with its audit row and published once") {
    Kiosk kiosk;
    auto live = kiosk.open();
    CHECK(live->effective() == kiosk.file);
    const Config patched =
        require_ok(live->patch(patch_of(R"({"session": {"idle_timeout_s": 90}, "kiosk": {"notice": "Tutup 15.00"}})"),
                               "operator:ops-laptop", kiosk.server_db, kNow));
    CHECK(patched.session.idle_timeout_s == 90);
    CHECK(patched.kiosk.notice == "Tutup 15.00");
    CHECK(live->effective() == patched);
    REQUIRE(kiosk.published.size() == 1);
    CHECK(kiosk.published[0] == patched);

    const auto stored = require_ok(store::ConfigOverrides(kiosk.ui_db).all());
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].key == "kiosk.notice");
    CHECK(stored[0].value_json == "\"Tutup 15.00\"");
    CHECK(stored[1].key == "session.idle_timeout_s");
    CHECK(stored[1].value_json == "90");
    CHECK(stored[1].changed_by == "operator:ops-laptop");
    CHECK(stored[1].changed_at_s == kNow);

    const auto rows = audit_rows(kiosk.ui_db, "config.patch");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].actor == "operator:ops-laptop");
    CHECK(rows[0].detail == R"(session.idle_timeout_s=90 kiosk.notice="Tutup 15.00")");
    CHECK_FALSE(require_ok(store::AuditLog(kiosk.ui_db).verify()).first_break.has_value());
}

TEST_CASE("the whole patch or none of it: one bad value stores, audits and publishes nothing") {
    Kiosk kiosk;
    auto live = kiosk.open();
    auto refused = live->patch(patch_of(R"({"session": {"idle_timeout_s": 90, "pickup_deadline_days": 0}})"),
                               "operator:ops", kiosk.server_db, kNow);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == mgmt::ConfigPatchError::Kind::invalid_value);
    CHECK(refused.error().key == "session.pickup_deadline_days");
    CHECK(refused.error().message == "session.pickup_deadline_days: must be between 1 and 365, got 0");
    CHECK(live->effective() == kiosk.file);
    CHECK(require_ok(store::ConfigOverrides(kiosk.ui_db).all()).empty());
    CHECK(audit_rows(kiosk.ui_db, "config.patch").empty());
    CHECK(kiosk.published.empty());

    auto not_live = live->patch(patch_of(R"({"session": {"idle_timeout_s": 90}, "mgmt": {"port": 1}})"), "operator:ops",
                                kiosk.server_db, kNow);
    REQUIRE_FALSE(not_live.ok());
    CHECK(not_live.error().kind == mgmt::ConfigPatchError::Kind::key_not_live);
    CHECK(not_live.error().key == "mgmt.port");
    auto unknown =
        live->patch(patch_of(R"({"session": {"idle_timout_s": 90}})"), "operator:ops", kiosk.server_db, kNow);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().kind == mgmt::ConfigPatchError::Kind::key_unknown);
    CHECK(live->effective() == kiosk.file);
}

TEST_CASE("a store that refuses the write leaves everything as it was") {
    Kiosk kiosk;
    auto live = kiosk.open();
    // Another connection holds the write lock past this one's busy timeout.
    store::OpenOptions impatient;
    impatient.busy_timeout_ms = 10;
    auto server_db = require_ok(store::open_store(kiosk.path, impatient));
    REQUIRE(kiosk.ui_db.exec("BEGIN IMMEDIATE", "t").ok());
    auto failed = live->patch(patch_of(R"({"session": {"idle_timeout_s": 90}})"), "operator:ops", server_db, kNow);
    REQUIRE(kiosk.ui_db.exec("ROLLBACK", "t").ok());
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == mgmt::ConfigPatchError::Kind::not_stored);
    CHECK(live->effective() == kiosk.file);
    CHECK(kiosk.published.empty());
    CHECK(require_ok(store::ConfigOverrides(kiosk.ui_db).all()).empty());
}

TEST_CASE("an empty patch changes nothing and writes nothing") {
    Kiosk kiosk;
    auto live = kiosk.open();
    CHECK(require_ok(live->patch(json::object{}, "operator:ops", kiosk.server_db, kNow)) == kiosk.file);
    CHECK(audit_rows(kiosk.ui_db, "config.patch").empty());
    CHECK(kiosk.published.empty());
}

TEST_CASE("live changes persist across a restart and apply over the file, which may have changed") {
    Kiosk kiosk;
    {
        auto live = kiosk.open();
        REQUIRE(live->patch(patch_of(R"({"session": {"idle_timeout_s": 90, "pickup_deadline_days": 14}})"),
                            "operator:ops", kiosk.server_db, kNow)
                    .ok());
        REQUIRE(live->patch(patch_of(R"({"session": {"pickup_deadline_days": null}})"), "operator:ops", kiosk.server_db,
                            kNow)
                    .ok());
    }
    kiosk.file.session.pickup_deadline_days = 21;  // the file changed while the kiosk was off
    kiosk.file.kiosk.id = "kiosk-07";
    auto restarted = kiosk.open();
    const Config effective = restarted->effective();
    CHECK(effective.session.idle_timeout_s == 90);        // the operator's change
    CHECK(effective.session.pickup_deadline_days == 21);  // back to the file, as the null asked
    CHECK(effective.kiosk.id == "kiosk-07");
    REQUIRE(restarted->overrides().size() == 1);
    CHECK(restarted->overrides()[0].key == "session.idle_timeout_s");
    CHECK(audit_rows(kiosk.ui_db, "config.patch").size() == 2);
    CHECK(audit_rows(kiosk.ui_db, "config.patch")[1].detail == "session.pickup_deadline_days=null");
}

TEST_CASE("at start, a stored change the rules now refuse is dropped with an audit row; the others stand") {
    Kiosk kiosk;
    {
        auto live = kiosk.open();
        REQUIRE(
            live->patch(
                    patch_of(
                        R"({"session": {"idle_timeout_s": 20, "idle_warning_s": 10}, "kiosk": {"language": "en"}})"),
                    "operator:ops", kiosk.server_db, kNow)
                .ok());
    }
    // Rows the rules refuse: one out of range (written behind the kiosk's back), one no longer live.
    REQUIRE(store::ConfigOverrides(kiosk.ui_db).put({"session.pickup_take_timeout_s", "5", kNow, "t"}).ok());
    REQUIRE(store::ConfigOverrides(kiosk.ui_db).put({"session.nik_lock_failures", "3", kNow, "t"}).ok());
    auto restarted = kiosk.open();
    const Config effective = restarted->effective();
    CHECK(effective.session.idle_timeout_s == 20);
    CHECK(effective.session.idle_warning_s == 10);
    CHECK(effective.kiosk.language == core::Language::en);
    CHECK(effective.session.pickup_take_timeout_s == kiosk.file.session.pickup_take_timeout_s);
    CHECK(effective.session.nik_lock_failures == kiosk.file.session.nik_lock_failures);
    CHECK(require_ok(store::ConfigOverrides(kiosk.ui_db).all()).size() == 3);
    const auto dropped = audit_rows(kiosk.ui_db, "config.override_dropped");
    REQUIRE(dropped.size() == 2);
    CHECK(dropped[0].actor == "kiosk");
    CHECK(dropped[0].detail ==
          "session.nik_lock_failures=3: session.nik_lock_failures: cannot be changed while the kiosk "
          "runs; set it in kiosk.toml and restart the kiosk");
    CHECK(dropped[1].detail ==
          "session.pickup_take_timeout_s=5: session.pickup_take_timeout_s: must be between 10 and "
          "300, got 5");
}

TEST_CASE("at start, the rules between keys are checked against the file as it is now") {
    Kiosk kiosk;
    {
        auto live = kiosk.open();
        REQUIRE(live->patch(patch_of(R"({"session": {"idle_timeout_s": 35}})"), "operator:ops", kiosk.server_db, kNow)
                    .ok());
    }
    kiosk.file.session.idle_warning_s = 40;  // the file now warns 40 s ahead: a 35 s timeout cannot stand
    auto restarted = kiosk.open();
    CHECK(restarted->effective().session.idle_timeout_s == kiosk.file.session.idle_timeout_s);
    CHECK(restarted->overrides().empty());
    CHECK(require_ok(store::ConfigOverrides(kiosk.ui_db).all()).empty());
    const auto dropped = audit_rows(kiosk.ui_db, "config.override_dropped");
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].detail ==
          "session.idle_timeout_s=35: session.idle_warning_s: must be less than "
          "session.idle_timeout_s (35), got 40");
}

TEST_CASE("at start, keys checked together stand together") {
    Kiosk kiosk;
    {
        auto live = kiosk.open();
        // A timeout below the file's warning (15 s) is accepted only with the shorter warning beside it.
        REQUIRE(live->patch(patch_of(R"({"session": {"idle_timeout_s": 12, "idle_warning_s": 5}})"), "operator:ops",
                            kiosk.server_db, kNow)
                    .ok());
    }
    auto restarted = kiosk.open();
    CHECK(restarted->effective().session.idle_timeout_s == 12);
    CHECK(restarted->effective().session.idle_warning_s == 5);
    CHECK(audit_rows(kiosk.ui_db, "config.override_dropped").empty());
}
