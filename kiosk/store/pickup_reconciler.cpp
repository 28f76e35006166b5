#include "kiosk/store/pickup_reconciler.hpp"

#include "kiosk/store/pickup_journal.hpp"

namespace kiosk::store {
namespace {

core::OpenPickupState open_state(PickupState state) {
    switch (state) {
        case PickupState::fetched: return core::OpenPickupState::fetched;
        case PickupState::chip_verified: return core::OpenPickupState::chip_verified;
        case PickupState::presenting: return core::OpenPickupState::presenting;
        default: return core::OpenPickupState::intent;
    }
}

core::DispenserSnapshot snapshot_for(const StartupSnapshot& snapshot, std::int64_t slot) {
    core::DispenserSnapshot out;
    out.card_at_mouth = snapshot.card_at_mouth;
    out.card_at_read_position = snapshot.card_at_read_position;
    out.card_in_transport = snapshot.card_in_transport;
    if (auto found = snapshot.slot_occupied.find(slot); found != snapshot.slot_occupied.end()) {
        out.slot_occupied = found->second;
    }
    out.bin_counter = snapshot.bin_counter;
    return out;
}

}  // namespace

Result<ReconcileReport> reconcile_open_pickups(Database& database, const StartupSnapshot& snapshot,
                                               std::int64_t now_s) {
    PickupJournal journal(database);
    const auto open = TRY(journal.open_entries());
    ReconcileReport report;
    const bool card_in_path = snapshot.card_at_mouth || snapshot.card_at_read_position || snapshot.card_in_transport;
    bool capture_planned = false;
    for (const PickupEntry& entry : open) {
        core::ReconcileDecision decision;
        if (open.size() > 1) {
            decision = {core::ReconcileOutcome::operator_check, card_in_path, "more than one open pickup"};
        } else {
            decision = core::reconcile_pickup({open_state(entry.state), entry.bin_counter_at_begin},
                                              snapshot_for(snapshot, entry.slot));
        }
        Status applied;
        switch (decision.outcome) {
            case core::ReconcileOutcome::aborted:
                applied = journal.reconciled_aborted(entry.id, decision.reason, now_s);
                break;
            case core::ReconcileOutcome::done_taken:
                applied = journal.reconciled_taken(entry.id, decision.reason, now_s);
                break;
            case core::ReconcileOutcome::captured:
                applied = journal.reconciled_captured(entry.id, decision.reason, now_s);
                break;
            case core::ReconcileOutcome::operator_check:
                applied = journal.reconciled_operator_check(entry.id, decision.reason, now_s);
                break;
            case core::ReconcileOutcome::capture_now: break;  // stays open until the capture is reported
        }
        TRY(applied);
        if (decision.capture_card_in_path && !capture_planned) {
            report.captures.push_back(
                {entry.id, decision.outcome != core::ReconcileOutcome::capture_now});
            capture_planned = true;
        }
        report.entries.push_back({entry.id, entry.slot, decision});
    }
    return report;
}

Status confirm_capture(Database& database, std::int64_t journal_id, std::int64_t now_s) {
    return PickupJournal(database).reconciled_captured(journal_id, "card left in the path by a power cut", now_s);
}

}  // namespace kiosk::store
