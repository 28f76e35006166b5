#include "kiosk/app/startup_reconciliation.hpp"

#include "kiosk/store/audit.hpp"
#include "kiosk/store/capture_bin.hpp"

#include "kiosk/app/session_inbox.hpp"
#include "kiosk/core/load_reconciliation.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/log/log.hpp"
#include "kiosk/store/load_journal.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/pickup_reconciler.hpp"
#include "kiosk/store/store.hpp"

namespace kiosk::app {

namespace {

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count();
}

// The dispenser as the power cut left it; nothing moves before the decision.
store::StartupSnapshot snapshot_of(dispenser::Dispenser& device) {
    store::StartupSnapshot snapshot;
    if (auto sensors = device.sensors(); sensors) {
        snapshot.card_at_mouth = sensors->mouth;
        snapshot.card_at_read_position = sensors->read_position;
        snapshot.card_in_transport = sensors->transport;
    } else {
        // Unknown sensors: assume a card may be in the path, which the rules resolve safely.
        snapshot.card_in_transport = true;
    }
    if (auto inventory = device.inventory(); inventory) {
        for (std::size_t position = 0; position < inventory->occupied.size(); ++position) {
            snapshot.slot_occupied[core::slot_of_position(static_cast<int>(position))] = inventory->occupied[position];
        }
    }
    if (auto counter = device.bin_counter(); counter) snapshot.bin_counter = *counter;
    return snapshot;
}

Error reconciliation_error(const std::string& what) { return Error{"reconciliation", what}; }

// With no pickup open, the path must be empty; a card in it goes to the bin before any pickup, and
// an audit row says so (staff emptying the bin then find it explained).
Status capture_stray_card(dispenser::Dispenser& device, store::Database& db) {
    auto sensors = device.sensors();
    if (!sensors) return fail(reconciliation_error("cannot read the sensors: " + sensors.error().to_string()));
    if (!sensors->mouth && !sensors->read_position && !sensors->transport) return {};
    log::warn("reconciliation.stray_card", {log::kv("mouth", sensors->mouth), log::kv("read_position", sensors->read_position),
                                            log::kv("transport", sensors->transport)});
    if (auto captured = device.capture(); !captured) {
        return fail(reconciliation_error("a card no pickup accounts for is in the path, and its capture failed (" +
                                         captured.error().to_string() + "); retried"));
    }
    const std::string where = sensors->mouth ? "mouth" : sensors->read_position ? "read_position" : "transport";
    // The bin's list names every capture (capture_bin.hpp), this one without a serial (its chip was
    // never read), in one transaction with its audit row.
    const std::int64_t at = unix_now_s();
    auto transaction = TRY(store::Transaction::begin(db, store::TransactionKind::immediate, "reconciliation.stray_card"));
    TRY(store::CaptureBin(db).record(std::nullopt, std::nullopt, "stray_at_startup", at));
    TRY(store::AuditLog(db).append("kiosk:reconciliation", "reconciliation.stray_card_captured", "found at " + where, at));
    return transaction.commit();
}

// Open loads first (a restock the power cut interrupted): each decided from the dispenser as it is
// now (core/load_reconciliation.hpp), a card in the path captured before the entry is closed. A
// capture that fails leaves the entry open and fails the whole (as for a pickup); so does a closing
// that cannot be written.
Status reconcile_loads(dispenser::Dispenser& device, store::Database& db) {
    store::LoadJournal journal(db);
    const auto open = TRY(journal.open_entries());
    for (const auto& entry : open) {
        const store::StartupSnapshot now = snapshot_of(device);
        core::DispenserSnapshot snapshot;
        snapshot.card_at_mouth = now.card_at_mouth;
        snapshot.card_at_read_position = now.card_at_read_position;
        snapshot.card_in_transport = now.card_in_transport;
        if (const auto found = now.slot_occupied.find(entry.slot); found != now.slot_occupied.end()) {
            snapshot.slot_occupied = found->second;
        }
        const auto step = entry.state == store::LoadState::stored ? core::OpenLoadStep::stored : core::OpenLoadStep::intent;
        const auto decision = core::reconcile_load(step, snapshot);
        log::warn("reconciliation.load_decided", {log::kv("journal", entry.id), log::kv("slot", entry.slot),
                                                  log::kv("outcome", core::to_string(decision.outcome)),
                                                  log::kv("reason", decision.reason)});
        if (decision.capture_card_in_path) {
            if (auto captured = device.capture(); !captured) {
                return fail(reconciliation_error("the capture of a load's card at start-up failed (" +
                                                 captured.error().to_string() + "); retried"));
            }
        }
        const std::int64_t at = unix_now_s();
        switch (decision.outcome) {
            case core::LoadReconcileOutcome::complete_load:
                if (auto completed = journal.reconciled_completed(entry.id, decision.reason, at); !completed) {
                    // The card is in its slot but its record can no longer take it (the central system
                    // changed it meanwhile): the slot is blocked for staff, never left to a resident.
                    log::error("reconciliation.load_not_completed", {log::kv("journal", entry.id),
                                                                     log::kv("reason", completed.error().to_string())});
                    TRY(journal.reconciled_operator_check(entry.id, "the slot holds the card; its record refused it", at));
                }
                break;
            case core::LoadReconcileOutcome::capture_and_abort:
                TRY(journal.reconciled_aborted(entry.id, decision.reason, store::AbortedLoadCard::captured, at));
                break;
            case core::LoadReconcileOutcome::operator_check:
                TRY(journal.reconciled_operator_check(entry.id, decision.reason, at));
                break;
        }
    }
    return {};
}

}  // namespace

// Fails closed. A store error before the decisions fails it. A capture that fails leaves its entry
// open (nothing is recorded: the next attempt decides again from the sensors, as after a power cut
// in the middle of the capture) and fails the whole, so the dispenser stays out of pickups, with the
// card safe in the path, until a retry captures it: a card left in the path must never meet the next
// resident's fetch. A card in the path that no open entry accounts for (one whose entry was closed
// while its capture failed, a jam) is captured the same way. A capture whose outcome cannot be
// recorded does not stop the others from being recorded, and fails the whole after them.
Status reconcile_pickups_at_startup(dispenser::Dispenser& device, const std::string& database_path) {
    store::OpenOptions open_options;
    open_options.integrity = store::IntegrityCheck::none;  // the UI thread's connection checked it
    auto db = TRY(store::open_store(database_path, open_options));
    TRY(reconcile_loads(device, db));
    store::PickupJournal journal(db);
    const auto open = TRY(journal.open_entries());
    if (open.empty()) return capture_stray_card(device, db);

    const auto report = TRY(store::reconcile_open_pickups(db, snapshot_of(device), unix_now_s()));
    for (const auto& entry : report.entries) {
        log::warn("reconciliation.decided",
                  {log::kv("journal", entry.journal_id), log::kv("slot", entry.slot),
                   log::kv("outcome", core::to_string(entry.decision.outcome)), log::kv("reason", entry.decision.reason)});
    }
    Status all_recorded;
    for (const auto& action : report.captures) {
        const auto captured = device.capture();
        if (!captured) {
            log::error("reconciliation.capture_failed",
                       {log::kv("journal", action.journal_id), log::kv("reason", captured.error().to_string())});
            if (all_recorded) all_recorded = fail(reconciliation_error("the capture at start-up failed (" +
                                                                       captured.error().to_string() + "); retried"));
            continue;
        }
        if (action.retain_only) continue;
        const Status recorded = store::confirm_capture(db, action.journal_id, unix_now_s());
        if (!recorded) {
            log::error("reconciliation.record_failed",
                       {log::kv("journal", action.journal_id), log::kv("reason", recorded.error().to_string())});
            if (all_recorded) all_recorded = recorded;
        }
    }
    return all_recorded;
}

}  // namespace kiosk::app
