// OperatorData over a real database file: the magazine with deadlines from the live configuration,
// the audit log's pages and its chain verdict (also on a tampered chain, and with the verified prefix
// cached), the configuration routes' source, and the operator checks.
#include "kiosk/app/operator_data.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/pickup_reconciler.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::testing::raw_exec;
using kiosk::testing::require_ok;
namespace json = boost::json;

namespace {

constexpr std::int64_t kLoaded = 1'767'225'600;  // when add_in_kiosk_resident loads its card
constexpr std::int64_t kDay = 86'400;
constexpr const char* kDropTriggers = "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;";

struct Kiosk {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    store::Database ui_db = require_ok(store::open_store(path, {}));
    std::unique_ptr<LiveConfig> live = require_ok(LiveConfig::open(Config{}, ui_db, kLoaded));
    std::int64_t now_s = kLoaded + 10 * kDay;
    std::unique_ptr<OperatorData> data = require_ok(OperatorData::open(path, *live, [this] { return now_s; }));

    void append_audit_rows(int count) {
        for (int i = 0; i < count; ++i)
            REQUIRE(store::AuditLog(ui_db).append("kioskctl:t", "test.row", "n=" + std::to_string(i), kLoaded).ok());
    }
};

}  // namespace

TEST_CASE("the magazine: every slot the store knows, deadlines from the live pickup deadline, totals") {
    Kiosk kiosk;
    kiosk::app::test::add_in_kiosk_resident(kiosk.ui_db, core::Nik::parse("3171014101900001").value(), 1);
    REQUIRE(store::Slots(kiosk.ui_db).clear(2).ok());
    REQUIRE(store::Slots(kiosk.ui_db).mark_fault(3).ok());

    auto magazine = require_ok(kiosk.data->magazine());
    CHECK(magazine.now_s == kiosk.now_s);
    CHECK(magazine.pickup_deadline_days == 30);
    REQUIRE(magazine.slots.size() == 3);
    const mgmt::MagazineSlot& loaded = magazine.slots[0];
    CHECK(loaded.slot == 1);
    CHECK(loaded.state == "LOADED");
    CHECK(loaded.nik == core::Nik::parse("3171014101900001").value());
    CHECK(loaded.card_serial == "SERIAL1");
    CHECK(loaded.loaded_at_s == kLoaded);
    CHECK(loaded.deadline_s == kLoaded + 30 * kDay);
    CHECK_FALSE(loaded.past_deadline);
    CHECK(magazine.slots[1].state == "EMPTY");
    CHECK(magazine.slots[2].state == "FAULT");
    CHECK(magazine.totals.capacity == 3);
    CHECK(magazine.totals.used == 1);
    CHECK(magazine.totals.free == 1);
    CHECK(magazine.totals.fault == 1);
    CHECK(magazine.totals.past_deadline == 0);

    // An operator shortens the deadline to a week: the card loaded ten days ago is now past it.
    REQUIRE(kiosk.data
                ->patch(json::parse(R"({"session": {"pickup_deadline_days": 7}})").as_object(),
                        mgmt::Caller{mgmt::Role::operator_, "ops-laptop"})
                .ok());
    magazine = require_ok(kiosk.data->magazine());
    CHECK(magazine.pickup_deadline_days == 7);
    CHECK(magazine.slots[0].deadline_s == kLoaded + 7 * kDay);
    CHECK(magazine.slots[0].past_deadline);
    CHECK(magazine.totals.past_deadline == 1);
}

TEST_CASE("audit rows: paged after a cursor, the whole chain's verdict with each page") {
    Kiosk kiosk;
    kiosk.append_audit_rows(12);
    const std::int64_t total = require_ok(store::AuditLog(kiosk.ui_db).verify()).rows;  // with schema.migrate's row
    auto page = require_ok(kiosk.data->rows_after(0, 5));
    REQUIRE(page.rows.size() == 5);
    CHECK(page.rows[0].id == 1);
    CHECK(page.more);
    CHECK(page.chain.rows == total);
    CHECK_FALSE(page.chain.first_break_id.has_value());
    page = require_ok(kiosk.data->rows_after(total - 2, 5));
    CHECK(page.rows.size() == 2);
    CHECK_FALSE(page.more);
    CHECK(page.rows.back().detail == "n=11");
    CHECK(page.rows.back().actor == "kioskctl:t");
}

TEST_CASE("audit rows: a tampered chain is reported at its first bad row") {
    Kiosk kiosk;
    kiosk.append_audit_rows(12);
    raw_exec(kiosk.path, std::string(kDropTriggers) + "UPDATE audit SET detail = 'forged' WHERE id = 6;");
    const auto page = require_ok(kiosk.data->rows_after(0, 100));
    REQUIRE(page.chain.first_break_id.has_value());
    CHECK(*page.chain.first_break_id == 6);
    CHECK(page.chain.first_break_reason == "hash does not match its content");
    CHECK(page.rows.at(5).detail == "forged");  // the page shows what the file holds
}

TEST_CASE("audit rows: the verified prefix is cached; new rows, a changed newest row and the interval are not") {
    Kiosk kiosk;
    kiosk.append_audit_rows(5);
    CHECK_FALSE(require_ok(kiosk.data->rows_after(0, 1)).chain.first_break_id.has_value());

    // An edit deep in the chain, newest row untouched: the cached prefix hides it ...
    raw_exec(kiosk.path, std::string(kDropTriggers) + "UPDATE audit SET detail = 'forged' WHERE id = 3;");
    CHECK_FALSE(require_ok(kiosk.data->rows_after(0, 1)).chain.first_break_id.has_value());
    // ... but not a break among the rows after it ...
    kiosk.append_audit_rows(2);
    const std::int64_t newest = require_ok(kiosk.data->rows_after(0, 1)).chain.rows;
    raw_exec(kiosk.path, std::string(kDropTriggers) +
                             "UPDATE audit SET detail = 'late' WHERE id = " + std::to_string(newest) + ";");
    kiosk.append_audit_rows(1);
    auto verdict = require_ok(kiosk.data->rows_after(0, 1)).chain;
    // ... where the cached newest row itself changed, so the whole chain is walked again: row 3.
    REQUIRE(verdict.first_break_id.has_value());
    CHECK(*verdict.first_break_id == 3);

    // And once the interval has passed, the whole chain is walked whatever the cache says.
    Kiosk later;
    later.append_audit_rows(5);
    CHECK_FALSE(require_ok(later.data->rows_after(0, 1)).chain.first_break_id.has_value());
    raw_exec(later.path, std::string(kDropTriggers) + "UPDATE audit SET detail = 'forged' WHERE id = 2;");
    CHECK_FALSE(require_ok(later.data->rows_after(0, 1)).chain.first_break_id.has_value());
    later.now_s += kFullAuditCheckInterval_s;
    verdict = require_ok(later.data->rows_after(0, 1)).chain;
    REQUIRE(verdict.first_break_id.has_value());
    CHECK(*verdict.first_break_id == 2);
}

TEST_CASE("the chain's check alone (the readings'), sharing the audit route's verified prefix") {
    Kiosk kiosk;
    kiosk.append_audit_rows(4);
    const std::int64_t total = require_ok(store::AuditLog(kiosk.ui_db).verify()).rows;
    auto chain = require_ok(kiosk.data->audit_chain());
    CHECK(chain.rows == total);
    CHECK_FALSE(chain.first_break_id.has_value());

    // A break after the prefix the audit route verified is found by the next check of either.
    CHECK_FALSE(require_ok(kiosk.data->rows_after(0, 1)).chain.first_break_id.has_value());
    kiosk.append_audit_rows(2);
    raw_exec(kiosk.path, std::string(kDropTriggers) +
                             "UPDATE audit SET detail = 'forged' WHERE id = " + std::to_string(total + 2) + ";");
    chain = require_ok(kiosk.data->audit_chain());
    REQUIRE(chain.first_break_id.has_value());
    CHECK(*chain.first_break_id == total + 2);
    CHECK(require_ok(kiosk.data->rows_after(0, 1)).chain.first_break_id == total + 2);
}

TEST_CASE("the configuration source: effective JSON redacted, a patch audited under the caller's name") {
    Kiosk kiosk;
    const json::object before = kiosk.data->effective();
    CHECK(before.at("fingerprint").as_object().at("password").as_string() == "[redacted]");
    CHECK(before.at("session").as_object().at("idle_timeout_s").as_int64() == 60);
    const auto after = require_ok(kiosk.data->patch(json::parse(R"({"session": {"idle_timeout_s": 90}})").as_object(),
                                                    mgmt::Caller{mgmt::Role::operator_, "ops-laptop"}));
    CHECK(after.at("session").as_object().at("idle_timeout_s").as_int64() == 90);
    CHECK(kiosk.data->effective() == after);
    auto rows = require_ok(kiosk.data->rows_after(0, 100)).rows;
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.back().actor == "operator:ops-laptop");
    CHECK(rows.back().action == "config.patch");
    CHECK(rows.back().detail == "session.idle_timeout_s=90");
    CHECK(audit_actor(mgmt::Caller{mgmt::Role::operator_, "a"}) == "operator:a");
}

TEST_CASE("the operator routes are added to a table") {
    Kiosk kiosk;
    mgmt::RouteTable routes;
    kiosk.data->add_routes(routes);
    CHECK(routes.match(mgmt::http::verb::get, "/api/v1/slots").kind == mgmt::RouteMatch::Kind::found);
    CHECK(routes.match(mgmt::http::verb::get, "/api/v1/audit").kind == mgmt::RouteMatch::Kind::found);
    CHECK(routes.match(mgmt::http::verb::get, "/api/v1/config").kind == mgmt::RouteMatch::Kind::found);
    CHECK(routes.match(mgmt::http::verb::patch, "/api/v1/config").kind == mgmt::RouteMatch::Kind::found);
}

TEST_CASE("operator checks: a pickup that reconciliation could not settle, with its facts, until the slot is seen to") {
    Kiosk kiosk;
    const auto nik = core::Nik::parse("3171014101900001").value();
    kiosk::app::test::add_in_kiosk_resident(kiosk.ui_db, nik, 1);
    CHECK(require_ok(kiosk.data->operator_checks()).checks.empty());

    // A power cut after the fetch began; at start-up the dispenser's inventory could not be read.
    store::PickupJournal journal(kiosk.ui_db);
    const auto id = require_ok(journal.begin(nik, 1, kLoaded + 100, 12));
    REQUIRE(journal.step(id, store::PickupState::fetched, kLoaded + 101).ok());
    const auto report = require_ok(store::reconcile_open_pickups(kiosk.ui_db, store::StartupSnapshot{}, kLoaded + 500));
    REQUIRE(report.entries.size() == 1);
    REQUIRE(report.entries[0].decision.outcome == core::ReconcileOutcome::operator_check);

    const auto found = require_ok(kiosk.data->operator_checks());
    CHECK(found.now_s == kiosk.now_s);
    REQUIRE(found.checks.size() == 1);
    const mgmt::OperatorCheck& check = found.checks[0];
    CHECK(check.journal_id == id);
    CHECK(check.slot == 1);
    CHECK(check.nik == nik);
    CHECK(check.card_serial == "SERIAL1");
    CHECK(check.reason == "slot occupancy unknown");
    CHECK(check.began_at_s == kLoaded + 100);
    CHECK(check.decided_at_s == kLoaded + 500);
    CHECK(check.bin_counter_at_begin == 12);

    REQUIRE(store::Slots(kiosk.ui_db).clear(1).ok());  // staff took the card out and cleared the slot
    CHECK(require_ok(kiosk.data->operator_checks()).checks.empty());
}
