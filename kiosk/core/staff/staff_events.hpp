// Events into the staff machine: the staff member's input, the answers of the store and the devices,
// and time.
//
// Every event is handed in with the time it happened (StaffMachine::handle(now, event)); Tick carries
// nothing else and only lets time pass. Result events echo the RequestId of the command they answer;
// a result for any other request is stale and ignored. The session's vocabulary is reused where it
// fits (kiosk/core/session/session_types.hpp, session_events.hpp): time, request ids, chips and their
// refusals, the dispenser's outcomes, and the events Tick, MoreTime, LanguageSelected and CardCaptured.
//
// Personal data: the NIKs in the store's lists (UncollectedCard, BinCard, OperatorCheck) enter the
// machine whole, because a take-back must journal and check the exact card; views carry them only
// masked (staff_view.hpp).
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_types.hpp"
#include "kiosk/core/staff/staff_role.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk::core::staff {

using session::AuthenticatedChip;
using session::ChipRefusal;
using session::DispenserOutcome;
using session::Instant;
using session::Millis;
using session::RequestId;
using session::TakeOutcome;

// Reused events: Tick lets time pass; MoreTime answers the idle warning (any input also counts);
// LanguageSelected switches the screens' language; CardCaptured answers CaptureCard.
using session::CardCaptured;
using session::LanguageSelected;
using session::MoreTime;
using session::Tick;

// ================================================================ entering and leaving

// An authenticated staff-role card at the front reader (issuer signature and a fresh chip challenge
// already checked by the card driver). The application hands it over only while the resident's
// session machine is idle (attract or out of service).
struct StaffCardPresented {
    AuthenticatedChip chip;  // chip.card_serial identifies the staff member; without one: not_registered
};
// The staff card left the front reader. Ends staff mode (after any card movement under way).
struct StaffCardRemoved {};

// An active member of staff, as the store's roster holds them.
struct StaffIdentity {
    std::string staff_id;
    std::string display_name;
    StaffRole role = StaffRole::operator_;
    friend bool operator==(const StaffIdentity&, const StaffIdentity&) = default;
};
// Answers LookupStaff. nullopt: no ACTIVE staff member has this card.
struct StaffLookedUp {
    RequestId request = 0;
    std::optional<StaffIdentity> staff;
};

// The PIN keypad (touch or physical keys).
struct PinDigit {
    char digit = '0';
};
struct PinBackspace {};
struct PinClear {};
struct PinSubmit {};

// What the card said to VERIFY.
enum class PinOutcome {
    accepted,
    wrong,       // tries_left says how many remain
    blocked,     // no tries left (or the card was blocked already)
    removed,     // the card left the reader during VERIFY
    unreadable,  // no answer or a broken one: type the PIN again
};
[[nodiscard]] constexpr std::string_view pin_outcome_code(PinOutcome outcome) {
    switch (outcome) {
        case PinOutcome::accepted: return "accepted";
        case PinOutcome::wrong: return "wrong";
        case PinOutcome::blocked: return "blocked";
        case PinOutcome::removed: return "removed";
        case PinOutcome::unreadable: return "unreadable";
    }
    return "unreadable";
}
inline constexpr std::array kAllPinOutcomes = {PinOutcome::accepted, PinOutcome::wrong, PinOutcome::blocked,
                                               PinOutcome::removed, PinOutcome::unreadable};
// Answers VerifyStaffPin.
struct StaffPinChecked {
    RequestId request = 0;
    PinOutcome outcome = PinOutcome::unreadable;
    std::optional<int> tries_left;  // as the card reports it, where it does
};

// "Keluar / Exit": ends staff mode (after any card movement under way).
struct ExitPressed {};
// Back from a task's screen to the menu, or from a confirmation to its list. Ignored while a card
// moves (the task finishes its card first).
struct BackPressed {};
// "Yes" on a confirmation (bin emptied, an operator check's resolution).
struct ConfirmPressed {};

// ================================================================ store answers shared by every task

// The store could not answer a read or a write (any command with a RequestId answered by the store:
// LookupStaff, ReadStaffOverview, CheckLoadable, the lists, the journal writes, Resolve, ...). The
// same as the answer's own failure (`ok = false`) where the answer has one.
struct StoreRequestFailed {
    RequestId request = 0;
};

// ================================================================ the menu

enum class StaffTask { restock, take_back, capture_bin, operator_checks, service };
inline constexpr std::array kAllStaffTasks = {StaffTask::restock, StaffTask::take_back, StaffTask::capture_bin,
                                              StaffTask::operator_checks, StaffTask::service};
// A tile of the menu.
struct TaskChosen {
    StaffTask task = StaffTask::restock;
};

// The menu's figures, from the store (and the dispenser's bin counter, as the store last saw it).
struct OverviewFigures {
    int slots_total = 0;
    int slots_loaded = 0;
    int slots_free = 0;
    int slots_fault = 0;
    int uncollected = 0;  // IN_KIOSK past their pickup deadline
    int bin_count = 0;
    int bin_capacity = 0;
    int checks = 0;  // open operator checks
    bool in_service = true;
    friend bool operator==(const OverviewFigures&, const OverviewFigures&) = default;
};
// Answers ReadStaffOverview.
struct StaffOverview {
    RequestId request = 0;
    OverviewFigures figures;
};

// ================================================================ restock

// "Selesai / Done": stop loading after the card in the machine (if any) is settled.
struct LoadingDonePressed {};

// Answers BeginLoading: the dispenser opened its mouth for cards (ok) or could not.
struct LoadingReady {
    RequestId request = 0;
    bool ok = false;
};
enum class InsertOutcome {
    arrived,  // a card was taken in and carried to the read position
    none,     // no card within the wait
    fault,    // the dispenser failed (jam, sensor): a card may be inside
};
// Answers AwaitInsertedCard.
struct CardInserted {
    RequestId request = 0;
    InsertOutcome outcome = InsertOutcome::fault;
};
// Answers StopLoading: the mouth is closed.
struct LoadingStopped {
    RequestId request = 0;
};
// Answers ReadChipForLoad: the chip of the card at the read position.
struct LoadChipRead {
    RequestId request = 0;
    std::optional<AuthenticatedChip> chip;
    ChipRefusal refusal = ChipRefusal::unreadable;  // why not, when chip is empty
};

// Why a card is not loaded. The first five come from the store (CheckLoadable); forged, cloned,
// unreadable and not_a_card from the chip read; the rest from the machine itself (the card goes back
// out at the mouth with this reason).
enum class LoadRefusal {
    no_record,          // no record has this NIK
    wrong_status,       // the record is not PRINTED
    already_in_kiosk,   // the record is IN_KIOSK already (this card or another)
    duplicate_serial,   // another record or slot holds a card with this serial
    magazine_full,      // no free slot
    forged,             // the security object's signature failed
    cloned,             // the chip's internal authentication failed
    unreadable,         // no answer, a broken answer, or the card left the field mid-read
    not_a_card,         // not an e-KTP (or one without a card serial)
    slot_problem,       // the chosen slot was found holding a card: the slot is blocked, the card comes back out
    journal_failed,     // the load journal's intent was not confirmed: nothing was stored
    store_unavailable,  // the store could not check the card (failed or silent): loading stops after it
};
[[nodiscard]] constexpr std::string_view load_refusal_code(LoadRefusal refusal) {
    switch (refusal) {
        case LoadRefusal::no_record: return "no_record";
        case LoadRefusal::wrong_status: return "wrong_status";
        case LoadRefusal::already_in_kiosk: return "already_in_kiosk";
        case LoadRefusal::duplicate_serial: return "duplicate_serial";
        case LoadRefusal::magazine_full: return "magazine_full";
        case LoadRefusal::forged: return "forged";
        case LoadRefusal::cloned: return "cloned";
        case LoadRefusal::unreadable: return "unreadable";
        case LoadRefusal::not_a_card: return "not_a_card";
        case LoadRefusal::slot_problem: return "slot_problem";
        case LoadRefusal::journal_failed: return "journal_failed";
        case LoadRefusal::store_unavailable: return "store_unavailable";
    }
    return "unreadable";
}
inline constexpr std::array kAllLoadRefusals = {
    LoadRefusal::no_record,        LoadRefusal::wrong_status,   LoadRefusal::already_in_kiosk,
    LoadRefusal::duplicate_serial, LoadRefusal::magazine_full,  LoadRefusal::forged,
    LoadRefusal::cloned,           LoadRefusal::unreadable,     LoadRefusal::not_a_card,
    LoadRefusal::slot_problem,     LoadRefusal::journal_failed, LoadRefusal::store_unavailable};

// Answers CheckLoadable: a free slot (counting from 1, kiosk/core/slot_number.hpp) for a loadable
// card, or why it is not loadable. Exactly one of the two is set; neither counts as a failure.
struct LoadChecked {
    RequestId request = 0;
    std::optional<int> slot;
    std::optional<LoadRefusal> refusal;
};
// Answers JournalLoadIntent, JournalLoadStored, JournalLoadDone and JournalLoadAborted: ok once the
// write is durable; false when the store failed or refused it.
struct LoadJournaled {
    RequestId request = 0;
    bool ok = false;
};
enum class StoreMoveOutcome {
    ok,             // the card went into the slot
    slot_occupied,  // the dispenser found the slot holding a card already: the card is still at the read position
    fault,          // jam or failure: the card may be anywhere in the transport
};
// Answers StoreCardInSlot. `inventory_agrees`: the dispenser's inventory, read after the move, shows
// the slot occupied and every other slot as the store has it. false: the slot is blocked.
struct CardStoredInSlot {
    RequestId request = 0;
    StoreMoveOutcome outcome = StoreMoveOutcome::fault;
    bool inventory_agrees = false;
};
// Answers ReturnCardToMouth: the refused card at the mouth was taken by staff, not taken in time
// (then it is captured), or the dispenser failed.
struct CardReturnedToMouth {
    RequestId request = 0;
    TakeOutcome outcome = TakeOutcome::fault;
};
// Answers MarkSlotFault.
struct SlotFaultMarked {
    RequestId request = 0;
    bool ok = false;
};

// ================================================================ take back (uncollected cards)

// An IN_KIOSK card past its pickup deadline, as the store lists it.
struct UncollectedCard {
    Nik nik;
    int slot = 0;                            // from 1
    std::optional<std::string> card_serial;  // the record's card serial, where known: the chip must match
    std::int64_t deadline_s = 0;             // the pickup deadline, Unix seconds
};
// Answers ListUncollected.
struct UncollectedListed {
    RequestId request = 0;
    std::vector<UncollectedCard> items;
};
// "Ambil kembali / Take back": every listed card, in turn, to the mouth.
struct TakeBackPressed {};
// Answers JournalReturnIntent, JournalReturnStep, JournalReturned, JournalReturnCaptured and
// JournalReturnAborted: ok once the write is durable.
struct ReturnJournaled {
    RequestId request = 0;
    bool ok = false;
};
// Answers FetchForReturn: the slot's card at the read position (ok), the slot found empty, or a fault.
struct FetchedForReturn {
    RequestId request = 0;
    DispenserOutcome outcome = DispenserOutcome::fault;
};
// Answers ReadChipForReturn.
struct ReturnChipRead {
    RequestId request = 0;
    std::optional<AuthenticatedChip> chip;
    ChipRefusal refusal = ChipRefusal::unreadable;
};
// Answers PresentToStaff.
struct CardPresentedToStaff {
    RequestId request = 0;
    TakeOutcome outcome = TakeOutcome::fault;
};

// ================================================================ capture bin

// A captured card in the bin, as the store recorded it.
struct BinCard {
    std::optional<std::string> card_serial;
    std::optional<Nik> nik;   // where the card's record is known
    std::string reason_code;  // the capture's reason (session::capture_reason_code, or the load's)
    std::int64_t at_s = 0;    // when, Unix seconds
};
// Answers ListBin.
struct BinListed {
    RequestId request = 0;
    int count = 0;  // the dispenser's bin counter
    int capacity = 0;
    std::vector<BinCard> items;
};
// "Bin emptied" (then ConfirmPressed).
struct BinEmptiedPressed {};
// Answers ResetBinCounter.
struct BinCounterReset {
    RequestId request = 0;
    bool ok = false;
};
// Answers RecordBinEmptied.
struct BinEmptiedRecorded {
    RequestId request = 0;
    bool ok = false;
};

// ================================================================ operator checks

// Which journal left the entry for an operator.
enum class CheckJournal { pickup, load };
// An open journal entry that start-up reconciliation could not settle, with the facts it had.
struct OperatorCheck {
    std::int64_t entry_id = 0;
    CheckJournal journal = CheckJournal::pickup;
    int slot = 0;                              // from 1
    std::optional<Nik> nik;                    // the entry's record, where known
    std::string journal_state;                 // the entry's last step, as the journal names it
    std::string reason;                        // reconciliation's fixed phrase (no personal data)
    std::int64_t at_s = 0;                     // when reconciliation flagged it, Unix seconds
    std::optional<bool> slot_sensor_occupied;  // the slot per the dispenser's inventory; nullopt: not read
};
// Answers ListChecks.
struct ChecksListed {
    RequestId request = 0;
    std::vector<OperatorCheck> items;
};
// What staff found where the card of a check is.
enum class CheckResolution {
    taken,    // the resident has it: PICKED_UP, slot cleared, outbox card.picked_up
    in_bin,   // it is in the capture bin: CAPTURED, slot cleared, outbox card.captured
    in_slot,  // it is back in its slot: slot LOADED again, record IN_KIOSK
};
[[nodiscard]] constexpr std::string_view check_resolution_code(CheckResolution resolution) {
    switch (resolution) {
        case CheckResolution::taken: return "taken";
        case CheckResolution::in_bin: return "in_bin";
        case CheckResolution::in_slot: return "in_slot";
    }
    return "taken";
}
inline constexpr std::array kAllCheckResolutions = {CheckResolution::taken, CheckResolution::in_bin,
                                                    CheckResolution::in_slot};
// A resolution chosen for a listed check (then ConfirmPressed).
struct ResolutionChosen {
    std::int64_t entry_id = 0;
    CheckResolution resolution = CheckResolution::taken;
};
// Answers Resolve.
struct Resolved {
    RequestId request = 0;
    bool ok = false;
};

// ================================================================ service

// Why the kiosk is out of service, chosen from a short fixed list (the management API maps these to
// CUSS reason codes).
enum class ServiceReason { maintenance, cleaning, hardware, stock };
[[nodiscard]] constexpr std::string_view service_reason_code(ServiceReason reason) {
    switch (reason) {
        case ServiceReason::maintenance: return "maintenance";
        case ServiceReason::cleaning: return "cleaning";
        case ServiceReason::hardware: return "hardware";
        case ServiceReason::stock: return "stock";
    }
    return "maintenance";
}
inline constexpr std::array kAllServiceReasons = {ServiceReason::maintenance, ServiceReason::cleaning,
                                                  ServiceReason::hardware, ServiceReason::stock};
// "Out of service" with a reason, or "back in service" (reason ignored).
struct ServiceChosen {
    bool in_service = false;
    ServiceReason reason = ServiceReason::maintenance;
};
// Answers SetInService.
struct InServiceSet {
    RequestId request = 0;
    bool ok = false;
};
struct SelfTestChosen {};
// The devices a self-test exercises.
enum class TestedDevice {
    fingerprint,           // handshake
    dispenser,             // initialize and sensors
    front_reader,          // the contactless reader residents and staff tap
    read_position_reader,  // the reader at the dispenser's read position
};
[[nodiscard]] constexpr std::string_view tested_device_code(TestedDevice device) {
    switch (device) {
        case TestedDevice::fingerprint: return "fingerprint";
        case TestedDevice::dispenser: return "dispenser";
        case TestedDevice::front_reader: return "front_reader";
        case TestedDevice::read_position_reader: return "read_position_reader";
    }
    return "dispenser";
}
inline constexpr std::array kAllTestedDevices = {TestedDevice::fingerprint, TestedDevice::dispenser,
                                                 TestedDevice::front_reader, TestedDevice::read_position_reader};
struct DeviceTestResult {
    TestedDevice device = TestedDevice::dispenser;
    std::optional<session::DeviceFault> fault;  // nullopt: passed
    friend bool operator==(const DeviceTestResult&, const DeviceTestResult&) = default;
};
// Answers RunSelfTest: one result per device tested.
struct SelfTestDone {
    RequestId request = 0;
    std::vector<DeviceTestResult> results;
};
struct InventoryAuditChosen {};
// Answers AuditInventory: the slots where the store and the dispenser disagreed, and how many of
// them the audit repaired (the rest are blocked for an operator).
struct InventoryAudited {
    RequestId request = 0;
    bool ok = false;
    int mismatches = 0;
    int repaired = 0;
};

using Event =
    std::variant<Tick, MoreTime, LanguageSelected, StaffCardPresented, StaffCardRemoved, StaffLookedUp, PinDigit,
                 PinBackspace, PinClear, PinSubmit, StaffPinChecked, ExitPressed, BackPressed, ConfirmPressed,
                 StoreRequestFailed, TaskChosen, StaffOverview, LoadingDonePressed, LoadingReady, CardInserted,
                 LoadingStopped, LoadChipRead, LoadChecked, LoadJournaled, CardStoredInSlot, CardReturnedToMouth,
                 CardCaptured, SlotFaultMarked, UncollectedListed, TakeBackPressed, ReturnJournaled, FetchedForReturn,
                 ReturnChipRead, CardPresentedToStaff, BinListed, BinEmptiedPressed, BinCounterReset,
                 BinEmptiedRecorded, ChecksListed, ResolutionChosen, Resolved, ServiceChosen, InServiceSet,
                 SelfTestChosen, SelfTestDone, InventoryAuditChosen, InventoryAudited>;

}  // namespace kiosk::core::staff
