// Start-up reconciliation of the pickup journal with the dispenser.
//
// The application, at start-up and before a session begins:
//   1. reads the dispenser's sensors, inventory and bin counter, without moving anything
//      (in particular not initialize(capture_card), which would move a card before it is decided);
//   2. calls reconcile_open_pickups(); every entry it can settle from the snapshot alone is closed
//      in the store (one transaction each);
//   3. performs the returned actions on the dispenser (capture the card in the path), and reports
//      each capture that succeeded with confirm_capture(); one that failed leaves its entry open, and
//      the dispenser out of pickups until a retry decides it again (kiosk/app/startup_reconciliation).
// A power cut anywhere in this sequence is safe: an entry waiting for a capture stays open, and the
// next start-up decides it again from the sensors (the card is then in the path, or in the bin
// with the counter risen by one).
//
// Thread safety: as PickupJournal.
#pragma once

#include "kiosk/core/pickup_reconciliation.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace kiosk::store {

// What the application read from the dispenser at start-up.
struct StartupSnapshot {
    bool card_at_mouth = false;
    bool card_at_read_position = false;
    bool card_in_transport = false;
    std::map<std::int64_t, bool> slot_occupied;  // slot (as the store numbers it) -> occupied; absent: unknown
    std::optional<std::int64_t> bin_counter;     // nullopt: not read
};

struct ReconciledEntry {
    std::int64_t journal_id = 0;
    std::int64_t slot = 0;
    core::ReconcileDecision decision;
};

// A move the application must make on the dispenser, then report.
struct CaptureAction {
    std::int64_t journal_id = 0;  // report with confirm_capture / capture_failed
    // true: the entry is already closed (operator_check) and the capture only keeps the card out of
    // reach; nothing needs confirming. false: the entry stays open until the capture is reported.
    bool retain_only = false;
};

struct ReconcileReport {
    std::vector<ReconciledEntry> entries;
    std::vector<CaptureAction> captures;  // at most one card is in the path: the app captures once
};

// Settles every open pickup entry against the snapshot. More than one open entry at once contradicts
// the one-pickup-at-a-time session, so each of them then goes to operator_check.
Result<ReconcileReport> reconcile_open_pickups(Database& database, const StartupSnapshot& snapshot,
                                               std::int64_t now_s);

// The card in the path went to the bin: the entry is closed as reconciled_captured.
Status confirm_capture(Database& database, std::int64_t journal_id, std::int64_t now_s);

}  // namespace kiosk::store
