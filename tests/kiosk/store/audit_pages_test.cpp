// The audit log read a page at a time, and the chain verified from a checkpoint: what GET
// /api/v1/audit reads. Tampering goes through a raw connection with the triggers dropped.
#include "kiosk/store/audit_pages.hpp"
#include "kiosk/store/schema.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk::store;
using kiosk::testing::raw_exec;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;

namespace {

constexpr const char* kDropTriggers = "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;";

struct Fixture {
    TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database db = [this] {
        auto opened = require_ok(Database::open(path, OpenAccess::read_write_create));
        REQUIRE(migrate(opened).ok());  // without open_store's own audit row: the ids are the test's
        return opened;
    }();
    AuditLog audit{db};

    void append_rows(int count) {
        for (int i = 0; i < count; ++i)
            REQUIRE(audit.append("kioskctl", "test.action", "n=" + std::to_string(i), 1'000 + i).ok());
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "pages: the rows after an id, oldest first, and whether more follow") {
    CHECK(require_ok(audit_page_after(db, 0, 10)).entries.empty());
    append_rows(7);
    const auto first = require_ok(audit_page_after(db, 0, 3));
    REQUIRE(first.entries.size() == 3);
    CHECK(first.entries[0].id == 1);
    CHECK(first.entries[0].at_s == 1'000);
    CHECK(first.entries[0].actor == "kioskctl");
    CHECK(first.entries[0].action == "test.action");
    CHECK(first.entries[0].detail == "n=0");
    CHECK(first.entries[2].id == 3);
    CHECK(first.more);
    const auto last = require_ok(audit_page_after(db, 3, 4));
    REQUIRE(last.entries.size() == 4);
    CHECK(last.entries.back().id == 7);
    CHECK_FALSE(last.more);
    CHECK(require_ok(audit_page_after(db, 7, 4)).entries.empty());
    CHECK(require_ok(audit_page_after(db, 6, 1)).entries.at(0).id == 7);
}

TEST_CASE_FIXTURE(Fixture, "verify_after a checkpoint reads only the newer rows and ends where verify() ends") {
    append_rows(20);
    const auto whole = require_ok(audit.verify());
    CHECK(whole.rows == 20);
    CHECK(whole.intact_through.id == 20);
    append_rows(5);
    const auto resumed = require_ok(audit.verify_after(whole.intact_through));
    CHECK_FALSE(resumed.first_break.has_value());
    CHECK(resumed.rows == 25);
    CHECK(resumed.intact_through == require_ok(audit.verify()).intact_through);
    // Nothing new: the checkpoint itself.
    CHECK(require_ok(audit.verify_after(resumed.intact_through)).intact_through == resumed.intact_through);
}

TEST_CASE_FIXTURE(Fixture, "verify_after: a break after the checkpoint is found there") {
    append_rows(10);
    const auto checkpoint = require_ok(audit.verify()).intact_through;
    append_rows(5);
    raw_exec(path, std::string(kDropTriggers) + "UPDATE audit SET detail = 'forged' WHERE id = 13;");
    const auto verdict = require_ok(audit.verify_after(checkpoint));
    REQUIRE(verdict.first_break.has_value());
    CHECK(verdict.first_break->row_id == 13);
    CHECK(verdict.intact_through.id == 12);
    CHECK(verdict.rows == 15);
}

TEST_CASE_FIXTURE(Fixture, "verify_after: a checkpoint row that changed or went walks the whole chain") {
    append_rows(10);
    const auto checkpoint = require_ok(audit.verify()).intact_through;
    raw_exec(path, std::string(kDropTriggers) +
                       "UPDATE audit SET detail = 'forged' WHERE id = 4;"
                       "UPDATE audit SET hash = zeroblob(32) WHERE id = 10;");
    const auto changed = require_ok(audit.verify_after(checkpoint));
    REQUIRE(changed.first_break.has_value());
    CHECK(changed.first_break->row_id == 4);  // from the start again, so the edit inside is found too

    Fixture truncated;
    truncated.append_rows(6);
    const auto head = require_ok(truncated.audit.verify()).intact_through;
    raw_exec(truncated.path, std::string(kDropTriggers) + "DELETE FROM audit WHERE id >= 5;");
    const auto shorter = require_ok(truncated.audit.verify_after(head));
    CHECK_FALSE(shorter.first_break.has_value());  // rows 1-4 still chain: truncation needs the head off the box
    CHECK(shorter.rows == 4);
    CHECK(shorter.intact_through.id == 4);
}

TEST_CASE_FIXTURE(Fixture, "verify_after: an edit before the checkpoint is left to verify()") {
    append_rows(10);
    const auto checkpoint = require_ok(audit.verify()).intact_through;
    raw_exec(path, std::string(kDropTriggers) + "UPDATE audit SET detail = 'forged' WHERE id = 3;");
    CHECK_FALSE(require_ok(audit.verify_after(checkpoint)).first_break.has_value());
    CHECK(require_ok(audit.verify()).first_break->row_id == 3);
}
