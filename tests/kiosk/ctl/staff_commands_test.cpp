// kioskctl staff add | list | disable, run as the built binary against a real database file; what it
// writes is checked through the store's own Staff, as staff mode finds a card; each change has its
// audit row and the chain verifies; every refusal leaves the file as it was.
#include "kiosk/store/audit.hpp"
#include "kiosk/store/staff.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/ctl/nik_run_kioskctl.hpp"
#include "tests/support/database_rows.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using kiosk::test::run_kioskctl;
using kiosk::testing::ProcessOutput;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;
using namespace kiosk::store;
using kiosk::core::staff::StaffRole;

namespace {

ProcessOutput staff(const std::string& db, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"--db", db, "staff"});
    return run_kioskctl(arguments);
}

ProcessOutput add(const std::string& db, const std::string& id, const std::string& role, const std::string& serial,
                  const std::string& name = "Petugas Satu") {
    return staff(db, {"add", "--id", id, "--name", name, "--role", role, "--card-serial", serial});
}

struct AuditRow {
    std::string actor;
    std::string action;
    std::string detail;
};

std::vector<AuditRow> staff_audit_rows(Database& db) {
    auto statement = require_ok(
        db.prepare("SELECT actor, action, detail FROM audit WHERE action LIKE 'staff.%' ORDER BY id", "test.audit"));
    std::vector<AuditRow> rows;
    while (require_ok(statement.step())) {
        rows.push_back({statement.column_text(0), statement.column_text(1), statement.column_text(2)});
    }
    return rows;
}

bool chain_intact(Database& db) {
    return !require_ok(AuditLog(db).verify()).first_break.has_value();
}

}  // namespace

TEST_CASE("staff add, list and disable: the roster staff mode reads, each change audited") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");

    const auto added = add(db_path, "S-001", "TECHNICIAN", "STAFF-CARD-1", "Budi Santoso");
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    CHECK(added.out == "staff member S-001 (TECHNICIAN) added\n");
    REQUIRE(add(db_path, "S-002", "SUPERVISOR", "STAFF-CARD-2", "Sri Wahyuni").exit_code == 0);
    {
        auto db = require_ok(open_store(db_path, {}));
        const auto found = require_ok(Staff(db).find_active_by_card("STAFF-CARD-1"));
        REQUIRE(found.has_value());
        CHECK(found->staff_id == "S-001");
        CHECK(found->name == "Budi Santoso");
        CHECK(found->role == StaffRole::technician);
        CHECK(found->active);
        CHECK(chain_intact(db));
    }

    const auto listed = staff(db_path, {"list"});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.out ==
          "id     name          role        active    card_serial\n"
          "S-001  Budi Santoso  TECHNICIAN  yes       STAFF-CARD-1\n"
          "S-002  Sri Wahyuni   SUPERVISOR  yes       STAFF-CARD-2\n");

    const auto disabled = staff(db_path, {"disable", "--id", "S-001"});
    REQUIRE(disabled.exit_code == 0);
    CHECK(disabled.out.find("S-001 disabled") != std::string::npos);
    CHECK(staff(db_path, {"list"}).out.find("S-001  Budi Santoso  TECHNICIAN  no        STAFF-CARD-1") !=
          std::string::npos);

    auto db = require_ok(open_store(db_path, {}));
    CHECK_FALSE(require_ok(Staff(db).find_active_by_card("STAFF-CARD-1")).has_value());  // the card opens nothing
    CHECK(require_ok(Staff(db).find_active_by_card("STAFF-CARD-2")).has_value());
    const auto rows = staff_audit_rows(db);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].actor.starts_with("kioskctl"));
    CHECK(rows[0].action == "staff.add");
    CHECK(rows[0].detail == "staff=S-001 role=TECHNICIAN");
    CHECK(rows[1].detail == "staff=S-002 role=SUPERVISOR");
    CHECK(rows[2].action == "staff.disable");
    CHECK(rows[2].detail == "staff=S-001");
    for (const auto& row : rows) CHECK(row.detail.find("Budi") == std::string::npos);  // no names in the log
    CHECK(chain_intact(db));
}

TEST_CASE("an empty roster lists as such") {
    TempDir dir;
    const auto listed = staff(dir.file("kiosk.db"), {"list"});
    CHECK(listed.exit_code == 0);
    CHECK(listed.out == "no staff\n");
}

TEST_CASE("the refusals: usage errors exit 2, conflicts exit 1, and none of them changes the file") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    REQUIRE(add(db_path, "S-001", "OPERATOR", "STAFF-CARD-1").exit_code == 0);
    REQUIRE(staff(db_path, {"disable", "--id", "S-001"}).exit_code == 0);
    const auto before = kiosk::testing::database_rows(db_path);

    struct Refusal {
        std::vector<std::string> arguments;
        int exit_code;
        std::string says;
    };
    const std::vector<Refusal> refusals = {
        {{"add", "--id", "S 2", "--name", "X", "--role", "OPERATOR", "--card-serial", "C2"}, 2, "--id must be"},
        {{"add", "--id", "S-002", "--name", "X", "--role", "operator", "--card-serial", "C2"}, 2, "--role must be"},
        {{"add", "--id", "S-002", "--name", "X", "--role", "BOSS", "--card-serial", "C2"}, 2, "--role must be"},
        {{"add", "--id", "S-002", "--name", "", "--role", "OPERATOR", "--card-serial", "C2"}, 2, "--name must be"},
        {{"add", "--id", "S-002", "--name", "X\x1b[2J", "--role", "OPERATOR", "--card-serial", "C2"},
         2,
         "--name must be"},
        {{"add", "--id", "S-002", "--name", "X", "--role", "OPERATOR", "--card-serial", "C 2"}, 2, "--card-serial"},
        {{"add", "--id", "S-002", "--name", "X", "--role", "OPERATOR"}, 2, "--card-serial is required"},
        // The card of a disabled member stays theirs; an id is never re-added.
        {{"add", "--id", "S-002", "--name", "X", "--role", "OPERATOR", "--card-serial", "STAFF-CARD-1"},
         1,
         "card STAFF-CARD-1 belongs to staff member S-001 (disabled)"},
        {{"add", "--id", "S-001", "--name", "X", "--role", "OPERATOR", "--card-serial", "C2"}, 1, "exists already"},
        {{"disable", "--id", "S-001"}, 1, "no active staff member S-001"},
        {{"disable", "--id", "S-404"}, 1, "no active staff member S-404"},
        {{"disable", "--id", "a;b"}, 2, "--id must be"},
    };
    for (const Refusal& refusal : refusals) {
        CAPTURE(refusal.says);
        const auto run = staff(db_path, refusal.arguments);
        CHECK(run.exit_code == refusal.exit_code);
        CHECK(run.err.find(refusal.says) != std::string::npos);
        CHECK(run.out.empty());
    }
    CHECK(kiosk::testing::database_rows(db_path) == before);
    CHECK(staff("", {"list"}).exit_code == 2);  // no database named
}
