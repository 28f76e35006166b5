// The audit chain: appends, and tampering through a raw connection with the triggers dropped.
#include "kiosk/store/audit.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/raw_sqlite.hpp"

#include "kiosk/core/hex.hpp"

#include <doctest/doctest.h>

using namespace kiosk::store;
using kiosk::testing::TempDir;
using kiosk::testing::raw_exec;

namespace {

// The schema without open_store's own "schema.migrate" audit row, so row numbers here are the test's.
Database migrated_database(const std::string& path) {
    auto db = Database::open(path, OpenAccess::read_write_create).value();
    REQUIRE(migrate(db).ok());
    return db;
}

struct Fixture {
    TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database db = migrated_database(path);
    AuditLog audit{db};

    void append_rows(int count) {
        for (int i = 0; i < count; ++i) {
            REQUIRE(audit.append("kioskctl", "test.action", "n=" + std::to_string(i), 1'000 + i).ok());
        }
    }
};

constexpr const char* kDropTriggers = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;";

}  // namespace

TEST_CASE_FIXTURE(Fixture, "an empty log and a log of appended rows verify intact") {
    auto empty = audit.verify().value();
    CHECK(empty.rows == 0);
    CHECK_FALSE(empty.first_break.has_value());
    append_rows(30);
    auto verdict = audit.verify().value();
    CHECK(verdict.rows == 30);
    CHECK_FALSE(verdict.first_break.has_value());
}

TEST_CASE_FIXTURE(Fixture, "rows chain: each prev_hash is the hash of the row before") {
    REQUIRE(audit.append("a", "x", "", 1).value() == 1);
    REQUIRE(audit.append("a", "y", "", 2).value() == 2);
    auto rows = db.prepare("SELECT prev_hash, hash FROM audit ORDER BY id", "t").value();
    REQUIRE(rows.step().value());
    CHECK(rows.column_blob(0) == std::vector<std::uint8_t>(32, 0));
    const auto first_hash = rows.column_blob(1);
    const auto expected = audit_hash(Sha256Digest{}, AuditEntry{1, 1, "a", "x", ""});
    CHECK(first_hash == std::vector<std::uint8_t>(expected.begin(), expected.end()));
    REQUIRE(rows.step().value());
    CHECK(rows.column_blob(0) == first_hash);
}

TEST_CASE("the canonical bytes separate fields unambiguously") {
    CHECK(audit_canonical_bytes({1, 2, "ab", "c", ""}) != audit_canonical_bytes({1, 2, "a", "bc", ""}));
    CHECK(audit_canonical_bytes({1, 2, "a", "b", "c"}) != audit_canonical_bytes({2, 2, "a", "b", "c"}));
}

TEST_CASE_FIXTURE(Fixture, "the triggers refuse UPDATE and DELETE through the store") {
    append_rows(3);
    auto update = db.exec("UPDATE audit SET detail = 'x' WHERE id = 2", "t");
    REQUIRE_FALSE(update.ok());
    CHECK(update.error().what.find("audit log is append-only") != std::string::npos);
    CHECK_FALSE(db.exec("DELETE FROM audit WHERE id = 2", "t").ok());
    CHECK(audit.verify().value().rows == 3);
}

TEST_CASE_FIXTURE(Fixture, "a direct edit of one row, triggers dropped, is caught at that row") {
    append_rows(30);
    raw_exec(path, std::string(kDropTriggers) + "UPDATE audit SET detail = 'n=999' WHERE id = 17;");
    auto verdict = audit.verify().value();
    CHECK(verdict.rows == 30);
    REQUIRE(verdict.first_break.has_value());
    CHECK(verdict.first_break->row_id == 17);
    CHECK(verdict.first_break->reason == "hash does not match its content");
}

TEST_CASE_FIXTURE(Fixture, "an edit that also recomputes the row's hash is caught at the next row") {
    append_rows(5);
    // Recompute row 3's hash for forged content: the chain breaks at row 4, whose prev_hash is stale.
    Sha256Digest prev_hash{};
    {
        // Scoped: an unfinished statement would pin this connection's read snapshot.
        auto prev = db.prepare("SELECT prev_hash FROM audit WHERE id = 3", "t").value();
        REQUIRE(prev.step().value());
        const auto stored = prev.column_blob(0);
        std::copy(stored.begin(), stored.end(), prev_hash.begin());
    }
    const auto forged = audit_hash(prev_hash, AuditEntry{3, 1002, "kioskctl", "test.action", "forged"});
    const std::string hex = kiosk::core::format_hex_bytes(forged);
    raw_exec(path,
             std::string(kDropTriggers) + "UPDATE audit SET detail = 'forged', hash = x'" + hex + "' WHERE id = 3;");
    auto verdict = audit.verify().value();
    REQUIRE(verdict.first_break.has_value());
    CHECK(verdict.first_break->row_id == 4);
    CHECK(verdict.first_break->reason == "its prev_hash does not match the hash of the row before it");
}

TEST_CASE_FIXTURE(Fixture, "deleting a row in the middle is caught at the row after it") {
    append_rows(10);
    raw_exec(path, std::string(kDropTriggers) + "DELETE FROM audit WHERE id = 6;");
    auto verdict = audit.verify().value();
    CHECK(verdict.rows == 9);
    REQUIRE(verdict.first_break.has_value());
    CHECK(verdict.first_break->row_id == 7);
}

TEST_CASE_FIXTURE(Fixture, "changing a text field's type is caught") {
    append_rows(3);
    raw_exec(path, std::string(kDropTriggers) + "UPDATE audit SET detail = CAST(detail AS BLOB) WHERE id = 2;");
    auto verdict = audit.verify().value();
    REQUIRE(verdict.first_break.has_value());
    CHECK(verdict.first_break->row_id == 2);
}

TEST_CASE_FIXTURE(Fixture, "appending after a verify continues the chain, also from a second connection") {
    append_rows(4);
    REQUIRE_FALSE(audit.verify().value().first_break.has_value());
    auto second = open_store(path, {}).value();
    AuditLog other(second);
    CHECK(other.append("staff:S-001", "slot.load", "slot=3", 5000).value() == 5);
    CHECK(audit.append("kioskctl", "db.seed", "records=10", 5001).value() == 6);
    auto verdict = audit.verify().value();
    CHECK(verdict.rows == 6);
    CHECK_FALSE(verdict.first_break.has_value());
}

TEST_CASE_FIXTURE(Fixture, "an append inside the caller's transaction rolls back with it") {
    append_rows(2);
    {
        auto transaction = Transaction::begin(db, TransactionKind::immediate, "t").value();
        CHECK(audit.append("kioskctl", "db.import", "", 9).value() == 3);
    }
    CHECK(audit.verify().value().rows == 2);
    CHECK(audit.append("kioskctl", "db.import", "", 9).value() == 3);
}

TEST_CASE("open_store records a schema migration in the audit log, once") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto db = open_store(path, {}).value();
        auto first = db.prepare("SELECT actor, action, detail FROM audit", "t").value();
        REQUIRE(first.step().value());
        CHECK(first.column_text(0) == "kiosk.store");
        CHECK(first.column_text(1) == "schema.migrate");
        CHECK(first.column_text(2) == "from=0 to=" + std::to_string(latest_schema_version()));
    }
    auto again = open_store(path, {}).value();
    AuditLog audit(again);
    auto verdict = audit.verify().value();
    CHECK(verdict.rows == 1);
    CHECK_FALSE(verdict.first_break.has_value());
}

TEST_CASE_FIXTURE(Fixture,
                  "the head: id 0 and zeros for an empty log, then the newest row's id and hash after each append") {
    CHECK(audit.head().value() == AuditHead{0, Sha256Digest{}});
    Sha256Digest previous{};
    for (int i = 1; i <= 3; ++i) {
        append_rows(1);
        const AuditHead head = audit.head().value();
        CHECK(head.id == i);
        CHECK(head.hash != previous);
        auto stored = db.prepare("SELECT hash FROM audit WHERE id = " + std::to_string(i), "t").value();
        REQUIRE(stored.step().value());
        CHECK(stored.column_blob(0) == std::vector<std::uint8_t>(head.hash.begin(), head.hash.end()));
        previous = head.hash;
    }
    // Truncating the newest row moves the head back: what the central system, which saw the old head,
    // notices (the chain alone still verifies).
    raw_exec(path, kDropTriggers);
    raw_exec(path, "DELETE FROM audit WHERE id = 3;");
    CHECK(audit.head().value().id == 2);
    CHECK_FALSE(audit.verify().value().first_break.has_value());
}
