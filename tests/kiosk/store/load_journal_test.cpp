// The load journal against a real database file: load_verdict's answers in their order, begin's
// refusals (each writing nothing), the single transaction of done() (slot, record, outbox, audit,
// journal together or not at all), aborted and operator_check, the reconciled closings start-up
// reconciliation uses (after the database was closed and reopened, as after a power cut), and staff
// resolving a load's operator check. The audit chain verifies after every operation.
#include "kiosk/store/load_journal.hpp"

#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "tests/kiosk/store/staff_store_rig.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using namespace kiosk;
using namespace kiosk::store;
using core::staff::CheckResolution;
using core::staff::LoadRefusal;
using kiosk::test::kStaffId;
using kiosk::test::nik_of;
using kiosk::test::StaffStoreRig;
namespace json = boost::json;

namespace {

constexpr const char* kResident = "1403125505900001";
constexpr const char* kOther = "1403124412880002";
constexpr const char* kThird = "1403126001010003";
constexpr const char* kSerial = "C1403000000001";

struct Rig : StaffStoreRig {
    LoadJournal journal{db};
    Rig() { printed(kResident); }
    LoadVerdict verdict(const char* digits, const std::string& serial) {
        return journal.load_verdict(nik_of(digits), serial).value();
    }
    // A refusal of begin: fails, and not a row of any table changed.
    void refused_begin(const char* digits, const std::string& serial, std::int64_t slot, const std::string& staff,
                       const std::string& words) {
        const auto before = rows();
        const auto begun = journal.begin(nik_of(digits), serial, slot, staff, 100);
        REQUIRE_FALSE(begun.ok());
        CHECK(begun.error().what.find(words) != std::string::npos);
        CHECK(begun.error().to_string().find(digits) == std::string::npos);  // no NIK in errors
        CHECK_FALSE(db.in_transaction());
        CHECK(rows() == before);
    }
    std::int64_t begun(std::int64_t slot = 1, const char* serial = kSerial, const char* digits = kResident) {
        const auto id = journal.begin(nik_of(digits), serial, slot, kStaffId, 100);
        REQUIRE(id.ok());
        return *id;
    }
    LoadEntry entry(std::int64_t id) { return journal.get(id).value().value(); }
    // Closes and reopens the database, as a power cut and a restart do.
    void restart() {
        db = open_store(path, {}).value();
        journal = LoadJournal(db);
    }
};

}  // namespace

TEST_CASE_FIXTURE(Rig, "load_verdict: the lowest EMPTY slot for a printed card, and writes nothing") {
    const auto before = rows();
    CHECK(verdict(kResident, kSerial) == LoadVerdict{1, std::nullopt});
    CHECK(rows() == before);
    REQUIRE(Slots(db).mark_fault(1).ok());
    loaded(kOther, 2, "C-OTHER");
    CHECK(verdict(kResident, kSerial) == LoadVerdict{3, std::nullopt});
    // A slot with an open load is not free either.
    printed(kThird);
    const auto load = begun(3, "C-THIRD", kThird);
    CHECK(verdict(kResident, kSerial) == LoadVerdict{4, std::nullopt});
    REQUIRE(journal.aborted(load, "store_failed", AbortedLoadCard::returned, 101).ok());
    CHECK(verdict(kResident, kSerial) == LoadVerdict{3, std::nullopt});
}

TEST_CASE_FIXTURE(Rig, "load_verdict's refusals, each in its turn") {
    CHECK(verdict(kOther, kSerial).refusal == LoadRefusal::no_record);

    loaded(kOther, 2, "C-OTHER");
    CHECK(verdict(kOther, "C-NEW").refusal == LoadRefusal::already_in_kiosk);       // the record is IN_KIOSK
    CHECK(verdict(kResident, "C-OTHER").refusal == LoadRefusal::already_in_kiosk);  // the serial is in a slot

    printed(kThird, std::nullopt, core::CardStatus::print_ready_record);
    CHECK(verdict(kThird, "C-THIRD").refusal == LoadRefusal::wrong_status);
    printed(kThird, std::nullopt, core::CardStatus::picked_up);
    CHECK(verdict(kThird, "C-THIRD").refusal == LoadRefusal::wrong_status);

    printed(kThird, std::string("C-THIRD"));
    CHECK(verdict(kResident, "C-THIRD").refusal == LoadRefusal::duplicate_serial);
    CHECK(verdict(kThird, "C-ELSE").refusal == LoadRefusal::serial_mismatch);
    CHECK(verdict(kThird, "C-THIRD") == LoadVerdict{1, std::nullopt});  // its own serial is no obstacle

    // A card being loaded: neither its serial nor another card of its record may start a second load.
    const auto load = begun(1, kSerial, kResident);
    CHECK(verdict(kResident, "C-SECOND").refusal == LoadRefusal::already_in_kiosk);
    CHECK(verdict(kThird, kSerial).refusal == LoadRefusal::already_in_kiosk);
    REQUIRE(journal.done(load, 101).ok());

    // The magazine: slots 1 and 2 hold cards, 3 and 4 are blocked.
    REQUIRE(Slots(db).mark_fault(3).ok());
    REQUIRE(Slots(db).mark_fault(4).ok());
    CHECK(verdict(kThird, "C-THIRD").refusal == LoadRefusal::magazine_full);
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "begin writes the intent and its audit row with the staff member as actor") {
    const auto id = begun(2);
    const LoadEntry written = entry(id);
    CHECK(written.state == LoadState::intent);
    CHECK(written.slot == 2);
    CHECK(written.card_serial == kSerial);
    CHECK(written.staff_id == kStaffId);
    CHECK(written.nik == nik_of(kResident));
    CHECK(written.created_at_s == 100);
    CHECK(journal.open_entries().value() == std::vector<LoadEntry>{written});
    CHECK(journal.open_entry_for_slot(2).value() == written);
    CHECK(last_audit() == "staff:S-001 load.intent");
    CHECK(count("SELECT count(*) FROM audit WHERE detail LIKE '%1403125505900001%'") == 0);
    // Nothing else changed: the record is PRINTED, the slot EMPTY, no event.
    CHECK(record(kResident).status == core::CardStatus::printed);
    CHECK(slot(2).state == SlotState::empty);
    CHECK(events().empty());
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "every refusal of begin writes nothing") {
    refused_begin(kOther, kSerial, 1, kStaffId, "refused (no_record)");
    printed(kThird, std::nullopt, core::CardStatus::in_kiosk);
    refused_begin(kThird, "C-THIRD", 1, kStaffId, "refused (already_in_kiosk)");
    printed(kThird, std::nullopt, core::CardStatus::returned);
    refused_begin(kThird, "C-THIRD", 1, kStaffId, "refused (wrong_status)");
    printed(kThird, std::string(kSerial));
    refused_begin(kResident, kSerial, 1, kStaffId, "refused (duplicate_serial)");
    refused_begin(kThird, "C-ELSE", 1, kStaffId, "refused (serial_mismatch)");
    printed(kThird);
    loaded(kOther, 2, "C-OTHER");
    refused_begin(kResident, "C-OTHER", 1, kStaffId, "refused (already_in_kiosk)");  // serial in a slot
    refused_begin(kResident, kSerial, 2, kStaffId, "slot 2 is not EMPTY");
    refused_begin(kResident, kSerial, 9, kStaffId, "slot 9 is not EMPTY");  // a slot the store does not know
    REQUIRE(Slots(db).mark_fault(3).ok());
    refused_begin(kResident, kSerial, 3, kStaffId, "slot 3 is not EMPTY");
    refused_begin(kResident, kSerial, 1, "S-404", "no staff member S-404");
    refused_begin(kResident, "", 1, kStaffId, "names the card's serial");
    // An open load: on the slot, of the serial, of another card of the record.
    begun(1);
    refused_begin(kThird, "C-THIRD", 1, kStaffId, "slot 1 has an open load");
    refused_begin(kThird, kSerial, 4, kStaffId, "refused (already_in_kiosk)");
    refused_begin(kResident, "C-SECOND", 4, kStaffId, "refused (already_in_kiosk)");
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "the schema itself allows one open load per slot and per card") {
    begun(1);
    printed(kOther);
    CHECK_FALSE(db.exec("INSERT INTO load_journal (nik, card_serial, slot, staff_id, state, created_at, updated_at) "
                        "VALUES ('1403124412880002', 'C-OTHER', 1, 'S-001', 'stored', 1, 1)",
                        "test")
                    .ok());
    CHECK_FALSE(db.exec("INSERT INTO load_journal (nik, card_serial, slot, staff_id, state, created_at, updated_at) "
                        "VALUES ('1403124412880002', 'C1403000000001', 2, 'S-001', 'intent', 1, 1)",
                        "test")
                    .ok());
    CHECK_FALSE(db.exec("INSERT INTO load_journal (nik, card_serial, slot, staff_id, state, created_at, updated_at) "
                        "VALUES ('1403124412880002', 'C-OTHER', 2, 'S-404', 'intent', 1, 1)",
                        "test")
                    .ok());  // a staff id the roster does not have
    CHECK(db.exec("INSERT INTO load_journal (nik, card_serial, slot, staff_id, state, created_at, updated_at) "
                  "VALUES ('1403124412880002', 'C-OTHER', 1, 'S-001', 'aborted', 1, 1)",
                  "test")
              .ok());  // closed entries are history, any number of them
}

TEST_CASE_FIXTURE(Rig, "done: slot LOADED, record IN_KIOSK with slot and serial, card.loaded, audit, in one go") {
    const auto id = begun(2);
    REQUIRE(journal.stored(id, 101).ok());
    REQUIRE(journal.stored(id, 102).ok());  // repeated: accepted
    CHECK(entry(id).state == LoadState::stored);
    CHECK(audit_intact());
    REQUIRE(journal.done(id, 110).ok());

    CHECK(entry(id).state == LoadState::done);
    CHECK(journal.open_entries().value().empty());
    const Slot held = slot(2);
    CHECK(held.state == SlotState::loaded);
    CHECK(held.card_serial == kSerial);
    CHECK(held.nik == nik_of(kResident));
    CHECK(held.loaded_at_s == 110);  // the pickup deadline runs from here
    const Record after = record(kResident);
    CHECK(after.status == core::CardStatus::in_kiosk);
    CHECK(after.status_time_s == 110);
    CHECK(after.slot == 2);
    CHECK(after.card_serial == kSerial);
    const auto outbox = events();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].kind == kOutboxCardLoaded);
    const auto payload = json::parse(outbox[0].payload_json).as_object();
    CHECK(payload.at("nik").as_string() == kResident);
    CHECK(payload.at("slot").as_int64() == 2);
    CHECK(payload.at("journal_id").as_int64() == id);
    CHECK(payload.at("card_serial").as_string() == kSerial);
    CHECK(payload.at("staff_id").as_string() == kStaffId);
    CHECK(payload.at("reason").is_null());
    CHECK(payload.at("reconciled").as_bool() == false);
    CHECK(outbox[0].payload_json.find("Siti") == std::string::npos);
    CHECK(last_audit() == "staff:S-001 load.done");
    CHECK(audit_intact());
    // The card can now be picked up, and not loaded again.
    CHECK(PickupJournal(db).begin(nik_of(kResident), 2, 120).ok());
    CHECK_FALSE(journal.done(id, 111).ok());
    CHECK(verdict(kResident, kSerial).refusal == LoadRefusal::already_in_kiosk);
}

TEST_CASE_FIXTURE(Rig, "done that fails part-way, at each of its writes, changes nothing") {
    // Each table done() writes to, in turn refusing the write: the transaction rolls back whole.
    for (const char* table : {"outbox", "audit"}) {
        CAPTURE(table);
        const auto id = begun(1);
        REQUIRE(journal.stored(id, 101).ok());
        const auto before = rows();
        refuse_inserts_into(table);
        CHECK_FALSE(journal.done(id, 110).ok());
        CHECK_FALSE(db.in_transaction());
        allow_inserts();
        CHECK(rows() == before);
        CHECK(entry(id).state == LoadState::stored);
        CHECK(slot(1).state == SlotState::empty);
        CHECK(record(kResident).status == core::CardStatus::printed);
        CHECK(audit_intact());
        REQUIRE(journal.aborted(id, "test", AbortedLoadCard::returned, 111).ok() == false);  // past intent
        REQUIRE(journal.operator_check(id, "test", 111).ok());
        REQUIRE(Slots(db).clear(1).ok());
    }
    // And an update that fails (the record's): a trigger on records.
    const auto id = begun(1);
    const auto before = rows();
    REQUIRE(
        db.exec("CREATE TRIGGER test_refuses BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'no'); END;", "test")
            .ok());
    CHECK_FALSE(journal.done(id, 110).ok());
    allow_inserts();
    CHECK(rows() == before);
    REQUIRE(journal.done(id, 112).ok());
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "done is refused, changing nothing, when the record changed meanwhile or the slot filled") {
    const auto id = begun(1);
    printed(kResident, std::nullopt, core::CardStatus::reprint_rejected);  // the central system's feed
    auto before = rows();
    CHECK_FALSE(journal.done(id, 110).ok());
    CHECK(rows() == before);
    printed(kResident);
    REQUIRE(Slots(db).mark_fault(1).ok());
    before = rows();
    const auto refused = journal.done(id, 110);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().what.find("no longer EMPTY") != std::string::npos);
    CHECK(rows() == before);
    // The caller then flags it: operator_check.
    REQUIRE(journal.operator_check(id, "inventory_disagrees", 111).ok());
    CHECK(entry(id).state == LoadState::operator_check);
    CHECK(journal.awaiting_operator().value().size() == 1);
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "aborted: record PRINTED, slot EMPTY; a captured card joins the bin's list") {
    const auto returned = begun(1);
    REQUIRE(journal.aborted(returned, "store_failed", AbortedLoadCard::returned, 101).ok());
    CHECK(entry(returned).state == LoadState::aborted);
    CHECK(entry(returned).reason == "store_failed");
    CHECK(CaptureBin(db).in_bin().value().empty());
    CHECK(last_audit() == "staff:S-001 load.aborted");

    const auto captured = begun(1);
    REQUIRE(journal.aborted(captured, "not_taken", AbortedLoadCard::captured, 102).ok());
    const auto bin = CaptureBin(db).in_bin().value();
    REQUIRE(bin.size() == 1);
    CHECK(bin[0].card_serial == kSerial);
    CHECK(bin[0].nik == nik_of(kResident));
    CHECK(bin[0].reason == "not_taken");
    CHECK(bin[0].captured_at_s == 102);
    CHECK(record(kResident).status == core::CardStatus::printed);
    CHECK(slot(1).state == SlotState::empty);
    CHECK(events().empty());  // nothing the central system knows changed
    CHECK(audit_intact());
    // Closed is closed.
    CHECK_FALSE(journal.aborted(captured, "again", AbortedLoadCard::returned, 103).ok());
    CHECK_FALSE(journal.stored(captured, 103).ok());
    CHECK_FALSE(journal.stored(999, 103).ok());
}

TEST_CASE_FIXTURE(Rig, "operator_check marks the slot FAULT and leaves the record PRINTED") {
    const auto id = begun(3);
    REQUIRE(journal.stored(id, 101).ok());
    REQUIRE(journal.operator_check(id, "inventory_disagrees", 102).ok());
    CHECK(slot(3).state == SlotState::fault);
    CHECK(record(kResident).status == core::CardStatus::printed);
    CHECK_FALSE(record(kResident).slot.has_value());
    const auto checks = journal.awaiting_operator().value();
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].id == id);
    CHECK(checks[0].reason == "inventory_disagrees");
    CHECK(last_audit() == "staff:S-001 load.needs_check");
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "start-up: the slot holds the card, so the load is completed (reconciled)") {
    const auto id = begun(2);
    restart();
    REQUIRE(journal.open_entries().value().size() == 1);
    REQUIRE(journal.reconciled_completed(id, "card found in its slot", 200).ok());
    CHECK(entry(id).state == LoadState::reconciled_completed);
    CHECK(slot(2).state == SlotState::loaded);
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
    CHECK(record(kResident).slot == 2);
    const auto outbox = events();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].kind == kOutboxCardLoaded);
    const auto payload = json::parse(outbox[0].payload_json).as_object();
    CHECK(payload.at("reconciled").as_bool() == true);
    CHECK(payload.at("reason").as_string() == "card found in its slot");
    CHECK(payload.at("staff_id").as_string() == kStaffId);
    CHECK(last_audit() == "kiosk load.done");
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'load.done' AND detail LIKE '%reconciled staff=S-001%'") ==
          1);
    CHECK(audit_intact());
    restart();
    CHECK(journal.open_entries().value().empty());
}

TEST_CASE_FIXTURE(Rig, "start-up: the card was found in the path, so the load is aborted (captured or returned)") {
    const auto captured = begun(2);
    REQUIRE(journal.stored(captured, 101).ok());
    restart();
    REQUIRE(journal.reconciled_aborted(captured, "card in the path", AbortedLoadCard::captured, 200).ok());
    CHECK(entry(captured).state == LoadState::reconciled_aborted);
    CHECK(record(kResident).status == core::CardStatus::printed);
    CHECK(slot(2).state == SlotState::empty);
    CHECK(CaptureBin(db).in_bin().value().size() == 1);
    CHECK(events().empty());
    CHECK(last_audit() == "kiosk load.aborted");

    const auto returned = begun(2);
    restart();
    REQUIRE(journal.reconciled_aborted(returned, "card at the mouth", AbortedLoadCard::returned, 201).ok());
    CHECK(CaptureBin(db).in_bin().value().size() == 1);
    CHECK(verdict(kResident, kSerial) == LoadVerdict{1, std::nullopt});  // it may be loaded again
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "start-up: the card is nowhere, so the slot is FAULT for an operator") {
    const auto id = begun(2);
    restart();
    REQUIRE(journal.reconciled_operator_check(id, "slot empty and no card in the path", 200).ok());
    CHECK(entry(id).state == LoadState::reconciled_operator_check);
    CHECK(slot(2).state == SlotState::fault);
    CHECK(record(kResident).status == core::CardStatus::printed);
    CHECK(journal.awaiting_operator().value().size() == 1);
    CHECK(last_audit() == "kiosk load.needs_check");
    CHECK(audit_intact());
    // Each closing only once, and only for open entries.
    CHECK_FALSE(journal.reconciled_completed(id, "again", 201).ok());
    CHECK_FALSE(journal.reconciled_aborted(id, "again", AbortedLoadCard::returned, 201).ok());
    CHECK_FALSE(journal.reconciled_operator_check(id, "again", 201).ok());
    CHECK_FALSE(journal.done(id, 201).ok());
}

TEST_CASE_FIXTURE(Rig, "a reconciled completion that fails part-way changes nothing and can be retried") {
    const auto id = begun(2);
    restart();
    const auto before = rows();
    refuse_inserts_into("outbox");
    CHECK_FALSE(journal.reconciled_completed(id, "card found in its slot", 200).ok());
    allow_inserts();
    CHECK(rows() == before);
    REQUIRE(journal.reconciled_completed(id, "card found in its slot", 201).ok());
    CHECK(record(kResident).status == core::CardStatus::in_kiosk);
}

TEST_CASE_FIXTURE(Rig, "staff resolve a load's operator check: in the slot, taken, in the bin") {
    SUBCASE("in_slot completes the load") {
        const auto id = begun(2);
        REQUIRE(journal.reconciled_operator_check(id, "unknown", 200).ok());
        REQUIRE(journal.resolve(id, CheckResolution::in_slot, kStaffId, 300).ok());
        CHECK(slot(2).state == SlotState::loaded);
        CHECK(slot(2).loaded_at_s == 300);
        CHECK(record(kResident).status == core::CardStatus::in_kiosk);
        const auto outbox = events();
        REQUIRE(outbox.size() == 1);
        CHECK(outbox[0].kind == kOutboxCardLoaded);
        CHECK(outbox[0].payload_json.find("\"reason\":\"operator_check\"") != std::string::npos);
        CHECK(entry(id).resolution == CheckResolution::in_slot);
        CHECK(entry(id).resolved_by == kStaffId);
        CHECK(entry(id).resolved_at_s == 300);
    }
    SUBCASE("taken empties the slot, the record stays PRINTED") {
        const auto id = begun(2);
        REQUIRE(journal.operator_check(id, "inventory_disagrees", 200).ok());
        REQUIRE(journal.resolve(id, CheckResolution::taken, kStaffId, 300).ok());
        CHECK(slot(2).state == SlotState::empty);
        CHECK(record(kResident).status == core::CardStatus::printed);
        CHECK(events().empty());
        CHECK(CaptureBin(db).in_bin().value().empty());
    }
    SUBCASE("in_bin empties the slot and lists the card in the bin") {
        const auto id = begun(2);
        REQUIRE(journal.operator_check(id, "inventory_disagrees", 200).ok());
        REQUIRE(journal.resolve(id, CheckResolution::in_bin, kStaffId, 300).ok());
        CHECK(slot(2).state == SlotState::empty);
        CHECK(record(kResident).status == core::CardStatus::printed);
        const auto bin = CaptureBin(db).in_bin().value();
        REQUIRE(bin.size() == 1);
        CHECK(bin[0].reason == "operator_check");
    }
    CHECK(last_audit() == "staff:S-001 load.resolved");
    CHECK(journal.awaiting_operator().value().empty());
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "resolve is refused, writing nothing, unless the entry awaits an operator") {
    const auto open = begun(2);
    auto before = rows();
    CHECK_FALSE(journal.resolve(open, CheckResolution::taken, kStaffId, 300).ok());  // still open
    CHECK_FALSE(journal.resolve(999, CheckResolution::taken, kStaffId, 300).ok());   // no such entry
    CHECK(rows() == before);
    REQUIRE(journal.operator_check(open, "inventory_disagrees", 200).ok());
    before = rows();
    CHECK_FALSE(journal.resolve(open, CheckResolution::taken, "S-404", 300).ok());  // no such staff member
    CHECK(rows() == before);
    REQUIRE(journal.resolve(open, CheckResolution::taken, kStaffId, 300).ok());
    before = rows();
    CHECK_FALSE(journal.resolve(open, CheckResolution::in_slot, kStaffId, 301).ok());  // resolved already
    // A later FAULT on the same slot does not bring a resolved check back.
    REQUIRE(Slots(db).mark_fault(2).ok());
    CHECK(journal.awaiting_operator().value().empty());
    CHECK_FALSE(journal.resolve(open, CheckResolution::taken, kStaffId, 302).ok());
    REQUIRE(Slots(db).clear(2).ok());
    CHECK(rows() == before);
    // A check whose slot staff emptied by other means is no longer awaiting either.
    const auto other = begun(3);
    REQUIRE(journal.operator_check(other, "inventory_disagrees", 200).ok());
    REQUIRE(Slots(db).clear(3).ok());
    CHECK(journal.awaiting_operator().value().empty());
    CHECK_FALSE(journal.resolve(other, CheckResolution::taken, kStaffId, 300).ok());
    CHECK(audit_intact());
}

TEST_CASE_FIXTURE(Rig, "in_slot is refused when the record can no longer be loaded; the check stays") {
    const auto id = begun(2);
    REQUIRE(journal.operator_check(id, "inventory_disagrees", 200).ok());
    printed(kResident, std::nullopt, core::CardStatus::reprint_rejected);
    const auto before = rows();
    CHECK_FALSE(journal.resolve(id, CheckResolution::in_slot, kStaffId, 300).ok());
    CHECK(rows() == before);
    CHECK(journal.awaiting_operator().value().size() == 1);
}

TEST_CASE("every load state round-trips its wire code; only intent and stored are open") {
    int open = 0;
    for (const char* code : {"intent", "stored", "done", "aborted", "operator_check", "reconciled_completed",
                             "reconciled_aborted", "reconciled_operator_check"}) {
        const auto state = load_state_from_wire_code(code);
        REQUIRE(state.has_value());
        CHECK(wire_code(*state) == code);
        open += is_open(*state) ? 1 : 0;
    }
    CHECK(open == 2);
    CHECK_FALSE(load_state_from_wire_code("INTENT").has_value());
}

TEST_CASE("the refusal codes and the check resolutions are stable and round-trip") {
    std::vector<std::string> codes;
    for (const LoadRefusal refusal : core::staff::kAllLoadRefusals) {
        codes.emplace_back(wire_code(refusal));
        CHECK(core::staff::load_refusal_from_wire_code(wire_code(refusal)) == refusal);
    }
    CHECK(codes == std::vector<std::string>{"no_record", "wrong_status", "already_in_kiosk", "duplicate_serial",
                                            "serial_mismatch", "magazine_full", "forged", "cloned", "unreadable",
                                            "not_a_card", "slot_problem", "journal_failed", "store_unavailable"});
    CHECK_FALSE(core::staff::load_refusal_from_wire_code("NO_RECORD").has_value());
    for (const CheckResolution resolution : core::staff::kAllCheckResolutions) {
        CHECK(core::staff::check_resolution_from_wire_code(wire_code(resolution)) == resolution);
    }
    CHECK(wire_code(CheckResolution::in_bin) == "in_bin");
}
