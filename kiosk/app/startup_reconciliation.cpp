#include "kiosk/app/startup_reconciliation.hpp"

#include "kiosk/app/session_inbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/pickup_reconciler.hpp"
#include "kiosk/store/store.hpp"

#include <cstdio>

namespace kiosk::app {

namespace {

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count();
}

}  // namespace

void reconcile_pickups_at_startup(dispenser::Dispenser& device, const std::string& database_path) {
    store::OpenOptions open_options;
    open_options.integrity = store::IntegrityCheck::none;  // the UI thread's connection checked it
    auto db = store::open_store(database_path, open_options);
    if (!db) {
        std::fprintf(stderr, "kiosk: reconciliation: %s\n", db.error().to_string().c_str());
        return;
    }
    store::PickupJournal journal(*db);
    auto open = journal.open_entries();
    if (!open) {
        std::fprintf(stderr, "kiosk: reconciliation: %s\n", open.error().to_string().c_str());
        return;
    }
    if (open->empty()) return;  // the normal start: nothing to settle, nothing to read

    // The dispenser as the power cut left it; nothing moves before the decision.
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
        for (std::size_t i = 0; i < inventory->occupied.size(); ++i) {
            snapshot.slot_occupied[static_cast<std::int64_t>(i) + 1] = inventory->occupied[i];  // store slots from 1
        }
    }
    if (auto counter = device.bin_counter(); counter) snapshot.bin_counter = *counter;

    auto report = store::reconcile_open_pickups(*db, snapshot, unix_now_s());
    if (!report) {
        std::fprintf(stderr, "kiosk: reconciliation: %s\n", report.error().to_string().c_str());
        return;
    }
    for (const auto& entry : report->entries) {
        std::fprintf(stderr, "kiosk: reconciliation: journal %lld slot %lld: %.*s (%.*s)\n",
                     static_cast<long long>(entry.journal_id), static_cast<long long>(entry.slot),
                     static_cast<int>(core::to_string(entry.decision.outcome).size()),
                     core::to_string(entry.decision.outcome).data(), static_cast<int>(entry.decision.reason.size()),
                     entry.decision.reason.data());
    }
    for (const auto& action : report->captures) {
        const bool captured = device.capture().ok();
        if (action.retain_only) continue;
        const Status recorded = captured ? store::confirm_capture(*db, action.journal_id, unix_now_s())
                                         : store::capture_failed(*db, action.journal_id, unix_now_s());
        if (!recorded) std::fprintf(stderr, "kiosk: reconciliation: %s\n", recorded.error().to_string().c_str());
    }
}

}  // namespace kiosk::app
