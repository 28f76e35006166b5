// reconcile_load over every journal step x card position x slot occupancy: the whole table, and the
// guarantees it serves for every combination.
#include "kiosk/core/load_reconciliation.hpp"

#include <doctest/doctest.h>

#include <array>
#include <optional>

using namespace kiosk::core;

namespace {

enum class CardAt { none, transport, read_position, mouth };
constexpr std::array kAllCardAt = {CardAt::none, CardAt::transport, CardAt::read_position, CardAt::mouth};
constexpr std::array<std::optional<bool>, 3> kAllSlot = {std::nullopt, false, true};

DispenserSnapshot snapshot_of(CardAt card, std::optional<bool> slot_occupied, std::optional<std::int64_t> bin = 10) {
    DispenserSnapshot s;
    s.card_in_transport = card == CardAt::transport;
    s.card_at_read_position = card == CardAt::read_position;
    s.card_at_mouth = card == CardAt::mouth;
    s.slot_occupied = slot_occupied;
    s.bin_counter = bin;
    return s;
}

using O = LoadReconcileOutcome;

// The expected outcome of each (step, card in the path?, slot) case.
O expected(OpenLoadStep step, bool in_path, std::optional<bool> slot) {
    if (!slot) return O::operator_check;
    if (*slot) {
        if (step == OpenLoadStep::stored) return O::complete_load;
        return in_path ? O::operator_check : O::complete_load;
    }
    if (in_path) return step == OpenLoadStep::intent ? O::capture_and_abort : O::operator_check;
    return O::operator_check;
}

}  // namespace

TEST_CASE("the whole table: every step x card position x slot reading") {
    int cases = 0;
    for (OpenLoadStep step : kAllOpenLoadSteps) {
        for (CardAt card : kAllCardAt) {
            for (std::optional<bool> slot : kAllSlot) {
                CAPTURE(static_cast<int>(step));
                CAPTURE(static_cast<int>(card));
                CAPTURE(slot.has_value() ? (*slot ? 1 : 0) : -1);
                const bool in_path = card != CardAt::none;
                const LoadReconcileDecision d = reconcile_load(step, snapshot_of(card, slot));
                CHECK(d.outcome == expected(step, in_path, slot));
                // A card in the path is always retained, never left in reach.
                CHECK(d.capture_card_in_path == in_path);
                CHECK_FALSE(d.reason.empty());
                ++cases;
            }
        }
    }
    CHECK(cases == 2 * 4 * 3);
}

TEST_CASE("never a card in a slot without a record, nor a record pointing at an empty slot") {
    for (OpenLoadStep step : kAllOpenLoadSteps) {
        for (CardAt card : kAllCardAt) {
            for (std::optional<bool> slot : kAllSlot) {
                const LoadReconcileDecision d = reconcile_load(step, snapshot_of(card, slot));
                // The record points at the slot (complete_load) only when the slot holds a card.
                if (d.outcome == O::complete_load) CHECK(slot == std::optional<bool>(true));
                // The entry is aborted (the slot left free, the record PRINTED) only when the slot is
                // empty and the card is in reach to be captured.
                if (d.outcome == O::capture_and_abort) {
                    CHECK(slot == std::optional<bool>(false));
                    CHECK(card != CardAt::none);
                }
                // A slot holding a card is never left without a decision naming it: completed or
                // blocked for an operator, never freed.
                if (slot == std::optional<bool>(true)) CHECK(d.outcome != O::capture_and_abort);
            }
        }
    }
}

TEST_CASE("the bin counter is not evidence for a load") {
    for (OpenLoadStep step : kAllOpenLoadSteps) {
        for (CardAt card : kAllCardAt) {
            for (std::optional<bool> slot : kAllSlot) {
                const auto a = reconcile_load(step, snapshot_of(card, slot, std::nullopt));
                const auto b = reconcile_load(step, snapshot_of(card, slot, 99));
                CHECK(a.outcome == b.outcome);
                CHECK(a.capture_card_in_path == b.capture_card_in_path);
            }
        }
    }
}

TEST_CASE("the documented cases by name") {
    CHECK(reconcile_load(OpenLoadStep::intent, snapshot_of(CardAt::none, true)).outcome == O::complete_load);
    CHECK(reconcile_load(OpenLoadStep::stored, snapshot_of(CardAt::none, true)).outcome == O::complete_load);
    CHECK(reconcile_load(OpenLoadStep::intent, snapshot_of(CardAt::read_position, false)).outcome ==
          O::capture_and_abort);
    CHECK(reconcile_load(OpenLoadStep::intent, snapshot_of(CardAt::none, false)).outcome == O::operator_check);
    CHECK(reconcile_load(OpenLoadStep::stored, snapshot_of(CardAt::none, false)).outcome == O::operator_check);
    CHECK(to_string(O::complete_load) == "complete_load");
    CHECK(to_string(O::capture_and_abort) == "capture_and_abort");
    CHECK(to_string(O::operator_check) == "operator_check");
}
