// Commands out of the staff machine: work for the application's devices and store.
//
// Contract for the application (as for the session machine, session_commands.hpp): execute the
// commands of one handle() call in order. Every command with a RequestId gets exactly one answering
// event with that id (or none: the machine then gives up at its own deadline). A store command may
// fail with StoreRequestFailed{request} instead of its own answer. Journal writes are one store
// transaction each with synchronous=FULL and run in the order emitted.
//
// Card movements are guarded by the journals:
//   - the load journal's intent is confirmed before StoreCardInSlot (a card is never put into a slot
//     the journal does not name), and the load is done only in JournalLoadDone's one transaction;
//   - the pickup journal (purpose 'return') has the intent and every step confirmed before
//     PresentToStaff, and the chip at the read position is the record's card.
//
// Audit: the commands that change a record in one store transaction write their own audit row, with
// the staff id they carry (JournalLoadDone, JournalReturned, JournalReturnCaptured, RecordBinEmptied,
// Resolve, SetInService). AuditStaff covers every other staff action. No command but VerifyStaffPin
// carries the PIN; no audit detail carries a PIN or an unmasked NIK.
#pragma once

#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/staff/staff_events.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk::core::staff {

// Reused: CaptureCard{request} sends whatever card is in the card path to the capture bin, answered
// by CardCaptured. CaptureReason names why, in the pickup journal's codes.
using session::CaptureCard;
using session::CaptureReason;
using session::PickupStep;

// ================================================================ entering and leaving

// Answered by StaffLookedUp (only ACTIVE staff are found).
struct LookupStaff {
    RequestId request = 0;
    std::string card_serial;
};
// VERIFY on the staff card at the front reader; answered by StaffPinChecked. The PIN lives in this
// command only: the machine forgets the digits when it sends it, and no log, view or audit has them.
struct VerifyStaffPin {
    RequestId request = 0;
    std::string pin;
};

enum class StaffAction {
    login,
    pin_wrong,
    pin_blocked,
    logout,
    card_refused,     // restock: a card went back out at the mouth (detail: the refusal's code)
    card_captured,    // restock or take back: a card went to the bin (detail: why)
    slot_blocked,     // a slot was marked FAULT (detail: slot and why)
    return_failed,    // take back: a card could not be taken back (detail: slot and why)
    self_test,        // detail: the failed devices, or "ok"
    inventory_audit,  // detail: mismatches and repaired
};
// The audit log's action names: "staff.login", "staff.pin_wrong", ...
[[nodiscard]] constexpr std::string_view staff_action_code(StaffAction action) {
    switch (action) {
        case StaffAction::login: return "staff.login";
        case StaffAction::pin_wrong: return "staff.pin_wrong";
        case StaffAction::pin_blocked: return "staff.pin_blocked";
        case StaffAction::logout: return "staff.logout";
        case StaffAction::card_refused: return "staff.card_refused";
        case StaffAction::card_captured: return "staff.card_captured";
        case StaffAction::slot_blocked: return "staff.slot_blocked";
        case StaffAction::return_failed: return "staff.return_failed";
        case StaffAction::self_test: return "staff.self_test";
        case StaffAction::inventory_audit: return "staff.inventory_audit";
    }
    return "staff.login";
}
inline constexpr std::array kAllStaffActions = {
    StaffAction::login,        StaffAction::pin_wrong,      StaffAction::pin_blocked,  StaffAction::logout,
    StaffAction::card_refused, StaffAction::card_captured,  StaffAction::slot_blocked, StaffAction::return_failed,
    StaffAction::self_test,    StaffAction::inventory_audit};
// One audit row. `staff_id` is the signed-in member's (or, for pin_wrong and pin_blocked, the
// member the card belongs to). `detail` is fixed codes and numbers only: slot numbers (from 1),
// reason codes, counts; never a PIN or an unmasked NIK.
// A card that went to the capture bin with no journal entry to record it (a refused card not taken
// back at the mouth, a card the dispenser could not carry in): what the chip said, where it was read.
struct BinEntry {
    std::optional<Nik> nik;                  // for the staff's bin screen, which masks it
    std::optional<std::string> card_serial;  // nullopt: the chip was never read
    std::string reason;                      // a code: a LoadRefusal's wire code, dispenser_fault
    friend bool operator==(const BinEntry&, const BinEntry&) = default;
};
// With `captured`, the capture bin's list gains that card in the same transaction as the audit row
// (store/capture_bin.hpp: every capture is listed).
struct AuditStaff {
    std::string staff_id;
    StaffAction action = StaffAction::login;
    std::string detail;
    std::optional<BinEntry> captured;
};

// Staff mode is over: the application shows the attract screen again and lets residents in. Emitted
// exactly once per StaffCardPresented that the machine took, when it is back at rest (no card
// between the mouth and a slot, the mouth closed).
struct EndStaffMode {};

// ================================================================ menu

// Answered by StaffOverview.
struct ReadStaffOverview {
    RequestId request = 0;
};

// ================================================================ restock

// The dispenser opens its mouth to accept cards; answered by LoadingReady.
struct BeginLoading {
    RequestId request = 0;
};
// Wait up to `wait` for a card at the mouth and carry it to the read position; answered by
// CardInserted (none after the wait).
struct AwaitInsertedCard {
    RequestId request = 0;
    Millis wait{0};
};
// Close the mouth; answered by LoadingStopped.
struct StopLoading {
    RequestId request = 0;
};
// Read the chip at the read position; answered by LoadChipRead.
struct ReadChipForLoad {
    RequestId request = 0;
};
// May this card be loaded, and into which free slot? Answered by LoadChecked.
struct CheckLoadable {
    RequestId request = 0;
    Nik nik;
    std::string card_serial;
};
// The load journal's intent, committed before the card moves toward the slot; answered by
// LoadJournaled. Names this load: every later write of it carries `load` = this request's id.
struct JournalLoadIntent {
    RequestId request = 0;
    Nik nik;
    std::string card_serial;
    int slot = 0;  // from 1
    std::string staff_id;
};
// Store the card at the read position into `slot`; answered by CardStoredInSlot.
struct StoreCardInSlot {
    RequestId request = 0;
    int slot = 0;
};
// The store move's reply was ok and the inventory agrees: the load journal's `stored` step.
// Answered by LoadJournaled.
struct JournalLoadStored {
    RequestId request = 0;
    RequestId load = 0;  // the intent's request
    int slot = 0;
};
// One transaction: slot LOADED (serial, nik, loaded_at), record PRINTED -> IN_KIOSK with slot, card
// serial and pickup deadline, outbox card.loaded, audit row with the staff id, journal entry done.
// Answered by LoadJournaled.
struct JournalLoadDone {
    RequestId request = 0;
    RequestId load = 0;
    int slot = 0;
    std::string staff_id;
};
// Why a journaled load did not end in the slot.
enum class LoadAbortReason {
    returned,  // the card went back out at the mouth and staff took it
    captured,  // the card went to the capture bin
};
[[nodiscard]] constexpr std::string_view load_abort_reason_code(LoadAbortReason reason) {
    switch (reason) {
        case LoadAbortReason::returned: return "returned";
        case LoadAbortReason::captured: return "captured";
    }
    return "returned";
}
// Close a journaled load that did not put the card into its slot: the record stays PRINTED, the
// slot keeps what it had. Answered by LoadJournaled.
struct JournalLoadAborted {
    RequestId request = 0;
    RequestId load = 0;
    int slot = 0;
    LoadAbortReason reason = LoadAbortReason::returned;
};
// Carry the card at the read position out to the mouth and wait up to `take_timeout` for staff to
// take it; answered by CardReturnedToMouth.
struct ReturnCardToMouth {
    RequestId request = 0;
    Millis take_timeout{0};
};
// Why a slot is blocked.
enum class SlotFaultReason {
    inventory_mismatch,  // the dispenser's inventory disagrees with the store after a store move
    slot_occupied,       // the dispenser found a card in a slot the store had free
    store_move_failed,   // the store move failed: where the card is is unknown
    journal_failed,      // the card is in the slot but the load's done was not confirmed
};
[[nodiscard]] constexpr std::string_view slot_fault_reason_code(SlotFaultReason reason) {
    switch (reason) {
        case SlotFaultReason::inventory_mismatch: return "inventory_mismatch";
        case SlotFaultReason::slot_occupied: return "slot_occupied";
        case SlotFaultReason::store_move_failed: return "store_move_failed";
        case SlotFaultReason::journal_failed: return "journal_failed";
    }
    return "inventory_mismatch";
}
// Mark `slot` FAULT in the store (no pickup and no load uses it until an operator resolves it) and
// flag any open load entry of the slot for an operator check. Answered by SlotFaultMarked.
struct MarkSlotFault {
    RequestId request = 0;
    int slot = 0;
    SlotFaultReason reason = SlotFaultReason::inventory_mismatch;
};

// ================================================================ take back

// Answered by UncollectedListed.
struct ListUncollected {
    RequestId request = 0;
};
// The pickup journal's intent with purpose 'return', before the card leaves its slot; answered by
// ReturnJournaled. Names this return: every later write of it carries `ret` = this request's id.
struct JournalReturnIntent {
    RequestId request = 0;
    Nik nik;
    int slot = 0;
    std::string staff_id;
};
// Bring the slot's card to the read position; answered by FetchedForReturn.
struct FetchForReturn {
    RequestId request = 0;
    int slot = 0;
};
// Read the chip at the read position; answered by ReturnChipRead.
struct ReadChipForReturn {
    RequestId request = 0;
};
// A step of the return's pickup-journal entry (fetched, chip_verified, presenting, as a pickup's);
// answered by ReturnJournaled. `presenting` is confirmed before PresentToStaff.
struct JournalReturnStep {
    RequestId request = 0;
    RequestId ret = 0;
    Nik nik;
    int slot = 0;
    PickupStep step = PickupStep::fetched;
};
// Present the card at the mouth to staff, waiting up to `take_timeout`; answered by
// CardPresentedToStaff.
struct PresentToStaff {
    RequestId request = 0;
    Millis take_timeout{0};
};
// One transaction: record RETURNED, slot cleared, outbox card.returned, audit row with the staff id,
// journal entry closed. Answered by ReturnJournaled.
struct JournalReturned {
    RequestId request = 0;
    RequestId ret = 0;
    Nik nik;
    int slot = 0;
    std::string staff_id;
};
// The return's card went to the bin: journal entry closed captured (with the pickup journal's reason
// code), record CAPTURED, slot cleared, outbox card.captured, audit row. Answered by ReturnJournaled.
struct JournalReturnCaptured {
    RequestId request = 0;
    RequestId ret = 0;
    Nik nik;
    int slot = 0;
    CaptureReason reason = CaptureReason::chip_mismatch;
    std::string staff_id;
};
// The return stopped before a card left the slot (the fetch found nothing, or the intent went
// unconfirmed). Answered by ReturnJournaled.
struct JournalReturnAborted {
    RequestId request = 0;
    RequestId ret = 0;
    Nik nik;
    int slot = 0;
};

// ================================================================ capture bin

// Answered by BinListed.
struct ListBin {
    RequestId request = 0;
};
// Reset the dispenser's bin counter to 0; answered by BinCounterReset.
struct ResetBinCounter {
    RequestId request = 0;
};
// Audit row (bin emptied, with the count before the reset) and the listed items marked cleared, in
// one transaction; answered by BinEmptiedRecorded.
struct RecordBinEmptied {
    RequestId request = 0;
    std::string staff_id;
    int count = 0;
};

// ================================================================ operator checks

// Answered by ChecksListed.
struct ListChecks {
    RequestId request = 0;
};
// Settle an operator check; the record, slot, outbox and an audit row follow in one transaction
// (CheckResolution says which). Answered by Resolved.
struct Resolve {
    RequestId request = 0;
    std::int64_t entry_id = 0;
    CheckResolution resolution = CheckResolution::taken;
    std::string staff_id;
    CheckJournal journal = CheckJournal::pickup;  // which journal's entry `entry_id` is
};

// ================================================================ service

// Out of service with a reason, or back in service; an audit row with the staff id. Answered by
// InServiceSet.
struct SetInService {
    RequestId request = 0;
    bool in_service = true;
    std::optional<ServiceReason> reason;  // set exactly when going out of service
    std::string staff_id;
};
// Answered by SelfTestDone.
struct RunSelfTest {
    RequestId request = 0;
};
// Compare the store's slots with the dispenser's inventory and repair drift; answered by
// InventoryAudited.
struct AuditInventory {
    RequestId request = 0;
};

using Command =
    std::variant<LookupStaff, VerifyStaffPin, AuditStaff, EndStaffMode, ReadStaffOverview, BeginLoading,
                 AwaitInsertedCard, StopLoading, ReadChipForLoad, CheckLoadable, JournalLoadIntent, StoreCardInSlot,
                 JournalLoadStored, JournalLoadDone, JournalLoadAborted, ReturnCardToMouth, CaptureCard, MarkSlotFault,
                 ListUncollected, JournalReturnIntent, FetchForReturn, ReadChipForReturn, JournalReturnStep,
                 PresentToStaff, JournalReturned, JournalReturnCaptured, JournalReturnAborted, ListBin, ResetBinCounter,
                 RecordBinEmptied, ListChecks, Resolve, SetInService, RunSelfTest, AuditInventory>;
using Commands = std::vector<Command>;

}  // namespace kiosk::core::staff
