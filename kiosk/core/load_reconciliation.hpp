// Start-up reconciliation of an open load (restock): what the load journal last recorded versus what
// the dispenser's inventory and sensors say now. A pure decision, no I/O: the application reads the
// dispenser (the same DispenserSnapshot as for a pickup, core/pickup_reconciliation.hpp), the store
// applies the decision (kiosk/store/load_journal.hpp).
//
// The guarantee it serves (issue 11): a power cut during loading never leaves a card in a slot
// without a record, nor a record pointing at an empty slot. So:
//   - the load is completed (slot LOADED, record IN_KIOSK) only when the inventory shows the slot
//     holding a card and the journal does not contradict it;
//   - a load that never reached its slot is aborted only with the card in reach: it is captured (the
//     staff member may have left during the outage), the record stays PRINTED;
//   - a card in the card path that the entry does not explain is captured, never left in reach;
//   - every contradiction, and every missing card, goes to an operator (the slot is blocked).
// The bin counter is not evidence here: a load's card is not captured by any step the journal names.
#pragma once

#include "kiosk/core/pickup_reconciliation.hpp"

#include <string_view>

namespace kiosk::core {

// The last step an open load journal entry recorded. `intent` is written before the store move (the
// card may or may not have reached the slot); `stored` after the move's ok with an inventory that
// agreed (the card was in the slot).
enum class OpenLoadStep { intent, stored };
inline constexpr OpenLoadStep kAllOpenLoadSteps[] = {OpenLoadStep::intent, OpenLoadStep::stored};

enum class LoadReconcileOutcome {
    complete_load,      // the card is in its slot: slot LOADED, record IN_KIOSK, outbox card.loaded
    capture_and_abort,  // the card never reached the slot and is in the path: capture it, close the
                        // entry aborted, the record stays PRINTED, the slot free
    operator_check,     // the facts contradict each other or the card is missing: slot FAULT, ask staff
};
[[nodiscard]] std::string_view to_string(LoadReconcileOutcome outcome);

struct LoadReconcileDecision {
    LoadReconcileOutcome outcome = LoadReconcileOutcome::operator_check;
    // Move whatever card is in the card path (mouth, read position, transport) to the capture bin
    // before anything else. Set whenever a card is in the path: for capture_and_abort it is the
    // entry's card; otherwise a card nobody can account for, which is retained rather than left in reach.
    bool capture_card_in_path = false;
    std::string_view reason;  // a fixed phrase for the audit log and operators; no personal data
};

// Uses the snapshot's slot_occupied (the entry's slot per the inventory) and card positions; its
// bin_counter is ignored.
[[nodiscard]] LoadReconcileDecision reconcile_load(OpenLoadStep step, const DispenserSnapshot& snapshot);

}  // namespace kiosk::core
