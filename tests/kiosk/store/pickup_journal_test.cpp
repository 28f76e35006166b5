// The pickup journal against a real database file: begin's refusals, forward-only steps, and the
// single transaction of each closing (slot, record, outbox, audit, journal together or not at all).
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::TempDir;

namespace {

constexpr const char* kResident = "1403125505900001";
constexpr const char* kOther = "1403124412880002";

core::Nik nik(const char* digits) {
    return core::Nik::parse(digits).value();
}

struct Fixture {
    TempDir dir;
    Database db = open_store(dir.file("kiosk.db"), {}).value();
    PickupJournal journal{db};

    Fixture() {
        load(kResident, 3, "C1403000000001");
        load(kOther, 4, "C1403000000002");
    }
    void load(const char* digits, std::int64_t slot, const char* serial) {
        const Record record = kiosk::test::in_kiosk_record(nik(digits), serial);
        REQUIRE(Records(db).upsert(record).ok());
        REQUIRE(Records(db).set_slot(record.nik, slot).value());
        REQUIRE(Slots(db).load(slot, serial, record.nik, 1).ok());
    }
    Record record(const char* digits) { return Records(db).get(nik(digits)).value().value(); }
    Slot slot(std::int64_t number) { return Slots(db).get(number).value().value(); }
    std::int64_t count(const char* sql) { return db.query_int(sql, "test").value(); }
    std::int64_t to_presenting() {
        const auto id = journal.begin(nik(kResident), 3, 100, 7).value();
        REQUIRE(journal.step(id, PickupState::fetched, 101).ok());
        REQUIRE(journal.step(id, PickupState::chip_verified, 102).ok());
        REQUIRE(journal.step(id, PickupState::presenting, 103).ok());
        return id;
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "begin writes the intent with the slot's card serial and the bin counter") {
    const auto id = journal.begin(nik(kResident), 3, 100, 7);
    REQUIRE(id.ok());
    const auto entry = journal.get(*id).value().value();
    CHECK(entry.state == PickupState::intent);
    CHECK(entry.slot == 3);
    CHECK(entry.card_serial == "C1403000000001");
    CHECK(entry.bin_counter_at_begin == 7);
    CHECK(entry.created_at_s == 100);
    CHECK(journal.open_entries().value().size() == 1);
    CHECK(journal.open_entry_for_slot(3).value()->id == *id);
    CHECK_FALSE(journal.open_entry_for_slot(4).value().has_value());
}

TEST_CASE_FIXTURE(Fixture, "begin refuses a second open pickup on a slot, another resident's card, an empty slot") {
    REQUIRE(journal.begin(nik(kResident), 3, 100).ok());
    auto twice = journal.begin(nik(kResident), 3, 101);
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().what.find("already has an open pickup") != std::string::npos);
    auto wrong = journal.begin(nik(kResident), 4, 101);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().what.find("does not hold this resident's card") != std::string::npos);
    CHECK(wrong.error().to_string().find(kResident) == std::string::npos);  // no NIK in errors
    CHECK_FALSE(journal.begin(nik(kOther), 9, 101).ok());
    CHECK(count("SELECT count(*) FROM pickup_journal") == 1);
}

TEST_CASE_FIXTURE(Fixture, "the schema itself refuses two open entries for one slot") {
    REQUIRE(journal.begin(nik(kResident), 3, 100).ok());
    auto raw = db.exec("INSERT INTO pickup_journal (nik, slot, state, created_at, updated_at) "
                       "VALUES ('1403125505900001', 3, 'fetched', 1, 1)",
                       "test");
    CHECK_FALSE(raw.ok());
}

TEST_CASE_FIXTURE(Fixture, "steps move forward only and not after closing") {
    const auto id = journal.begin(nik(kResident), 3, 100).value();
    REQUIRE(journal.step(id, PickupState::fetched, 101).ok());
    CHECK(journal.step(id, PickupState::fetched, 102).ok());  // repeated: accepted
    REQUIRE(journal.step(id, PickupState::presenting, 103).ok());
    CHECK_FALSE(journal.step(id, PickupState::chip_verified, 104).ok());
    CHECK_FALSE(journal.step(id, PickupState::done, 104).ok());  // not a step
    CHECK(journal.get(id).value()->state == PickupState::presenting);
    REQUIRE(journal.done(id, 105).ok());
    CHECK_FALSE(journal.step(id, PickupState::presenting, 106).ok());
    CHECK_FALSE(journal.step(999, PickupState::fetched, 106).ok());
}

TEST_CASE_FIXTURE(Fixture, "done: slot empty, PICKED_UP, slot cleared, one outbox event without the name, audit") {
    const auto id = to_presenting();
    REQUIRE(journal.done(id, 110).ok());
    CHECK(journal.get(id).value()->state == PickupState::done);
    CHECK(slot(3).state == SlotState::empty);
    const auto after = record(kResident);
    CHECK(after.status == core::CardStatus::picked_up);
    CHECK(after.status_time_s == 110);
    CHECK_FALSE(after.slot.has_value());
    const auto events = Outbox(db).peek(10).value();
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == kOutboxCardPickedUp);
    CHECK(events[0].payload_json.find(kResident) != std::string::npos);
    CHECK(events[0].payload_json.find("Siti") == std::string::npos);
    CHECK(events[0].payload_json.find("\"slot\":3") != std::string::npos);
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'pickup.done'") == 1);
    CHECK(count("SELECT count(*) FROM audit WHERE detail LIKE '%1403125505900001%'") == 0);
    CHECK(AuditLog(db).verify().value().first_break == std::nullopt);
    // The card is gone: neither done again nor a new pickup from that slot.
    CHECK_FALSE(journal.done(id, 111).ok());
    CHECK_FALSE(journal.begin(nik(kResident), 3, 112).ok());
    CHECK(Outbox(db).pending_count().value() == 1);
}

TEST_CASE_FIXTURE(Fixture, "done is refused before presenting; aborted is refused after the fetch") {
    const auto id = journal.begin(nik(kResident), 3, 100).value();
    CHECK_FALSE(journal.done(id, 101).ok());
    REQUIRE(journal.step(id, PickupState::fetched, 101).ok());
    CHECK_FALSE(journal.aborted(id, 102).ok());
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
    CHECK(Outbox(db).pending_count().value() == 0);
}

TEST_CASE_FIXTURE(Fixture, "captured: slot empty, CAPTURED, card.captured event with the reason") {
    const auto id = to_presenting();
    REQUIRE(journal.captured(id, "not_taken", 120).ok());
    const auto entry = journal.get(id).value().value();
    CHECK(entry.state == PickupState::captured);
    CHECK(entry.reason == "not_taken");
    CHECK(slot(3).state == SlotState::empty);
    CHECK(record(kResident).status == core::CardStatus::captured);
    const auto events = Outbox(db).peek(10).value();
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == kOutboxCardCaptured);
    CHECK(events[0].payload_json.find("not_taken") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "aborted keeps the card in its slot and allows a new pickup") {
    const auto id = journal.begin(nik(kResident), 3, 100).value();
    REQUIRE(journal.aborted(id, 101).ok());
    CHECK(slot(3).state == SlotState::loaded);
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
    CHECK(record(kResident).slot == 3);
    CHECK(Outbox(db).pending_count().value() == 0);
    CHECK(journal.open_entries().value().empty());
    CHECK(journal.begin(nik(kResident), 3, 102).ok());
}

TEST_CASE_FIXTURE(Fixture, "a closing that fails part-way changes nothing") {
    const auto id = to_presenting();
    // Make the outbox insert fail inside the closing transaction.
    REQUIRE(db.exec("CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'no'); END;",
                    "test")
                .ok());
    CHECK_FALSE(journal.done(id, 110).ok());
    CHECK_FALSE(db.in_transaction());
    CHECK(journal.get(id).value()->state == PickupState::presenting);
    CHECK(slot(3).state == SlotState::loaded);
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'pickup.done'") == 0);
    REQUIRE(db.exec("DROP TRIGGER outbox_refuses", "test").ok());
    CHECK(journal.done(id, 111).ok());
    CHECK(record(kResident).status == core::CardStatus::picked_up);
}

TEST_CASE_FIXTURE(Fixture, "the journal survives closing and reopening the database") {
    const auto path = dir.file("kiosk.db");
    const auto id = journal.begin(nik(kResident), 3, 100, 5).value();
    REQUIRE(journal.step(id, PickupState::fetched, 101).ok());
    db = open_store(path, {}).value();
    PickupJournal reopened(db);
    const auto open = reopened.open_entries().value();
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == id);
    CHECK(open[0].state == PickupState::fetched);
    CHECK(open[0].bin_counter_at_begin == 5);
}

TEST_CASE_FIXTURE(Fixture, "awaiting_operator lists operator checks while their slot is FAULT, oldest first") {
    CHECK(journal.awaiting_operator().value().empty());
    const auto taken = to_presenting();
    REQUIRE(journal.done(taken, 104).ok());
    const auto first = journal.begin(nik(kOther), 4, 200, 9).value();
    REQUIRE(journal.reconciled_operator_check(first, "slot occupancy unknown", 300).ok());
    const auto listed = journal.awaiting_operator().value();
    REQUIRE(listed.size() == 1);  // the closed pickup is no check
    CHECK(listed[0].id == first);
    CHECK(listed[0].slot == 4);
    CHECK(listed[0].nik == nik(kOther));
    CHECK(listed[0].reason == std::optional<std::string>("slot occupancy unknown"));
    CHECK(listed[0].created_at_s == 200);
    CHECK(listed[0].updated_at_s == 300);
    CHECK(listed[0].bin_counter_at_begin == 9);
    CHECK(slot(4).state == SlotState::fault);

    // Staff emptied the slot: the check is done.
    REQUIRE(Slots(db).clear(4).ok());
    CHECK(journal.awaiting_operator().value().empty());
}

TEST_CASE("every pickup state round-trips its wire code; only the four open states are open") {
    int open = 0;
    for (const char* code : {"intent", "fetched", "chip_verified", "presenting", "done", "captured", "aborted",
                             "reconciled_aborted", "reconciled_taken", "reconciled_captured",
                             "reconciled_operator_check"}) {
        const auto state = pickup_state_from_wire_code(code);
        REQUIRE(state.has_value());
        CHECK(wire_code(*state) == code);
        open += is_open(*state) ? 1 : 0;
    }
    CHECK(open == 4);
    CHECK_FALSE(pickup_state_from_wire_code("INTENT").has_value());
}
