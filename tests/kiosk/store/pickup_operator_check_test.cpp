// Staff resolving the pickups start-up reconciliation left to an operator (PickupJournal::resolve)
// against a real database file: each resolution's record, slot, outbox and capture bin, for a
// resident's pickup and for a take-back; a refusal writes nothing; a resolution that fails part-way
// changes nothing; a resolved check never comes back. The audit chain verifies after each operation.
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/load_journal.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "tests/kiosk/store/staff_store_rig.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::store;
using core::staff::CheckResolution;
using kiosk::test::kStaffId;
using kiosk::test::nik_of;
using kiosk::test::StaffStoreRig;

namespace {

constexpr const char* kResident = "1403125505900001";
constexpr const char* kSerial = "C1403000000001";
constexpr std::int64_t kSlot = 3;

struct Rig : StaffStoreRig {
    PickupJournal journal{db};
    Rig() { loaded(kResident, kSlot, kSerial, 50); }
    // A pickup (or take-back) that start-up reconciliation could not settle.
    std::int64_t awaiting(PickupPurpose purpose = PickupPurpose::pickup) {
        const auto id = purpose == PickupPurpose::return_
                            ? journal.begin_return(nik_of(kResident), kSlot, kStaffId, 100)
                            : journal.begin(nik_of(kResident), kSlot, 100);
        REQUIRE(id.ok());
        REQUIRE(journal.reconciled_operator_check(*id, "slot occupancy unknown", 200).ok());
        REQUIRE(journal.awaiting_operator().value().size() == 1);
        return *id;
    }
    PickupEntry entry(std::int64_t id) { return journal.get(id).value().value(); }
    std::vector<std::string> kinds() {
        std::vector<std::string> out;
        for (const auto& event : events()) out.push_back(event.kind);
        return out;
    }
};

}  // namespace

TEST_CASE_FIXTURE(Rig, "taken: PICKED_UP, slot EMPTY, card.picked_up; the entry records who resolved it") {
    const auto id = awaiting();
    REQUIRE(journal.resolve(id, CheckResolution::taken, kStaffId, 300).ok());
    CHECK(record(kResident).status == core::CardStatus::picked_up);
    CHECK_FALSE(record(kResident).slot.has_value());
    CHECK(slot(kSlot).state == SlotState::empty);
    CHECK(kinds() == std::vector<std::string>{"pickup.needs_check", "card.picked_up"});
    CHECK(events().back().payload_json.find("\"reason\":\"operator_check\"") != std::string::npos);
    const PickupEntry resolved = entry(id);
    CHECK(resolved.state == PickupState::reconciled_operator_check);
    CHECK(resolved.resolution == CheckResolution::taken);
    CHECK(resolved.resolved_by == kStaffId);
    CHECK(resolved.resolved_at_s == 300);
    CHECK(journal.awaiting_operator().value().empty());
    CHECK(last_audit() == "staff:S-001 pickup.resolved");
    CHECK(count("SELECT count(*) FROM audit WHERE detail LIKE '%resolution=taken%'") == 1);
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "taken, for a take-back: RETURNED and card.returned") {
    const auto id = awaiting(PickupPurpose::return_);
    REQUIRE(journal.resolve(id, CheckResolution::taken, kStaffId, 300).ok());
    CHECK(record(kResident).status == core::CardStatus::returned);
    CHECK(kinds() == std::vector<std::string>{"pickup.needs_check", "card.returned"});
    CHECK(last_audit() == "staff:S-001 return.resolved");
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "in_bin: CAPTURED, slot EMPTY, card.captured, and the card is in the bin's list") {
    const auto id = awaiting();
    REQUIRE(journal.resolve(id, CheckResolution::in_bin, kStaffId, 300).ok());
    CHECK(record(kResident).status == core::CardStatus::captured);
    CHECK(slot(kSlot).state == SlotState::empty);
    CHECK(kinds() == std::vector<std::string>{"pickup.needs_check", "card.captured"});
    const auto bin = CaptureBin(db).in_bin().value();
    REQUIRE(bin.size() == 1);
    CHECK(bin[0].card_serial == kSerial);
    CHECK(bin[0].reason == "operator_check");
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "in_slot: the slot is LOADED again with its card and its load time, IN_KIOSK, no event") {
    SUBCASE("loaded before the load journal existed: the load time is the resolution's") {
        const auto id = awaiting();
        REQUIRE(journal.resolve(id, CheckResolution::in_slot, kStaffId, 300).ok());
        CHECK(slot(kSlot).loaded_at_s == 300);
    }
    SUBCASE("loaded through the load journal: the load time it recorded, so the deadline stays") {
        // Empty the slot, then load the card again through the journal at 150.
        REQUIRE(Slots(db).clear(kSlot).ok());
        printed(kResident, std::string(kSerial));
        LoadJournal loads(db);
        const auto load = loads.begin(nik_of(kResident), kSerial, kSlot, kStaffId, 140).value();
        REQUIRE(loads.done(load, 150).ok());
        const auto id = awaiting();
        REQUIRE(journal.resolve(id, CheckResolution::in_slot, kStaffId, 300).ok());
        CHECK(slot(kSlot).loaded_at_s == 150);
    }
    const Slot held = slot(kSlot);
    CHECK(held.state == SlotState::loaded);
    CHECK(held.card_serial == kSerial);
    CHECK(held.nik == nik_of(kResident));
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
    CHECK(record(kResident).slot == kSlot);
    CHECK(events().back().kind == "pickup.needs_check");  // nothing new for the central system
    // The card can be picked up again.
    CHECK(journal.begin(nik_of(kResident), kSlot, 400).ok());
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "resolve is refused, writing nothing, unless the entry awaits an operator") {
    const auto open = journal.begin(nik_of(kResident), kSlot, 100).value();
    auto before = rows();
    CHECK_FALSE(journal.resolve(open, CheckResolution::taken, kStaffId, 300).ok());  // open
    CHECK_FALSE(journal.resolve(777, CheckResolution::taken, kStaffId, 300).ok());   // no such entry
    CHECK(rows() == before);
    REQUIRE(journal.aborted(open, 101).ok());
    before = rows();
    CHECK_FALSE(journal.resolve(open, CheckResolution::taken, kStaffId, 300).ok());  // closed, not a check
    CHECK(rows() == before);

    const auto id = awaiting();
    before = rows();
    const auto refused = journal.resolve(id, CheckResolution::taken, "S-404", 300);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().what.find("no staff member S-404") != std::string::npos);
    CHECK(rows() == before);
    // The record changed meanwhile (the central system's feed): the card cannot go back into service.
    printed(kResident, std::string(kSerial), core::CardStatus::reprint_rejected);
    before = rows();
    CHECK_FALSE(journal.resolve(id, CheckResolution::in_slot, kStaffId, 300).ok());
    CHECK(rows() == before);
    printed(kResident, std::string(kSerial), core::CardStatus::in_kiosk);

    REQUIRE(journal.resolve(id, CheckResolution::in_bin, kStaffId, 300).ok());
    before = rows();
    CHECK_FALSE(journal.resolve(id, CheckResolution::taken, kStaffId, 301).ok());  // resolved already
    // A later FAULT on the slot does not bring the resolved check back.
    REQUIRE(Slots(db).mark_fault(kSlot).ok());
    CHECK(journal.awaiting_operator().value().empty());
    CHECK_FALSE(journal.resolve(id, CheckResolution::taken, kStaffId, 302).ok());
    REQUIRE(Slots(db).clear(kSlot).ok());
    CHECK(rows() == before);
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "a resolution that fails part-way changes nothing") {
    const auto id = awaiting();
    for (const char* table : {"outbox", "audit", "capture_bin"}) {
        CAPTURE(table);
        const auto before = rows();
        refuse_inserts_into(table);
        CHECK_FALSE(journal.resolve(id, CheckResolution::in_bin, kStaffId, 300).ok());
        CHECK_FALSE(db.in_transaction());
        allow_inserts();
        CHECK(rows() == before);
        CHECK(journal.awaiting_operator().value().size() == 1);
    }
    CHECK(journal.resolve(id, CheckResolution::in_bin, kStaffId, 301).ok());
    CHECK(audit_intact());
}
