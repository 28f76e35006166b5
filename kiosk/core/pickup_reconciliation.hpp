// Start-up reconciliation of an open pickup: what the journal last recorded versus what the
// dispenser's sensors say now. A pure decision, no I/O: the application reads the sensors, the
// inventory and the bin counter, the store applies the decision (kiosk/store/pickup_reconciler.hpp).
//
// The guarantee it serves (DESIGN.md, "Data and safety"): a power cut never hands out a card twice
// and never loses the record that one was handed out. So the rules are:
//   - a card is declared taken by the resident only on positive evidence: the journal reached
//     `presenting`, the slot is empty, nothing is in the card path and the bin counter is known and
//     did not rise;
//   - a card is declared captured only when the bin counter rose by exactly one;
//   - a card still in the card path after a power cut is never presented again: the resident has
//     gone, so it goes to the capture bin;
//   - every contradiction goes to an operator, never to a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kiosk::core {

// The last state an open journal entry recorded (kiosk/store/pickup_journal.hpp). Each is written
// after the step it names completed, so `intent` means "the dispenser may or may not have fetched".
enum class OpenPickupState { intent, fetched, chip_verified, presenting };
inline constexpr OpenPickupState kAllOpenPickupStates[] = {OpenPickupState::intent, OpenPickupState::fetched,
                                                           OpenPickupState::chip_verified,
                                                           OpenPickupState::presenting};

// The dispenser as read at start-up, before anything moves. The application maps the driver's
// Sensors (31 31), Inventory and bin counter onto this.
struct DispenserSnapshot {
    bool card_at_mouth = false;
    bool card_at_read_position = false;
    bool card_in_transport = false;          // between slot, read position, mouth and bin
    std::optional<bool> slot_occupied;       // the entry's slot per the inventory; nullopt: not read
    std::optional<std::int64_t> bin_counter;  // nullopt: not read
    friend bool operator==(const DispenserSnapshot&, const DispenserSnapshot&) = default;
};

struct OpenPickup {
    OpenPickupState state = OpenPickupState::intent;
    std::optional<std::int64_t> bin_counter_at_begin;  // recorded with the intent; nullopt: not read then
};

enum class ReconcileOutcome {
    aborted,         // the card never left its slot: the slot keeps it, the record stays IN_KIOSK
    capture_now,     // a card is in the card path: capture it to the bin, then record it captured
    done_taken,      // the resident took the card: record the pickup
    captured,        // the card is already in the bin: record the capture
    operator_check,  // the facts contradict each other: block the slot and ask staff
};
[[nodiscard]] std::string_view to_string(ReconcileOutcome outcome);

struct ReconcileDecision {
    ReconcileOutcome outcome = ReconcileOutcome::operator_check;
    // Move whatever card is in the card path to the capture bin before anything else. Set for
    // capture_now, and for operator_check when a card is in reach: retaining a card never hands one
    // out, leaving it at the mouth might.
    bool capture_card_in_path = false;
    std::string_view reason;  // a fixed phrase for the audit log and operators; no personal data
};

[[nodiscard]] ReconcileDecision reconcile_pickup(const OpenPickup& entry, const DispenserSnapshot& snapshot);

}  // namespace kiosk::core
