#include "kiosk/core/pickup_reconciliation.hpp"

namespace kiosk::core {
namespace {

enum class BinChange { unknown, same, rose_by_one, rose_by_more, went_down };

// The bin counter is evidence when both readings exist. A smaller value means staff reset it (or the
// counter wrapped): it then proves nothing either way. More than one means cards we do not know about
// went to the bin.
BinChange bin_change(const OpenPickup& entry, const DispenserSnapshot& snapshot) {
    if (!entry.bin_counter_at_begin || !snapshot.bin_counter) return BinChange::unknown;
    const std::int64_t delta = *snapshot.bin_counter - *entry.bin_counter_at_begin;
    if (delta == 0) return BinChange::same;
    if (delta == 1) return BinChange::rose_by_one;
    if (delta > 1) return BinChange::rose_by_more;
    return BinChange::went_down;
}

ReconcileDecision check(std::string_view reason, bool card_in_path) {
    return {ReconcileOutcome::operator_check, card_in_path, reason};
}

}  // namespace

std::string_view to_string(ReconcileOutcome outcome) {
    switch (outcome) {
        case ReconcileOutcome::aborted: return "aborted";
        case ReconcileOutcome::capture_now: return "capture_now";
        case ReconcileOutcome::done_taken: return "done_taken";
        case ReconcileOutcome::captured: return "captured";
        case ReconcileOutcome::operator_check: return "operator_check";
    }
    return "operator_check";
}

ReconcileDecision reconcile_pickup(const OpenPickup& entry, const DispenserSnapshot& snapshot) {
    const bool card_in_path = snapshot.card_at_mouth || snapshot.card_at_read_position || snapshot.card_in_transport;
    const BinChange bin = bin_change(entry, snapshot);

    // Without the inventory we cannot tell "never left the slot" from "left it", and a card in the path
    // could be another slot's: retain what is in reach, decide nothing.
    if (!snapshot.slot_occupied) return check("slot occupancy unknown", card_in_path);
    const bool slot_occupied = *snapshot.slot_occupied;

    if (card_in_path) {
        // One pickup moves one card. A card in the path while the slot still holds one, or while the
        // bin counter says a card already went to the bin, means a second card we cannot account for.
        if (slot_occupied) return check("card in the path and the slot still occupied", true);
        if (bin == BinChange::rose_by_one || bin == BinChange::rose_by_more) {
            return check("card in the path and the bin counter rose", true);
        }
        // The slot's card is in the path (the fetch ran, whatever the journal reached). The resident
        // has left during the outage: it is never presented again. Capture it, then record it.
        return {ReconcileOutcome::capture_now, true, "card left in the path by a power cut"};
    }

    if (slot_occupied) {
        // Intent is written before the fetch: the fetch never ran (or never moved the card), and the
        // bin did not take a card. Nothing happened.
        if (entry.state == OpenPickupState::intent && bin != BinChange::rose_by_one && bin != BinChange::rose_by_more) {
            return {ReconcileOutcome::aborted, false, "card still in its slot"};
        }
        if (entry.state == OpenPickupState::intent) return check("card in its slot and the bin counter rose", false);
        // fetched / chip_verified / presenting are written after the card left the slot, and no
        // command in a pickup puts it back: a card in the slot now is not explained.
        return check("journal says the card left its slot but the slot is occupied", false);
    }

    // The slot is empty and nothing is in the path: the card went to the bin or to a person.
    if (bin == BinChange::rose_by_one) {
        // A capture ran to the end (the session's, cut before it was journaled, or the dispenser's
        // own power-up initialise). The counter is the physical proof.
        return {ReconcileOutcome::captured, false, "card found in the capture bin"};
    }
    if (bin == BinChange::rose_by_more) return check("bin counter rose by more than one", false);
    if (bin == BinChange::unknown || bin == BinChange::went_down) {
        return check("bin counter unknown or reset: taken or captured cannot be told", false);
    }
    // bin == same
    if (entry.state == OpenPickupState::presenting) {
        // Presented, gone from the mouth, not in the bin: the resident took it.
        return {ReconcileOutcome::done_taken, false, "card taken at the mouth"};
    }
    // Never presented, yet neither in the slot, the path nor the bin: a card is missing (pulled from
    // the read position, a sensor fault). Recording it as picked up would be a guess.
    return check("card missing: left its slot, never presented, not in the bin", false);
}

}  // namespace kiosk::core
