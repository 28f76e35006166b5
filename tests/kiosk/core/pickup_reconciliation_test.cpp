// reconcile_pickup over every journal state x card position x slot occupancy x bin counter reading:
// the safety properties hold for every combination, and a table pins the outcome of each case the
// header documents.
#include "kiosk/core/pickup_reconciliation.hpp"

#include <doctest/doctest.h>

#include <array>
#include <map>
#include <optional>

using namespace kiosk::core;

namespace {

enum class CardAt { none, transport, read_position, mouth };
constexpr std::array kAllCardAt = {CardAt::none, CardAt::transport, CardAt::read_position, CardAt::mouth};

// Bin counter readings relative to a begin value of 10.
enum class Bin { begin_unread, now_unread, same, rose_by_one, rose_by_two, reset };
constexpr std::array kAllBin = {Bin::begin_unread, Bin::now_unread, Bin::same, Bin::rose_by_one, Bin::rose_by_two,
                                Bin::reset};

constexpr std::array<std::optional<bool>, 3> kAllSlot = {std::nullopt, false, true};

struct Case {
    OpenPickupState state;
    CardAt card;
    std::optional<bool> slot_occupied;
    Bin bin;
};

ReconcileDecision decide(const Case& c) {
    OpenPickup entry{c.state, c.bin == Bin::begin_unread ? std::nullopt : std::optional<std::int64_t>{10}};
    DispenserSnapshot snapshot;
    snapshot.card_in_transport = c.card == CardAt::transport;
    snapshot.card_at_read_position = c.card == CardAt::read_position;
    snapshot.card_at_mouth = c.card == CardAt::mouth;
    snapshot.slot_occupied = c.slot_occupied;
    switch (c.bin) {
        case Bin::begin_unread: snapshot.bin_counter = 11; break;
        case Bin::now_unread: snapshot.bin_counter = std::nullopt; break;
        case Bin::same: snapshot.bin_counter = 10; break;
        case Bin::rose_by_one: snapshot.bin_counter = 11; break;
        case Bin::rose_by_two: snapshot.bin_counter = 12; break;
        case Bin::reset: snapshot.bin_counter = 0; break;
    }
    return reconcile_pickup(entry, snapshot);
}

template <class F>
void for_every_case(F&& check) {
    for (OpenPickupState state : kAllOpenPickupStates) {
        for (CardAt card : kAllCardAt) {
            for (std::optional<bool> slot : kAllSlot) {
                for (Bin bin : kAllBin) check(Case{state, card, slot, bin});
            }
        }
    }
}

}  // namespace

TEST_CASE("a card in the path is always retained and never left in reach") {
    int cases = 0;
    for_every_case([&](const Case& c) {
        const auto decision = decide(c);
        CAPTURE(static_cast<int>(c.state));
        CAPTURE(static_cast<int>(c.card));
        CAPTURE(static_cast<int>(c.bin));
        CHECK(decision.capture_card_in_path == (c.card != CardAt::none));
        CHECK_FALSE(decision.reason.empty());
        ++cases;
    });
    CHECK(cases == 4 * 4 * 3 * 6);
}

TEST_CASE("taken is declared only on positive evidence: presented, slot and path empty, bin known and unchanged") {
    for_every_case([&](const Case& c) {
        const bool evidence = c.state == OpenPickupState::presenting && c.card == CardAt::none &&
                              c.slot_occupied == false && c.bin == Bin::same;
        CAPTURE(static_cast<int>(c.state));
        CAPTURE(static_cast<int>(c.card));
        CAPTURE(static_cast<int>(c.bin));
        CHECK((decide(c).outcome == ReconcileOutcome::done_taken) == evidence);
    });
}

TEST_CASE("captured only when the bin rose by exactly one with slot and path empty") {
    for_every_case([&](const Case& c) {
        const bool evidence = c.card == CardAt::none && c.slot_occupied == false && c.bin == Bin::rose_by_one;
        CHECK((decide(c).outcome == ReconcileOutcome::captured) == evidence);
    });
}

TEST_CASE("aborted only from intent with the card in its slot and the bin not risen") {
    for_every_case([&](const Case& c) {
        const bool evidence = c.state == OpenPickupState::intent && c.card == CardAt::none &&
                              c.slot_occupied == true &&
                              c.bin != Bin::rose_by_one && c.bin != Bin::rose_by_two;
        CHECK((decide(c).outcome == ReconcileOutcome::aborted) == evidence);
    });
}

TEST_CASE("capture_now only for a card in the path whose slot is known empty and bin not risen") {
    for_every_case([&](const Case& c) {
        const bool evidence = c.card != CardAt::none && c.slot_occupied == false &&
                              (c.bin == Bin::same || c.bin == Bin::begin_unread || c.bin == Bin::now_unread ||
                               c.bin == Bin::reset);
        CHECK((decide(c).outcome == ReconcileOutcome::capture_now) == evidence);
    });
}

TEST_CASE("unknown slot occupancy always goes to an operator") {
    for_every_case([&](const Case& c) {
        if (c.slot_occupied) return;
        CHECK(decide(c).outcome == ReconcileOutcome::operator_check);
    });
}

TEST_CASE("documented cases, one row each") {
    using S = OpenPickupState;
    using O = ReconcileOutcome;
    struct Row {
        Case c;
        ReconcileOutcome expected;
        const char* why;
    };
    const Row rows[] = {
        {{S::intent, CardAt::none, true, Bin::same}, O::aborted, "power cut before the fetch"},
        {{S::intent, CardAt::read_position, false, Bin::same}, O::capture_now, "fetched, cut before journaling it"},
        {{S::fetched, CardAt::read_position, false, Bin::same}, O::capture_now, "cut while reading the chip"},
        {{S::chip_verified, CardAt::transport, false, Bin::now_unread}, O::capture_now, "cut on the way to the mouth"},
        {{S::presenting, CardAt::mouth, false, Bin::same}, O::capture_now, "presented, resident gone"},
        {{S::presenting, CardAt::none, false, Bin::same}, O::done_taken, "taken before the cut"},
        {{S::presenting, CardAt::none, false, Bin::rose_by_one}, O::captured, "captured, cut before journaling"},
        {{S::intent, CardAt::none, false, Bin::rose_by_one}, O::captured, "dispenser's power-up capture"},
        {{S::presenting, CardAt::none, false, Bin::begin_unread}, O::operator_check, "taken or captured?"},
        {{S::presenting, CardAt::none, false, Bin::rose_by_two}, O::operator_check, "unknown cards in the bin"},
        {{S::presenting, CardAt::none, false, Bin::reset}, O::operator_check, "bin emptied meanwhile"},
        {{S::fetched, CardAt::none, true, Bin::same}, O::operator_check, "card back in a slot it left"},
        {{S::chip_verified, CardAt::none, false, Bin::same}, O::operator_check, "card vanished before presenting"},
        {{S::intent, CardAt::mouth, true, Bin::same}, O::operator_check, "a second card in the path"},
        {{S::presenting, CardAt::mouth, false, Bin::rose_by_one}, O::operator_check, "in the bin and at the mouth"},
        {{S::intent, CardAt::none, true, Bin::rose_by_one}, O::operator_check, "in its slot and in the bin"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.why);
        CHECK(to_string(decide(row.c).outcome) == to_string(row.expected));
    }
}
