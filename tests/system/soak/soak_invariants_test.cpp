// The soak's invariant checker fails where it must: on a world made to break each invariant (a card
// taken twice, a card taken with no record of it, a card taken outside its resident's pickup, a card
// in the bin unrecorded, an open journal entry, a card left in the path, a broken audit chain), and
// passes a world where pickups were recorded as the kiosk records them. Likewise for a load world
// (check_load_world): a card in a slot without its record, a record without its card, a stranger in a
// slot, card.loaded twice, an unexplained card in the bin, an open load; and passes loads recorded as
// the kiosk records them, including a slot flagged for an operator.
#include "tests/system/soak/soak_invariants.hpp"

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/load_journal.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

using namespace kiosk;
using namespace kiosk::soak;
using kiosk::testing::require_ok;
namespace dsim = kiosk::dispenser::sim;

namespace {

constexpr std::int64_t kNow_s = 1'790'000'000;

World make_world(const kiosk::testing::TempDir& dir, int residents = 3) {
    WorldOptions options;
    options.dir = dir.path() / "world";
    options.residents = residents;
    options.issuer_key_path = KIOSK_TEST_ISSUER_KEY;
    return require_ok(create_world(options));
}

void change_machine(const World& world, const std::function<void(dsim::MechanismState&)>& change) {
    auto state = require_ok(dsim::load_state(world.dispenser_state));
    change(state);
    REQUIRE(dsim::save_state_atomically(world.dispenser_state, state).ok());
}

// The card of `resident` from its slot into a person's hand, in the simulator.
void hand_out(const World& world, const Resident& resident) {
    change_machine(world, [&](dsim::MechanismState& s) {
        s.slots[static_cast<std::size_t>(core::device_position(resident.slot))].clear();
        s.taken_cards.push_back(resident.card_file);
    });
}

// The journal of a pickup as the session writes it, up to `presenting`; its id.
std::int64_t journal_to_presenting(const World& world, const Resident& resident) {
    auto db = require_ok(store::open_store(world.database, {}));
    store::PickupJournal journal(db);
    const auto id = require_ok(journal.begin(resident.nik, resident.slot, kNow_s, 0));
    for (auto step : {store::PickupState::fetched, store::PickupState::chip_verified, store::PickupState::presenting})
        REQUIRE(journal.step(id, step, kNow_s).ok());
    return id;
}

void close_journal(const World& world, std::int64_t id, store::PickupState how) {
    auto db = require_ok(store::open_store(world.database, {}));
    store::PickupJournal journal(db);
    if (how == store::PickupState::done)
        REQUIRE(journal.done(id, kNow_s).ok());
    else
        REQUIRE(journal.captured(id, "not_taken", kNow_s).ok());
}

WorldCheck checked(const World& world, const Ledger& ledger) {
    return require_ok(check_world(world, ledger, KIOSKCTL_BIN));
}

bool violates(const WorldCheck& check, Invariant invariant, const std::string& words) {
    return std::any_of(check.violations.begin(), check.violations.end(), [&](const Violation& v) {
        return v.invariant == invariant && v.detail.find(words) != std::string::npos;
    });
}

std::string all_of(const WorldCheck& check) {
    std::string text;
    for (const auto& v : check.violations) text += std::string(to_string(v.invariant)) + ": " + v.detail + "\n";
    return text;
}

}  // namespace

TEST_CASE("a new world passes, every resident's card can be collected") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto check = checked(world, {});
    CHECK_MESSAGE(check.violations.empty(), all_of(check));
    CHECK(check.pickable.size() == 3);
}

TEST_CASE("pickups recorded as the kiosk records them pass: one taken, one captured") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto& taken = world.residents[0];
    const auto& captured = world.residents[1];
    hand_out(world, taken);
    close_journal(world, journal_to_presenting(world, taken), store::PickupState::done);
    change_machine(world, [&](dsim::MechanismState& s) {
        s.slots[static_cast<std::size_t>(core::device_position(captured.slot))].clear();
        s.bin_cards.push_back(captured.card_file);
        s.bin_counter = 1;
    });
    close_journal(world, journal_to_presenting(world, captured), store::PickupState::captured);
    const auto check = checked(world, Ledger{{taken.slot}});
    CHECK_MESSAGE(check.violations.empty(), all_of(check));
    CHECK(check.taken == 1);
    CHECK(check.captured == 1);
    CHECK(check.pickable == std::vector<std::size_t>{2});
}

TEST_CASE("a card taken twice is a double dispense") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto& resident = world.residents[0];
    hand_out(world, resident);
    change_machine(world, [&](dsim::MechanismState& s) { s.taken_cards.push_back(resident.card_file); });
    close_journal(world, journal_to_presenting(world, resident), store::PickupState::done);
    const auto check = checked(world, Ledger{{resident.slot}});
    CHECK_MESSAGE(violates(check, Invariant::double_dispense, "taken from the mouth 2 times"), all_of(check));
    CHECK(violates(check, Invariant::double_dispense, "slot 1 (card SOAK1-1, NIK 3171 **** **** 0002)"));
}

TEST_CASE("a card taken outside its resident's pickup is a double dispense") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto& resident = world.residents[1];
    hand_out(world, resident);
    close_journal(world, journal_to_presenting(world, resident), store::PickupState::done);
    const auto check = checked(world, Ledger{{world.residents[0].slot}});
    CHECK_MESSAGE(violates(check, Invariant::double_dispense, "no pickup of its resident reached for it"),
                  all_of(check));
}

TEST_CASE("a card taken with no record of it is a lost record, and the store's slot disagrees") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto& resident = world.residents[2];
    hand_out(world, resident);
    const auto check = checked(world, Ledger{{resident.slot}});
    CHECK_MESSAGE(violates(check, Invariant::lost_record, "no journal entry closed as taken"), all_of(check));
    CHECK(violates(check, Invariant::lost_record, "the record is not PICKED_UP"));
    CHECK(violates(check, Invariant::slots_agree, "the store's slot says LOADED"));
    CHECK(check.pickable.empty());  // after a violation the soak stops; nothing is offered
}

TEST_CASE("a card in the bin with its pickup left open: a lost record and an unsettled journal") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto& resident = world.residents[0];
    change_machine(world, [&](dsim::MechanismState& s) {
        s.slots[0].clear();
        s.bin_cards.push_back(resident.card_file);
    });
    (void)journal_to_presenting(world, resident);
    const auto check = checked(world, {});
    CHECK_MESSAGE(
        violates(check, Invariant::lost_record, "in the capture bin, but no journal entry closed as captured"),
        all_of(check));
    CHECK(violates(check, Invariant::journal_settled, "still open"));
}

TEST_CASE("a card left in the card path, its slot not flagged, disagrees; a card gone from the machine too") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    change_machine(world, [&](dsim::MechanismState& s) {
        s.slots[0].clear();
        s.place = dsim::CardPlace::mouth_held;
        s.transport_card = world.residents[0].card_file;
        s.slots[1].clear();
    });
    const auto check = checked(world, {});
    CHECK_MESSAGE(violates(check, Invariant::slots_agree, "left in the card path (mouth-held)"), all_of(check));
    CHECK(violates(check, Invariant::slots_agree, "the machine lost the card"));
}

TEST_CASE("a broken audit chain and a card recorded as taken while in its slot are caught") {
    const kiosk::testing::TempDir dir;
    const auto world = make_world(dir);
    const auto& resident = world.residents[0];
    close_journal(world, journal_to_presenting(world, resident), store::PickupState::done);  // the machine disagrees
    kiosk::testing::raw_exec(world.database,
                             "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'rewritten' WHERE rowid = "
                             "(SELECT min(rowid) FROM audit);");
    const auto check = checked(world, Ledger{{resident.slot}});
    CHECK_MESSAGE(violates(check, Invariant::audit_chain, "kioskctl audit verify exited 1"), all_of(check));
    CHECK(violates(check, Invariant::slots_agree, "in its slot, but recorded as having left the machine"));
}

// ---- load worlds (staff restock) ----

namespace {

World make_load_world(const kiosk::testing::TempDir& dir) {
    WorldOptions options;
    options.dir = dir.path() / "load-world";
    options.residents = 0;
    options.printed = 3;
    options.strangers = 1;
    options.free_slots = 4;
    options.issuer_key_path = KIOSK_TEST_ISSUER_KEY;
    return require_ok(create_world(options));
}

LoadWorldCheck load_checked(const World& world) {
    return require_ok(check_load_world(world, KIOSKCTL_BIN));
}

bool load_violates(const LoadWorldCheck& check, Invariant invariant, const std::string& words) {
    return std::any_of(check.violations.begin(), check.violations.end(), [&](const Violation& v) {
        return v.invariant == invariant && v.detail.find(words) != std::string::npos;
    });
}

std::string all_of(const LoadWorldCheck& check) {
    std::string text;
    for (const auto& v : check.violations) text += std::string(to_string(v.invariant)) + ": " + v.detail + "\n";
    return text;
}

// The card into slot `slot` of the simulator's magazine (the store slot number, from 1).
void into_slot(const World& world, const Resident& card, int slot) {
    change_machine(world, [&](dsim::MechanismState& s) {
        s.slots[static_cast<std::size_t>(core::device_position(slot))] = card.card_file;
    });
}

// A load as staff mode journals it, up to intent; its id.
std::int64_t load_intent(const World& world, const Resident& card, int slot) {
    auto db = require_ok(store::open_store(world.database, {}));
    return require_ok(store::LoadJournal(db).begin(card.nik, card.card_serial, slot, world.staff.staff_id, kNow_s));
}

// A whole load as staff mode records it: intent, the card into the slot, stored, done.
std::int64_t load_card(const World& world, const Resident& card, int slot) {
    const auto id = load_intent(world, card, slot);
    into_slot(world, card, slot);
    auto db = require_ok(store::open_store(world.database, {}));
    store::LoadJournal journal(db);
    REQUIRE(journal.stored(id, kNow_s).ok());
    REQUIRE(journal.done(id, kNow_s).ok());
    return id;
}

}  // namespace

TEST_CASE("a new load world passes, every card in the staff member's hand") {
    const kiosk::testing::TempDir dir;
    const auto world = make_load_world(dir);
    const auto check = load_checked(world);
    CHECK_MESSAGE(check.violations.empty(), all_of(check));
    CHECK(check.printed_in_hand.size() == 3);
    CHECK(check.strangers_in_hand.size() == 1);
    CHECK(check.loaded == 0);
}

TEST_CASE("loads recorded as the kiosk records them pass: one loaded, one aborted into the bin, one flagged") {
    const kiosk::testing::TempDir dir;
    const auto world = make_load_world(dir);
    const auto& loaded = world.printed[0];
    const auto& captured = world.printed[1];
    const auto& missing = world.printed[2];
    (void)load_card(world, loaded, 1);
    // Cut with the card at the read position: reconciliation captures it and closes the load aborted.
    const auto aborted = load_intent(world, captured, 2);
    change_machine(world, [&](dsim::MechanismState& s) {
        s.bin_cards.push_back(captured.card_file);
        s.bin_counter = 1;
    });
    // Cut with the card nowhere to be seen: an operator check, the slot FAULT.
    const auto lost = load_intent(world, missing, 3);
    {
        auto db = require_ok(store::open_store(world.database, {}));
        store::LoadJournal journal(db);
        REQUIRE(journal.reconciled_aborted(aborted, "card left in the path by a power cut",
                                           store::AbortedLoadCard::captured, kNow_s)
                    .ok());
        REQUIRE(journal.reconciled_operator_check(lost, "card missing", kNow_s).ok());
    }
    const auto check = load_checked(world);
    CHECK_MESSAGE(check.violations.empty(), all_of(check));
    CHECK(check.loaded == 1);
    CHECK(check.captured == 1);
    CHECK(check.operator_checks == std::set<std::int64_t>{lost});
    CHECK(check.printed_in_hand.empty());  // the missing card's slot awaits an operator: not fed again
    CHECK(check.strangers_in_hand.size() == 1);
}

TEST_CASE("a card in a slot with no record pointing at it is an orphan, and so is a stranger in a slot") {
    const kiosk::testing::TempDir dir;
    const auto world = make_load_world(dir);
    into_slot(world, world.printed[0], 2);  // stored by the dispenser, never recorded
    into_slot(world, world.strangers[0], 3);
    const auto check = load_checked(world);
    CHECK_MESSAGE(load_violates(check, Invariant::orphan,
                                "printed card LOAD1-1 (NIK 3171 **** **** 0002): in slot 2 of the magazine without its "
                                "record pointing at it (store slot EMPTY, record PRINTED)"),
                  all_of(check));
    CHECK(load_violates(check, Invariant::orphan, "stranger card STRANGER1-1"));
    CHECK(load_violates(check, Invariant::orphan, "a card with no record in slot 3"));
    CHECK(check.printed_in_hand.empty());  // after a violation the soak stops; nothing is fed
}

TEST_CASE("a record and a store slot that say LOADED while the magazine's slot is empty are orphans") {
    const kiosk::testing::TempDir dir;
    const auto world = make_load_world(dir);
    const auto& card = world.printed[1];
    (void)load_card(world, card, 1);
    change_machine(world, [&](dsim::MechanismState& s) {
        s.slots[0].clear();
        s.place = dsim::CardPlace::read_position;  // ... and the card left in the path
        s.transport_card = card.card_file;
    });
    const auto check = load_checked(world);
    CHECK_MESSAGE(load_violates(check, Invariant::orphan, "the record is IN_KIOSK at slot 1, but the card is in no slot"),
                  all_of(check));
    CHECK(load_violates(check, Invariant::orphan, "the store's slot 1 says LOADED (card LOAD1-2), but the magazine's slot is empty"));
    CHECK(load_violates(check, Invariant::load_event, "a card.loaded event, but the card is in no slot"));
    CHECK(load_violates(check, Invariant::slots_agree, "left in the card path (read)"));
}

TEST_CASE("card.loaded twice for one load, an open load and an unexplained card in the bin are caught") {
    const kiosk::testing::TempDir dir;
    const auto world = make_load_world(dir);
    const auto& twice = world.printed[0];
    const auto id = load_card(world, twice, 1);
    {
        auto db = require_ok(store::open_store(world.database, {}));
        const store::CardEventFacts facts{.nik = twice.nik,
                                          .slot = 1,
                                          .at_s = kNow_s,
                                          .journal_id = id,
                                          .card_serial = twice.card_serial,
                                          .reason = std::nullopt,
                                          .reconciled = false};
        REQUIRE(store::Outbox(db)
                    .enqueue(std::string(store::kOutboxCardLoaded), store::card_loaded_payload(facts, world.staff.staff_id),
                             kNow_s)
                    .ok());
    }
    (void)load_intent(world, world.printed[1], 2);
    change_machine(world, [&](dsim::MechanismState& s) { s.bin_cards.push_back(world.strangers[0].card_file); });
    const auto check = load_checked(world);
    CHECK_MESSAGE(load_violates(check, Invariant::load_event, "2 card.loaded events"), all_of(check));
    CHECK(load_violates(check, Invariant::journal_settled, "still open"));
    CHECK(load_violates(check, Invariant::lost_record, "1 cards in the bin that the capture bin's list does not name"));
}
