// Take-back of uncollected cards through the pickup journal (purpose return) against a real database
// file: the cards past their deadline (Slots::uncollected), begin_return's refusals (writing nothing),
// done() closing as RETURNED with card.returned naming the staff member, captured() into the bin's
// list, the one transaction of each closing, and start-up reconciliation closing an open take-back
// as RETURNED where it would close a pickup as taken. The audit chain verifies after each operation.
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/pickup_reconciler.hpp"
#include "tests/kiosk/store/staff_store_rig.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::test::kStaffId;
using kiosk::test::nik_of;
using kiosk::test::StaffStoreRig;
namespace json = boost::json;

namespace {

constexpr std::int64_t kDay = 86'400;
constexpr std::int64_t kLoaded = 1'767'225'600;  // 2026-01-01T00:00:00Z
constexpr const char* kResident = "1403125505900001";
constexpr const char* kOther = "1403124412880002";
constexpr const char* kSerial = "C1403000000001";

struct Rig : StaffStoreRig {
    PickupJournal journal{db};
    Rig() {
        loaded(kResident, 3, kSerial, kLoaded);
        loaded(kOther, 4, "C-OTHER", kLoaded + 10 * kDay);
    }
    std::int64_t to_presenting(std::int64_t bin_counter = 7) {
        const auto id = journal.begin_return(nik_of(kResident), 3, kStaffId, kLoaded + 40 * kDay, bin_counter);
        REQUIRE(id.ok());
        for (PickupState step : {PickupState::fetched, PickupState::chip_verified, PickupState::presenting})
            REQUIRE(journal.step(*id, step, kLoaded + 40 * kDay).ok());
        return *id;
    }
};

}  // namespace

TEST_CASE_FIXTURE(Rig, "uncollected: the loaded cards past their deadline, by slot, with the deadline") {
    CHECK(Slots(db).uncollected(30, kLoaded + 30 * kDay - 1).value().empty());
    const auto one = Slots(db).uncollected(30, kLoaded + 30 * kDay).value();
    REQUIRE(one.size() == 1);
    CHECK(one[0].slot.slot == 3);
    CHECK(one[0].slot.nik == nik_of(kResident));
    CHECK(one[0].slot.card_serial == kSerial);
    CHECK(one[0].deadline_s == kLoaded + 30 * kDay);
    const auto both = Slots(db).uncollected(30, kLoaded + 45 * kDay).value();
    REQUIRE(both.size() == 2);
    CHECK(both[1].slot.slot == 4);
    CHECK(both[1].deadline_s == kLoaded + 40 * kDay);
    CHECK(Slots(db).uncollected(7, kLoaded + 8 * kDay).value().size() == 1);  // the days are the policy's
    REQUIRE(Slots(db).mark_fault(3).ok());
    CHECK(Slots(db).uncollected(30, kLoaded + 45 * kDay).value().size() == 1);  // a FAULT slot holds no card
}

TEST_CASE_FIXTURE(Rig, "begin_return journals the purpose and the staff member, audited as theirs") {
    const auto id = journal.begin_return(nik_of(kResident), 3, kStaffId, 500, 9);
    REQUIRE(id.ok());
    const auto entry = journal.get(*id).value().value();
    CHECK(entry.purpose == PickupPurpose::return_);
    CHECK(entry.staff_id == kStaffId);
    CHECK(entry.card_serial == kSerial);
    CHECK(entry.bin_counter_at_begin == 9);
    CHECK(last_audit() == "staff:S-001 return.intent");
    CHECK(audit_intact());
    // A resident's pickup is purpose pickup with no staff member.
    const auto pickup = journal.begin(nik_of(kOther), 4, 501).value();
    CHECK(journal.get(pickup).value()->purpose == PickupPurpose::pickup);
    CHECK_FALSE(journal.get(pickup).value()->staff_id.has_value());
    CHECK(last_audit() == "kiosk pickup.intent");
}

TEST_CASE_FIXTURE(Rig, "begin_return's refusals write nothing") {
    auto refused = [this](std::int64_t slot, const char* digits, const std::string& staff) {
        const auto before = rows();
        CHECK_FALSE(journal.begin_return(nik_of(digits), slot, staff, 500).ok());
        CHECK(rows() == before);
    };
    refused(3, kResident, "S-404");  // no such staff member
    refused(3, kResident, "bad id");
    refused(4, kResident, kStaffId);  // another resident's card
    refused(9, kResident, kStaffId);  // no such slot
    REQUIRE(journal.begin(nik_of(kResident), 3, 500).ok());
    refused(3, kResident, kStaffId);  // an open pickup on the slot
    printed(kOther, std::string("C-OTHER"), core::CardStatus::printed);
    refused(4, kOther, kStaffId);  // the record is not IN_KIOSK
    CHECK(db.exec("INSERT INTO pickup_journal (nik, slot, state, created_at, updated_at, purpose) "
                  "VALUES ('1403124412880002', 4, 'aborted', 1, 1, 'return')",
                  "test")
              .ok() == false);  // the schema: a take-back names its staff member
}

TEST_CASE_FIXTURE(Rig, "done for a take-back: RETURNED, slot EMPTY, card.returned with the staff id, audit") {
    const auto id = to_presenting();
    REQUIRE(journal.done(id, 600).ok());
    CHECK(journal.get(id).value()->state == PickupState::done);
    CHECK(slot(3).state == SlotState::empty);
    const Record after = record(kResident);
    CHECK(after.status == core::CardStatus::returned);
    CHECK(after.status_time_s == 600);
    CHECK_FALSE(after.slot.has_value());
    const auto outbox = events();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].kind == kOutboxCardReturned);
    const auto payload = json::parse(outbox[0].payload_json).as_object();
    CHECK(payload.at("nik").as_string() == kResident);
    CHECK(payload.at("slot").as_int64() == 3);
    CHECK(payload.at("journal_id").as_int64() == id);
    CHECK(payload.at("card_serial").as_string() == kSerial);
    CHECK(payload.at("staff_id").as_string() == kStaffId);
    CHECK(payload.at("reason").as_string() == "taken");
    CHECK(payload.at("reconciled").as_bool() == false);
    CHECK(last_audit() == "staff:S-001 return.done");
    CHECK(count("SELECT count(*) FROM audit WHERE detail LIKE '%1403125505900001%'") == 0);
    CHECK(audit_intact());
    CHECK(CaptureBin(db).in_bin().value().empty());
}

TEST_CASE_FIXTURE(Rig, "a take-back whose chip did not match goes to the bin: CAPTURED, card.captured, listed") {
    const auto id = to_presenting();
    REQUIRE(journal.captured(id, "chip_mismatch", 600).ok());
    CHECK(record(kResident).status == core::CardStatus::captured);
    CHECK(events().at(0).kind == kOutboxCardCaptured);
    const auto bin = CaptureBin(db).in_bin().value();
    REQUIRE(bin.size() == 1);
    CHECK(bin[0].card_serial == kSerial);
    CHECK(bin[0].nik == nik_of(kResident));
    CHECK(bin[0].reason == "chip_mismatch");
    CHECK(last_audit() == "staff:S-001 return.captured");
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "a take-back's closing that fails part-way changes nothing") {
    const auto id = to_presenting();
    for (const char* table : {"outbox", "audit", "capture_bin"}) {
        CAPTURE(table);
        const auto before = rows();
        refuse_inserts_into(table);
        if (std::string(table) != "capture_bin") CHECK_FALSE(journal.done(id, 600).ok());
        CHECK_FALSE(journal.captured(id, "not_taken", 600).ok());
        allow_inserts();
        CHECK(rows() == before);
        CHECK(audit_intact());
    }
    REQUIRE(journal.done(id, 601).ok());
    CHECK(record(kResident).status == core::CardStatus::returned);
}

TEST_CASE_FIXTURE(Rig, "start-up reconciliation closes an open take-back as RETURNED where a pickup is taken") {
    const auto id = to_presenting(7);
    db = open_store(path, {}).value();  // the power cut
    StartupSnapshot nothing_in_reach;
    nothing_in_reach.slot_occupied[3] = false;
    nothing_in_reach.bin_counter = 7;  // it did not rise: the staff member took the card
    const auto report = reconcile_open_pickups(db, nothing_in_reach, 700).value();
    REQUIRE(report.entries.size() == 1);
    CHECK(report.entries[0].decision.outcome == core::ReconcileOutcome::done_taken);
    PickupJournal reopened(db);
    CHECK(reopened.get(id).value()->state == PickupState::reconciled_taken);
    CHECK(record(kResident).status == core::CardStatus::returned);
    const auto outbox = events();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].kind == kOutboxCardReturned);
    const auto payload = json::parse(outbox[0].payload_json).as_object();
    CHECK(payload.at("reconciled").as_bool() == true);
    CHECK(payload.at("staff_id").as_string() == kStaffId);
    CHECK(last_audit() == "kiosk return.done");
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'return.done' AND detail LIKE '%staff=S-001%'") == 1);
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "start-up reconciliation of a take-back in the bin, or still in its slot") {
    SUBCASE("the bin counter rose by one: CAPTURED and listed") {
        to_presenting(7);
        StartupSnapshot snapshot;
        snapshot.slot_occupied[3] = false;
        snapshot.bin_counter = 8;
        REQUIRE(reconcile_open_pickups(db, snapshot, 700).ok());
        CHECK(record(kResident).status == core::CardStatus::captured);
        CHECK(CaptureBin(db).in_bin().value().size() == 1);
        CHECK(last_audit() == "kiosk return.captured");
    }
    SUBCASE("never fetched: the slot keeps the card, IN_KIOSK") {
        REQUIRE(journal.begin_return(nik_of(kResident), 3, kStaffId, 500, 7).ok());
        StartupSnapshot snapshot;
        snapshot.slot_occupied[3] = true;
        snapshot.bin_counter = 7;
        REQUIRE(reconcile_open_pickups(db, snapshot, 700).ok());
        CHECK(record(kResident).status == core::CardStatus::in_kiosk);
        CHECK(slot(3).state == SlotState::loaded);
        CHECK(last_audit() == "kiosk return.aborted");
    }
    CHECK(journal.open_entries().value().empty());
    CHECK(audit_intact());
}
