// The capture bin's list against a real database file: what the closings put there, record() for a
// capture no journal covers, emptied() marking the list empty, dropping the NIKs and writing one
// audit row naming the staff member; the list survives a restart; a failed emptying changes nothing.
#include "kiosk/store/capture_bin.hpp"

#include "kiosk/store/pickup_journal.hpp"
#include "tests/kiosk/store/staff_store_rig.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::test::kStaffId;
using kiosk::test::nik_of;
using kiosk::test::StaffStoreRig;

namespace {

constexpr const char* kResident = "1403125505900001";

// A pickup of `digits`'s card in `slot` that ended in the bin (the resident did not take it).
void captured_pickup(StaffStoreRig& rig, const char* digits, std::int64_t slot, std::int64_t at_s) {
    PickupJournal journal(rig.db);
    const auto id = journal.begin(nik_of(digits), slot, at_s).value();
    for (PickupState step : {PickupState::fetched, PickupState::chip_verified, PickupState::presenting})
        REQUIRE(journal.step(id, step, at_s).ok());
    REQUIRE(journal.captured(id, "not_taken", at_s).ok());
}

}  // namespace

TEST_CASE_FIXTURE(StaffStoreRig, "the bin lists captures oldest first: journal closings and record()") {
    CaptureBin bin(db);
    CHECK(bin.in_bin().value().empty());
    loaded(kResident, 1, "C-1");
    captured_pickup(*this, kResident, 1, 100);
    REQUIRE(bin.record(std::string("C-FORGED"), nik_of("1403124412880002"), "forged", 110).ok());
    REQUIRE(bin.record(std::nullopt, std::nullopt, "unreadable", 120).ok());
    CHECK_FALSE(bin.record(std::nullopt, std::nullopt, "", 130).ok());  // a capture says why

    db = open_store(path, {}).value();  // the list survives a restart
    const auto cards = CaptureBin(db).in_bin().value();
    REQUIRE(cards.size() == 3);
    CHECK(cards[0].card_serial == "C-1");
    CHECK(cards[0].nik == nik_of(kResident));
    CHECK(cards[0].reason == "not_taken");
    CHECK(cards[0].captured_at_s == 100);
    CHECK(cards[1].reason == "forged");
    CHECK(cards[1].nik == nik_of("1403124412880002"));  // a NIK without a record (a forged card's claim)
    CHECK_FALSE(cards[2].card_serial.has_value());
    CHECK_FALSE(cards[2].nik.has_value());
    CHECK(cards[2].captured_at_s == 120);
}

TEST_CASE_FIXTURE(StaffStoreRig, "emptied: the list starts empty, the NIKs are gone, one audit row names the staff") {
    CaptureBin bin(db);
    REQUIRE(bin.record(std::string("C-1"), nik_of(kResident), "not_taken", 100).ok());
    REQUIRE(bin.record(std::string("C-2"), std::nullopt, "cloned", 101).ok());
    const auto emptied = bin.emptied(kStaffId, 3, 200);
    REQUIRE(emptied.ok());
    CHECK(*emptied == 2);
    CHECK(bin.in_bin().value().empty());
    CHECK(count("SELECT count(*) FROM capture_bin WHERE nik IS NOT NULL") == 0);
    CHECK(count("SELECT count(*) FROM capture_bin WHERE emptied_at = 200") == 2);
    CHECK(last_audit() == "staff:S-001 bin.emptied");
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'bin.emptied' AND detail = 'count=3 listed=2'") == 1);
    CHECK(audit_intact());

    // Later captures start a new list; emptying an empty list is still audited.
    REQUIRE(bin.record(std::string("C-3"), std::nullopt, "not_taken", 300).ok());
    REQUIRE(bin.in_bin().value().size() == 1);
    REQUIRE(bin.emptied(kStaffId, 1, 400).value() == 1);
    REQUIRE(bin.emptied(kStaffId, 0, 401).value() == 0);
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'bin.emptied'") == 3);
    CHECK(audit_intact());
    // The schema keeps the rule too: an emptied card has no NIK.
    CHECK_FALSE(db.exec("UPDATE capture_bin SET nik = '1403125505900001' WHERE id = 1", "test").ok());
}

TEST_CASE_FIXTURE(StaffStoreRig, "an emptying that fails part-way, or names no staff id, changes nothing") {
    CaptureBin bin(db);
    REQUIRE(bin.record(std::string("C-1"), nik_of(kResident), "not_taken", 100).ok());
    const auto before = rows();
    refuse_inserts_into("audit");
    CHECK_FALSE(bin.emptied(kStaffId, 1, 200).ok());
    allow_inserts();
    CHECK_FALSE(bin.emptied("not an id", 1, 200).ok());
    CHECK(rows() == before);
    CHECK(bin.in_bin().value().size() == 1);
}
