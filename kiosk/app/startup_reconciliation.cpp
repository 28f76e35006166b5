#include "kiosk/app/startup_reconciliation.hpp"

#include "kiosk/store/audit.hpp"

#include "kiosk/app/session_inbox.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/log/log.hpp"
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
    TRY(store::AuditLog(db).append("kiosk:reconciliation", "reconciliation.stray_card_captured", "found at " + where,
                                   unix_now_s()));
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
