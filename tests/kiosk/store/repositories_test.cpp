// Records, templates, slots, staff, settings and outbox against a real database file.
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/settings.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/templates.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::TempDir;

namespace {

core::Nik nik(const char* digits) {
    return core::Nik::parse(digits).value();
}

Record sample_record(const char* digits) {
    return Record{.nik = nik(digits),
                  .name = "Siti Rahayu",
                  .status = core::CardStatus::print_ready_record,
                  .status_time_s = 1'760'000'000,
                  .queue_position = 12,
                  .office_blank_stock = 300,
                  .priority = core::Priority::urgent_need,
                  .card_serial = std::nullopt,
                  .slot = std::nullopt};
}

struct Fixture {
    TempDir dir;
    Database db = open_store(dir.file("kiosk.db"), {}).value();
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a record round-trips, is replaced by upsert and keeps its slot") {
    Records records(db);
    const auto record = sample_record("1403125505900001");
    REQUIRE(records.upsert(record).ok());
    auto got = records.get(record.nik);
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    CHECK(**got == record);

    REQUIRE(records.set_slot(record.nik, 7).value());
    auto printed = record;
    printed.status = core::CardStatus::in_kiosk;
    printed.queue_position.reset();
    printed.card_serial = "C1403000000001";
    REQUIRE(records.upsert(printed).ok());
    auto after = records.get(record.nik).value();
    REQUIRE(after.has_value());
    CHECK(after->status == core::CardStatus::in_kiosk);
    CHECK(after->card_serial == printed.card_serial);
    CHECK(after->queue_position == std::nullopt);
    CHECK(after->slot == 7);
    CHECK(records.count().value() == 1);
}

TEST_CASE_FIXTURE(Fixture, "an absent NIK is nullopt, and updating its status changes nothing") {
    Records records(db);
    REQUIRE(records.upsert(sample_record("1403125505900001")).ok());
    CHECK_FALSE(records.get(nik("1403125505900002")).value().has_value());
    CHECK_FALSE(records.update_status(nik("1403125505900002"), core::CardStatus::printed, 1).value());
    CHECK(records.update_status(nik("1403125505900001"), core::CardStatus::printed, 99).value());
    auto got = records.get(nik("1403125505900001")).value();
    CHECK(got->status == core::CardStatus::printed);
    CHECK(got->status_time_s == 99);
}

TEST_CASE_FIXTURE(Fixture, "the schema accepts every status and priority wire code of core, and nothing else") {
    Records records(db);
    auto record = sample_record("1403125505900001");
    for (auto status : core::kAllCardStatuses) {
        record.status = status;
        CHECK(records.upsert(record).ok());
    }
    for (auto priority : core::kAllPriorities) {
        record.priority = priority;
        CHECK(records.upsert(record).ok());
    }
    auto bad = db.prepare("UPDATE records SET status = 'LOST'", "t");
    REQUIRE(bad.ok());
    auto ran = bad->run();
    REQUIRE_FALSE(ran.ok());
    CHECK(ran.error().what.find("CHECK constraint failed") != std::string::npos);
    CHECK(ran.error().where == "t");
    auto short_nik =
        db.prepare("INSERT INTO records (nik, name, status, status_time) VALUES ('123', 'x', 'PRINTED', 0)", "t");
    REQUIRE(short_nik.ok());
    CHECK_FALSE(short_nik->run().ok());
}

TEST_CASE_FIXTURE(Fixture, "two templates per resident, 512 bytes each, only for a known resident") {
    Records records(db);
    Templates templates(db);
    const auto resident = nik("1403125505900001");
    FingerTemplate first{};
    FingerTemplate second{};
    for (std::size_t i = 0; i < kTemplateBytes; ++i) {
        first[i] = static_cast<std::uint8_t>(i);
        second[i] = static_cast<std::uint8_t>(255 - (i & 0xff));
    }
    auto orphan = templates.put(resident, Finger::first, first);
    REQUIRE_FALSE(orphan.ok());
    CHECK(orphan.error().what.find("FOREIGN KEY constraint failed") != std::string::npos);

    REQUIRE(records.upsert(sample_record("1403125505900001")).ok());
    CHECK_FALSE(templates.get(resident).value().first.has_value());
    REQUIRE(templates.put(resident, Finger::first, first).ok());
    REQUIRE(templates.put(resident, Finger::second, second).ok());
    auto got = templates.get(resident).value();
    CHECK(got.first == first);
    CHECK(got.second == second);
    REQUIRE(templates.put(resident, Finger::first, second).ok());
    CHECK(templates.get(resident).value().first == second);

    auto wrong_size = db.prepare("UPDATE templates SET data = zeroblob(511)", "t");
    REQUIRE(wrong_size.ok());
    CHECK_FALSE(wrong_size->run().ok());
}

TEST_CASE_FIXTURE(Fixture, "slots hold a loaded card for a resident and are cleared") {
    Records records(db);
    Slots slots(db);
    const auto resident = nik("1403125505900001");
    REQUIRE(records.upsert(sample_record("1403125505900001")).ok());
    REQUIRE(slots.load(3, "C1403000000001", resident, 1000).ok());
    auto loaded = slots.get(3).value();
    REQUIRE(loaded.has_value());
    CHECK(loaded->state == SlotState::loaded);
    CHECK(loaded->nik == resident);
    CHECK(loaded->card_serial == "C1403000000001");
    CHECK(loaded->loaded_at_s == 1000);
    CHECK_FALSE(slots.load(4, "C1", nik("1403125505900009"), 1).ok());  // unknown resident
    REQUIRE(slots.clear(3).ok());
    REQUIRE(slots.mark_fault(5).ok());
    auto all = slots.all().value();
    REQUIRE(all.size() == 2);
    CHECK(all[0] == Slot{3, SlotState::empty, std::nullopt, std::nullopt, std::nullopt});
    CHECK(all[1].state == SlotState::fault);
    CHECK_FALSE(slots.get(9).value().has_value());
}

TEST_CASE_FIXTURE(Fixture, "staff are found by card only while active") {
    using core::staff::StaffRole;
    Staff staff(db);
    StaffMember member{"S-001", "Petugas Satu", "STAFF-CARD-1", StaffRole::technician, true};
    REQUIRE(staff.upsert(member).ok());
    CHECK(staff.find_active_by_card("STAFF-CARD-1").value() == member);
    member.active = false;
    REQUIRE(staff.upsert(member).ok());
    CHECK_FALSE(staff.find_active_by_card("STAFF-CARD-1").value().has_value());
    CHECK(staff.get("S-001").value() == member);
    StaffMember clash{"S-002", "Petugas Dua", "STAFF-CARD-1", StaffRole::operator_, true};
    CHECK_FALSE(staff.upsert(clash).ok());  // one card, one person
}

TEST_CASE_FIXTURE(Fixture, "staff list by id, and set_active says whether it changed anything") {
    using core::staff::StaffRole;
    Staff staff(db);
    CHECK(staff.list().value().empty());
    const StaffMember second{"S-002", "Petugas Dua", "STAFF-CARD-2", StaffRole::supervisor, true};
    const StaffMember first{"S-001", "Petugas Satu", std::nullopt, StaffRole::operator_, true};
    REQUIRE(staff.upsert(second).ok());
    REQUIRE(staff.upsert(first).ok());
    CHECK(staff.list().value() == std::vector<StaffMember>{first, second});
    CHECK(staff.set_active("S-002", false).value());
    CHECK_FALSE(staff.set_active("S-002", false).value());  // already so
    CHECK_FALSE(staff.set_active("S-404", false).value());  // no such member
    CHECK_FALSE(staff.find_active_by_card("STAFF-CARD-2").value().has_value());
    CHECK(staff.list().value()[1].active == false);
    CHECK(staff.set_active("S-002", true).value());
    CHECK(staff.find_active_by_card("STAFF-CARD-2").value() == second);
    // Ids are the audit log's actors: kept to safe characters.
    for (const char* bad : {"", "has space", "semi;colon", "line\nbreak", "0123456789012345678901234567890123"}) {
        CAPTURE(bad);
        CHECK_FALSE(is_valid_staff_id(bad));
        CHECK_FALSE(staff.upsert({bad, "X", std::nullopt, StaffRole::operator_, true}).ok());
    }
    CHECK(is_valid_staff_id("NIP.1987-01_a"));
    CHECK(staff_actor("S-001") == "staff:S-001");
    CHECK(staff.list().value().size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "settings set, replace, read and erase") {
    Settings settings(db);
    CHECK_FALSE(settings.get("office.name").value().has_value());
    REQUIRE(settings.set("office.name", "Disdukcapil A").ok());
    REQUIRE(settings.set("office.name", "Disdukcapil B").ok());
    CHECK(settings.get("office.name").value() == "Disdukcapil B");
    REQUIRE(settings.erase("office.name").ok());
    CHECK_FALSE(settings.get("office.name").value().has_value());
}

TEST_CASE_FIXTURE(Fixture, "outbox events are peeked oldest first until acknowledged") {
    Outbox outbox(db);
    const auto first = outbox.enqueue("card.picked_up", R"({"slot":3})", 100).value();
    const auto second = outbox.enqueue("card.captured", R"({"slot":4})", 101).value();
    CHECK(second > first);
    CHECK_FALSE(outbox.enqueue("bad", "{not json", 102).ok());
    auto pending = outbox.peek(10).value();
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].cursor == first);
    CHECK(pending[0].kind == "card.picked_up");
    CHECK(pending[0].payload_json == R"({"slot":3})");
    const std::vector<std::string> ids{pending[0].id};
    CHECK(outbox.acknowledge(ids, "central:test", 200).value().acknowledged == 1);
    CHECK(outbox.acknowledge(ids, "central:test", 201).value().already_acknowledged == 1);  // already: idempotent
    pending = outbox.peek(10).value();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].cursor == second);
    CHECK(outbox.pending_count().value() == 1);
}

TEST_CASE_FIXTURE(Fixture, "a transaction rolls back unless committed") {
    Settings settings(db);
    {
        auto transaction = Transaction::begin(db, TransactionKind::immediate, "t");
        REQUIRE(transaction.ok());
        REQUIRE(settings.set("k", "v").ok());
    }
    CHECK_FALSE(settings.get("k").value().has_value());
    {
        auto transaction = Transaction::begin(db, TransactionKind::immediate, "t");
        REQUIRE(transaction.ok());
        REQUIRE(settings.set("k", "v").ok());
        REQUIRE(transaction->commit().ok());
    }
    CHECK(settings.get("k").value() == "v");
}

TEST_CASE_FIXTURE(Fixture, "bind_all binds ?1..?N in order and stops at the first failure") {
    auto statement = db.prepare("SELECT ?1, ?2, ?3, ?4", "t").value();
    const std::optional<std::int64_t> none;
    REQUIRE(statement.bind_all(std::int64_t{7}, std::string("text"), none, std::optional<std::string>("x")).ok());
    REQUIRE(statement.step().value());
    CHECK(statement.column_int(0) == 7);
    CHECK(statement.column_text(1) == "text");
    CHECK(statement.column_is_null(2));
    CHECK(statement.column_text(3) == "x");
    auto two = db.prepare("SELECT ?1, ?2", "t.two").value();
    const auto too_many = two.bind_all(std::int64_t{1}, std::int64_t{2}, std::int64_t{3});
    REQUIRE_FALSE(too_many.ok());
    CHECK(too_many.error().where == "t.two");
    CHECK(too_many.error().what.find("out of range") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "borrowing a cached statement while it is borrowed is a programmer error: VERIFY aborts") {
    int err_pipe[2];
    REQUIRE(pipe(err_pipe) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        dup2(err_pipe[1], 2);
        auto first = db.cached("SELECT 1", "t");
        auto second = db.cached("SELECT 1", "t");  // aborts here
        _exit(0);
    }
    close(err_pipe[1]);
    std::string err;
    char buffer[512];
    for (ssize_t n; (n = read(err_pipe[0], buffer, sizeof buffer)) > 0;)
        err.append(buffer, static_cast<std::size_t>(n));
    close(err_pipe[0]);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGABRT);
    CHECK(err.find("<2>event=verify_failed") == 0);
    CHECK(err.find("borrowed twice") != std::string::npos);
}
