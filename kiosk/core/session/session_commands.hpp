// Commands out of the session machine: work for the application's devices and store.
//
// Contract for the application: execute the commands of one handle() call in order. Every command
// with a RequestId gets exactly one answering event with that id (or none, in which case the machine
// gives up at its own deadline and moves on). Journal/record/outbox commands are one store
// transaction each with synchronous=FULL; start-up reconciliation covers a crash between them.
// The store's commands may run on a worker (the answers then come later, through the same events):
// they must run in the order emitted, so that a journal step is never written before the one it
// follows, and a VerifyFingerprint never uses the templates of a lookup not yet done.
#pragma once

#include "kiosk/core/session/session_types.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk::core::session {

struct LookupRecord {
    RequestId request = 0;
    Nik nik;
};

// Capture a finger and match it against `templates`. An empty list is deliberate, for a NIK with no
// record or no enrolled finger: the driver still waits for and captures a finger, takes the same
// time, and reports no_match (or no_finger / poor_image), so an unknown NIK looks exactly like a
// known one with the wrong finger.
struct VerifyFingerprint {
    RequestId request = 0;
    std::vector<TemplateRef> templates;
    Millis finger_timeout{0};
};
struct CancelFingerprint {
    RequestId request = 0;
};

// Pickup, in order. The intent is journaled (and acknowledged) before the dispenser moves.
struct JournalPickupIntent {
    RequestId request = 0;
    Nik nik;
    int slot = 0;
};
struct FetchSlot {
    RequestId request = 0;
    int slot = 0;
};
struct ReadChipAtReadPosition {
    RequestId request = 0;
};
struct PresentCard {
    RequestId request = 0;
    Millis take_timeout{0};
};
struct CaptureCard {
    RequestId request = 0;
};

// The journal's writes after the intent. Each is answered with PickupStepJournaled{request, ok}: ok
// once the write is durable, false when the store failed or refused it. The machine presents a card
// only after every step of its pickup was answered ok (session_pickup.cpp says why for each step).
enum class PickupStep { fetched, chip_verified, presenting };
struct JournalPickupStep {
    RequestId request = 0;
    Nik nik;
    int slot = 0;
    PickupStep step = PickupStep::fetched;
};
struct JournalPickupDone {
    RequestId request = 0;
    Nik nik;
    int slot = 0;
};

// journal_failed: the store did not confirm a step, so the card at the read position is not presented.
enum class CaptureReason { not_taken, chip_mismatch, chip_refused, dispenser_fault, dispenser_silent, journal_failed };
// Stable lower-case codes for the pickup journal, metrics labels and the management API.
[[nodiscard]] constexpr std::string_view capture_reason_code(CaptureReason reason) {
    switch (reason) {
        case CaptureReason::not_taken: return "not_taken";
        case CaptureReason::chip_mismatch: return "chip_mismatch";
        case CaptureReason::chip_refused: return "chip_refused";
        case CaptureReason::dispenser_fault: return "dispenser_fault";
        case CaptureReason::dispenser_silent: return "dispenser_silent";
        case CaptureReason::journal_failed: return "journal_failed";
    }
    return "dispenser_fault";
}
inline constexpr std::array kAllCaptureReasons = {CaptureReason::not_taken,       CaptureReason::chip_mismatch,
                                                  CaptureReason::chip_refused,    CaptureReason::dispenser_fault,
                                                  CaptureReason::dispenser_silent, CaptureReason::journal_failed};
struct JournalCaptured {
    RequestId request = 0;
    Nik nik;
    int slot = 0;
    CaptureReason reason = CaptureReason::not_taken;
};
// The pickup stopped before a card left the slot (nothing to capture): the slot keeps its card.
struct JournalPickupAborted {
    RequestId request = 0;
    Nik nik;
    int slot = 0;
};

struct RecordStatus {
    Nik nik;
    CardStatus status = CardStatus::picked_up;
};
enum class OutboxKind { card_picked_up, card_captured };
struct EmitOutboxEvent {
    OutboxKind kind = OutboxKind::card_picked_up;
    Nik nik;
    int slot = 0;
};

// For staff, via the management interface. Carries no personal data.
enum class AlertReason {
    chip_mismatch,  // the card in the slot is not the resident's
    chip_forged,
    chip_cloned,
    chip_unreadable,  // unreadable, removed or not an e-KTP at the read position
    fetch_failed,
    present_failed,
    capture_failed,
    dispenser_silent,  // no answer before the deadline
    journal_failed,    // a pickup journal write failed or went unanswered; the journal may lag the card
};
struct AlertOperator {
    AlertReason reason = AlertReason::fetch_failed;
    int slot = 0;
};

// The lock book changed: the application persists SessionMachine::lock_book().entries().
struct PersistLockBook {};

// Clear the NIK, record, templates and typed digits from memory and screen (the machine has already
// cleared its own copy when it emits this).
struct WipeSession {};

using Command = std::variant<LookupRecord, VerifyFingerprint, CancelFingerprint, JournalPickupIntent, FetchSlot,
                             ReadChipAtReadPosition, PresentCard, CaptureCard, JournalPickupStep, JournalPickupDone,
                             JournalCaptured, JournalPickupAborted, RecordStatus, EmitOutboxEvent, AlertOperator,
                             PersistLockBook, WipeSession>;
using Commands = std::vector<Command>;

}  // namespace kiosk::core::session
