// The outbox as the central system's feed, against a real database file: cursors that only grow
// (across reopening and purges), ids that stay, idempotent acks, purges only of events acknowledged
// long enough ago, each change with its audit row; and migration 5 carrying version 4's rows over.
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace kiosk::store;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;

namespace {

std::int64_t count(Database& db, const std::string& sql) {
    return require_ok(db.query_int(sql, "test.count"));
}

std::vector<std::string> ids_of(const std::vector<OutboxEvent>& events) {
    std::vector<std::string> ids;
    for (const auto& event : events) ids.push_back(event.id);
    return ids;
}

struct Fixture {
    TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database db = require_ok(open_store(path, {}));
    Outbox outbox{db};

    std::int64_t enqueue(int n, std::int64_t at_s = 100) {
        return require_ok(outbox.enqueue("card.picked_up", R"({"n":)" + std::to_string(n) + "}", at_s));
    }
    std::vector<OutboxEvent> all() { return require_ok(outbox.page_after(0, 1000)).events; }
    void reopen() {
        db = require_ok(open_store(path, {}));
        outbox = Outbox(db);
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture,
                  "a page: events after the cursor in cursor order, at most the limit, and whether more follow") {
    std::vector<std::int64_t> cursors;
    for (int n = 1; n <= 5; ++n) cursors.push_back(enqueue(n));
    for (std::size_t i = 1; i < cursors.size(); ++i) CHECK(cursors[i] > cursors[i - 1]);

    const auto first = require_ok(outbox.page_after(0, 2));
    REQUIRE(first.events.size() == 2);
    CHECK(first.events[0].cursor == cursors[0]);
    CHECK(first.events[1].cursor == cursors[1]);
    CHECK(first.events[0].payload_json == R"({"n":1})");
    CHECK(first.events[0].kind == "card.picked_up");
    CHECK(first.events[0].created_at_s == 100);
    CHECK_FALSE(first.events[0].acknowledged_at_s.has_value());
    CHECK(first.more);

    const auto rest = require_ok(outbox.page_after(first.events.back().cursor, 3));
    REQUIRE(rest.events.size() == 3);
    CHECK(rest.events[0].cursor == cursors[2]);
    CHECK_FALSE(rest.more);  // exactly the limit left: no more
    const auto past = require_ok(outbox.page_after(cursors.back(), 10));
    CHECK(past.events.empty());
    CHECK_FALSE(past.more);
    CHECK(require_ok(outbox.last_cursor()) == cursors.back());
}

TEST_CASE_FIXTURE(Fixture, "ids: 32 lower-case hex digits, distinct, and the same after reopening") {
    for (int n = 0; n < 200; ++n) enqueue(n);
    const auto before = all();
    std::set<std::string> distinct;
    for (const auto& event : before) {
        CHECK(event.id.size() == 32);
        CHECK(event.id.find_first_not_of("0123456789abcdef") == std::string::npos);
        distinct.insert(event.id);
    }
    CHECK(distinct.size() == 200);
    reopen();
    CHECK(all() == before);
    // The schema refuses an id of another form, and a second event with the same id.
    CHECK_FALSE(db.exec("UPDATE outbox SET event_id = 'ABC' WHERE cursor = 1", "test").ok());
    CHECK_FALSE(
        db.exec("UPDATE outbox SET event_id = (SELECT event_id FROM outbox WHERE cursor = 2) WHERE cursor = 1", "test")
            .ok());
}

TEST_CASE_FIXTURE(Fixture, "cursors only grow: across reopening, and after every event was purged") {
    enqueue(1);
    enqueue(2);
    const std::int64_t third = enqueue(3);
    reopen();
    CHECK(enqueue(4) == third + 1);
    const auto events = all();
    REQUIRE(require_ok(outbox.acknowledge(ids_of(events), "central:test", 200)).acknowledged == 4);
    CHECK(require_ok(outbox.purge_acknowledged(200, 100, 201)) == 4);
    CHECK(all().empty());
    CHECK(require_ok(outbox.last_cursor()) == third + 1);  // the purged ones' cursors still count
    reopen();
    CHECK(require_ok(outbox.last_cursor()) == third + 1);
    CHECK(enqueue(5) == third + 2);
    CHECK(require_ok(outbox.page_after(0, 10)).events.front().cursor == third + 2);
}

TEST_CASE_FIXTURE(Fixture, "acks are idempotent: a repeated, unknown or doubled id is counted, not refused") {
    for (int n = 1; n <= 3; ++n) enqueue(n);
    const auto events = all();
    const std::string unknown = "0123456789abcdef0123456789abcdef";
    const std::int64_t audit_rows = count(db, "SELECT count(*) FROM audit");

    const std::vector<std::string> first{events[0].id, events[1].id, events[0].id, unknown};
    CHECK(require_ok(outbox.acknowledge(first, "central:dukcapil", 300)) == AckCounts{2, 0, 1});
    CHECK(count(db, "SELECT count(*) FROM audit") == audit_rows + 1);
    CHECK(count(db,
                "SELECT count(*) FROM audit WHERE actor = 'central:dukcapil' AND action = 'events.ack' AND "
                "detail = 'acknowledged=2 already=0 unknown=1'") == 1);

    // The same ack again changes nothing, and writes no audit row.
    CHECK(require_ok(outbox.acknowledge(first, "central:dukcapil", 301)) == AckCounts{0, 2, 1});
    CHECK(count(db, "SELECT count(*) FROM audit") == audit_rows + 1);
    const auto after = all();
    CHECK(after[0].acknowledged_at_s == 300);  // the first ack's time stays
    CHECK(after[1].acknowledged_at_s == 300);
    CHECK_FALSE(after[2].acknowledged_at_s.has_value());
    CHECK(require_ok(outbox.pending_count()) == 1);
    CHECK(require_ok(outbox.oldest_unacknowledged_cursor()) == events[2].cursor);
    CHECK(require_ok(outbox.acknowledge({}, "central:dukcapil", 302)) == AckCounts{});

    CHECK(
        require_ok(outbox.acknowledge(std::vector<std::string>{events[2].id}, "central:dukcapil", 303)).acknowledged ==
        1);
    CHECK_FALSE(require_ok(outbox.oldest_unacknowledged_cursor()).has_value());
    CHECK_FALSE(require_ok(AuditLog(db).verify()).first_break.has_value());
}

TEST_CASE_FIXTURE(Fixture, "a purge takes only events acknowledged at or before the cut-off, in batches, audited") {
    for (int n = 1; n <= 6; ++n) enqueue(n);
    const auto events = all();
    // 1-2 acknowledged at 100, 3-4 at 200, 5-6 never.
    REQUIRE(outbox.acknowledge(std::vector<std::string>{events[0].id, events[1].id}, "central:c", 100).ok());
    REQUIRE(outbox.acknowledge(std::vector<std::string>{events[2].id, events[3].id}, "central:c", 200).ok());

    CHECK(require_ok(outbox.purge_acknowledged(99, 100, 1000)) == 0);
    CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'events.purge'") == 0);  // nothing went: no row
    CHECK(require_ok(outbox.purge_acknowledged(150, 1, 1000)) == 1);                    // a batch of one
    CHECK(require_ok(outbox.purge_acknowledged(150, 100, 1000)) == 1);
    auto left = all();
    REQUIRE(left.size() == 4);
    CHECK(left[0].cursor == events[2].cursor);
    CHECK(count(db, "SELECT count(*) FROM audit WHERE action = 'events.purge' AND actor = 'kiosk.outbox'") == 2);

    // However late the cut-off, the unacknowledged events stay.
    CHECK(require_ok(outbox.purge_acknowledged(1'000'000'000, 100, 1000)) == 2);
    left = all();
    REQUIRE(left.size() == 2);
    CHECK(left[0].cursor == events[4].cursor);
    CHECK(left[1].cursor == events[5].cursor);
    CHECK(require_ok(outbox.pending_count()) == 2);
    CHECK_FALSE(require_ok(AuditLog(db).verify()).first_break.has_value());
    // An ack of a purged event: unknown, not an error.
    CHECK(require_ok(outbox.acknowledge(std::vector<std::string>{events[0].id}, "central:c", 1001)) ==
          AckCounts{0, 0, 1});
}

TEST_CASE("migration 5 carries version 4's outbox over: cursors, sent as acknowledged, the sequence, new ids") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto db = require_ok(Database::open(path, OpenAccess::read_write_create));
        REQUIRE(migrate(db, migrations().first(4)).ok());
        REQUIRE(db.exec("INSERT INTO outbox (kind, payload, created_at) VALUES ('card.picked_up', '{\"n\":1}', 10), "
                        "('card.captured', '{\"n\":2}', 11), ('card.picked_up', '{\"n\":3}', 12), "
                        "('card.picked_up', '{\"n\":4}', 13);"
                        "UPDATE outbox SET sent_at = 20, attempts = 2 WHERE id = 2;"
                        "DELETE FROM outbox WHERE id = 4;",  // the newest one, sent and gone
                        "test")
                    .ok());
    }
    auto db = require_ok(open_store(path, {}));
    CHECK(count(db, "PRAGMA user_version") == latest_schema_version());
    Outbox outbox(db);
    const auto events = require_ok(outbox.page_after(0, 10)).events;
    REQUIRE(events.size() == 3);
    CHECK(events[0].cursor == 1);
    CHECK(events[0].payload_json == R"({"n":1})");
    CHECK(events[1].cursor == 2);
    CHECK(events[1].kind == "card.captured");
    CHECK(events[1].created_at_s == 11);
    CHECK(events[1].acknowledged_at_s == 20);
    CHECK_FALSE(events[0].acknowledged_at_s.has_value());
    CHECK(events[0].id != events[1].id);
    CHECK(events[2].id.size() == 32);
    CHECK(require_ok(outbox.pending_count()) == 2);
    // Cursor 4 was handed out before the migration: it does not come back.
    CHECK(require_ok(outbox.last_cursor()) == 4);
    CHECK(require_ok(outbox.enqueue("card.picked_up", R"({"n":5})", 30)) == 5);
    CHECK(count(db,
                "SELECT count(*) FROM sqlite_schema WHERE name IN ('outbox_unacknowledged', "
                "'outbox_acknowledged')") == 2);
    CHECK(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_v5'") == 0);
    auto check = require_ok(db.prepare("PRAGMA integrity_check", "test"));
    REQUIRE(require_ok(check.step()));
    CHECK(check.column_text(0) == "ok");
}

TEST_CASE("a new database's outbox starts at cursor 1 with nothing to acknowledge") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Outbox outbox(db);
    CHECK(require_ok(outbox.last_cursor()) == 0);
    CHECK_FALSE(require_ok(outbox.oldest_unacknowledged_cursor()).has_value());
    CHECK(require_ok(outbox.page_after(0, 1)).events.empty());
    CHECK(require_ok(outbox.enqueue("card.captured", "{}", 1)) == 1);
}
