#include "kiosk/core/load_reconciliation.hpp"

namespace kiosk::core {
namespace {

LoadReconcileDecision check(std::string_view reason, bool card_in_path) {
    return {LoadReconcileOutcome::operator_check, card_in_path, reason};
}

}  // namespace

std::string_view to_string(LoadReconcileOutcome outcome) {
    switch (outcome) {
        case LoadReconcileOutcome::complete_load: return "complete_load";
        case LoadReconcileOutcome::capture_and_abort: return "capture_and_abort";
        case LoadReconcileOutcome::operator_check: return "operator_check";
    }
    return "operator_check";
}

LoadReconcileDecision reconcile_load(OpenLoadStep step, const DispenserSnapshot& snapshot) {
    const bool card_in_path = snapshot.card_at_mouth || snapshot.card_at_read_position || snapshot.card_in_transport;

    // Without the inventory, "in the slot" cannot be told from "lost": decide nothing, retain what is
    // in reach.
    if (!snapshot.slot_occupied) return check("slot occupancy unknown", card_in_path);
    const bool slot_occupied = *snapshot.slot_occupied;

    if (slot_occupied) {
        if (step == OpenLoadStep::stored) {
            // `stored` was written after the move's ok and an inventory that agreed: the slot's card is
            // the entry's. A card in the path as well is another one (none is accepted before the
            // load is done): it goes to the bin, the load completes.
            return {LoadReconcileOutcome::complete_load, card_in_path,
                    card_in_path ? "card in its slot; an unexplained card in the path" : "card in its slot"};
        }
        // intent: the store chose a slot that was free, so a card there is the entry's, unless a card
        // is also in the path: then one of the two is not explained, and which cannot be told.
        if (card_in_path) return check("card in the slot and another in the path", true);
        return {LoadReconcileOutcome::complete_load, false, "card reached its slot before the power cut"};
    }

    if (card_in_path) {
        // The slot is empty and a card is in the path: the move never completed. `stored` says it had:
        // a contradiction (the card left the slot again?), so an operator looks, after the capture.
        if (step == OpenLoadStep::stored) return check("journal says stored but the slot is empty", true);
        return {LoadReconcileOutcome::capture_and_abort, true, "card left in the path by a power cut"};
    }

    // Slot empty and no card anywhere: taken at the mouth, captured by the dispenser's power-up, or
    // lost. Nobody can tell from here.
    return check("card missing: not in its slot nor in the path", false);
}

}  // namespace kiosk::core
