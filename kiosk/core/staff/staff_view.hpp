// StaffView: what the staff screens show, as data. The UI renders it (texts in id/en live in the
// UI's catalogue); the machine never formats sentences.
//
// Privacy contract: a view carries NIKs only masked (Nik::masked(): "1403 •••• •••• 0001"), and
// the PIN screen carries only how many digits were typed, never the digits.
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/core/staff/staff_events.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::core::staff {

// Reused: the idle warning overlay ("more time"), as the resident's.
using session::IdleWarning;

// What went wrong with the store or a device, where a screen reports it.
enum class StaffProblem {
    store_failed,      // the store answered with a failure
    store_silent,      // the store did not answer in time
    dispenser_fault,   // the dispenser reported a failure
    dispenser_silent,  // the dispenser did not answer in time
    journal_failed,    // a journal write failed or went unanswered: the card was kept safe, the task stopped
    capture_failed,    // a card could not be sent to the bin: staff must look
    reader_silent,     // the card reader (VERIFY or a chip read) did not answer in time
    device_silent,     // a self-test or an inventory audit did not finish in time
};

// ================================================================ not in staff mode

// The machine is at rest: the application shows the resident's screens.
struct NotInStaffMode {
    friend bool operator==(const NotInStaffMode&, const NotInStaffMode&) = default;
};

// ================================================================ entering

// The staff card is being looked up in the roster.
struct CheckingStaffCardScreen {
    friend bool operator==(const CheckingStaffCardScreen&, const CheckingStaffCardScreen&) = default;
};

enum class StaffRefusal {
    not_registered,  // no active staff member has this card (or it has no serial)
    pin_blocked,     // the card's PIN is blocked
    unavailable,     // the store or the reader failed: try again later
};
// Shown until the card is removed or a few seconds pass.
struct StaffRefusedScreen {
    StaffRefusal reason = StaffRefusal::not_registered;
    friend bool operator==(const StaffRefusedScreen&, const StaffRefusedScreen&) = default;
};

struct PinEntryScreen {
    std::string display_name;     // the staff member the card belongs to
    std::size_t digit_count = 0;  // one dot per digit; the digits themselves never leave the machine
    int min_digits = 4;
    int max_digits = 12;
    bool too_short = false;                  // submitted with fewer than min_digits
    bool checking = false;                   // VERIFY is under way
    std::optional<PinOutcome> last_outcome;  // wrong ("wrong PIN") or unreadable ("try again")
    std::optional<int> tries_left;           // as the card last reported it
    std::optional<StaffProblem> problem;     // reader_silent: the last VERIFY went unanswered
    friend bool operator==(const PinEntryScreen&, const PinEntryScreen&) = default;
};

// ================================================================ menu

struct MenuScreen {
    std::optional<OverviewFigures> overview;  // nullopt until read (or when the read failed)
    bool loading = false;                     // the overview is being read
    std::optional<StaffProblem> problem;      // why the figures are missing
    friend bool operator==(const MenuScreen&, const MenuScreen&) = default;
};

// ================================================================ restock

enum class RestockPhase {
    opening,           // BeginLoading under way
    waiting_for_card,  // the mouth is open: feed one card
    reading_card,      // the card is at the read position, its chip is read
    checking_card,     // the store checks it and picks a slot
    storing,           // journaled and moving into its slot (and the journal's stored/done)
    returning_card,    // refused: waiting at the mouth for staff to take it (take_time_left)
    capturing_card,    // not taken (or in doubt): going to the bin
    blocking_slot,     // a slot disagreed with the inventory: marking it FAULT
    stopping,          // closing the mouth
    stopped,           // the mouth is closed: Back to the menu (or a problem says why)
};
// The magazine's fill: slots holding a card of all slots.
struct MagazineFill {
    int slots_loaded = 0;
    int slots_total = 0;
    friend bool operator==(const MagazineFill&, const MagazineFill&) = default;
};
struct RestockScreen {
    RestockPhase phase = RestockPhase::opening;
    int loaded = 0;                           // this visit
    int refused = 0;                          // this visit: went back out at the mouth or to the bin
    std::optional<MagazineFill> fill;         // nullopt when the overview could not be read
    std::optional<LoadRefusal> last_refusal;  // shown in plain words until the next card is read
    std::optional<int> last_loaded_slot;      // from 1
    std::vector<int> blocked_slots;           // slots blocked this visit (inventory mismatch, found occupied,
                                              // a failed store move or journal write), from 1
    bool stop_requested = false;              // Done pressed: stopping after the current card
    Millis take_time_left{0};                 // during returning_card
    std::optional<StaffProblem> problem;      // why loading stopped or could not start
    friend bool operator==(const RestockScreen&, const RestockScreen&) = default;
};

// ================================================================ take back

struct UncollectedRow {
    int slot = 0;  // from 1
    std::string nik_masked;
    std::int64_t deadline_s = 0;
    friend bool operator==(const UncollectedRow&, const UncollectedRow&) = default;
};
enum class TakeBackPhase {
    loading,        // listing the uncollected cards
    list,           // the list: "Take back" takes every card in it
    fetching,       // the current card: journaled and brought to the read position
    checking_card,  // its chip is read and its journal steps written
    take_card,      // at the mouth: take it (take_time_left)
    capturing,      // not taken or not the record's card: going to the bin
    finished,       // every listed card handled (or the task stopped: problem says why)
};
// Why the current (or last) card of a take-back was not returned.
enum class TakeBackIssue {
    slot_empty,       // the slot held no card: the record is flagged for an operator
    chip_mismatch,    // the card in the slot is not the record's: captured
    chip_refused,     // its chip did not authenticate: captured
    not_taken,        // not taken at the mouth in time: captured
    dispenser_fault,  // captured (or, if the capture failed too, problem says so)
    journal_failed,   // a journal step was not confirmed: captured, never presented
};
struct TakeBackScreen {
    TakeBackPhase phase = TakeBackPhase::loading;
    std::vector<UncollectedRow> items;      // not yet handled, in the order they are taken
    std::optional<UncollectedRow> current;  // the card in hand
    int returned = 0;
    int captured = 0;
    std::optional<TakeBackIssue> last_issue;
    Millis take_time_left{0};             // during take_card
    bool stop_requested = false;          // Back/Exit pressed: stopping after the current card
    std::optional<StaffProblem> problem;  // why the task stopped
    friend bool operator==(const TakeBackScreen&, const TakeBackScreen&) = default;
};

// ================================================================ capture bin

struct BinRow {
    std::string card_serial;  // empty where unknown
    std::string nik_masked;   // empty where unknown
    std::string reason_code;
    std::int64_t at_s = 0;
    friend bool operator==(const BinRow&, const BinRow&) = default;
};
enum class BinPhase {
    loading,    // listing
    list,       // the count, capacity and the cards: "Bin emptied"
    confirm,    // "has the bin been emptied?" ConfirmPressed / BackPressed
    resetting,  // the counter is reset and the emptying recorded
    emptied,    // done: the count is 0
};
struct CaptureBinScreen {
    BinPhase phase = BinPhase::loading;
    int count = 0;
    int capacity = 0;
    std::vector<BinRow> items;
    std::optional<StaffProblem> problem;
    friend bool operator==(const CaptureBinScreen&, const CaptureBinScreen&) = default;
};

// ================================================================ operator checks

struct CheckRow {
    std::int64_t entry_id = 0;
    CheckJournal journal = CheckJournal::pickup;
    int slot = 0;            // from 1
    std::string nik_masked;  // empty where unknown
    std::string journal_state;
    std::string reason;
    std::int64_t at_s = 0;
    std::optional<bool> slot_sensor_occupied;
    friend bool operator==(const CheckRow&, const CheckRow&) = default;
};
enum class ChecksPhase {
    loading,    // listing
    list,       // choose a check and a resolution
    confirm,    // "the card was taken / is in the bin / is in its slot?" ConfirmPressed / BackPressed
    resolving,  // the resolution is written
};
// The chosen (or just written) resolution of a check.
struct ChosenResolution {
    std::int64_t entry_id = 0;
    CheckResolution resolution = CheckResolution::taken;
    friend bool operator==(const ChosenResolution&, const ChosenResolution&) = default;
};
struct OperatorChecksScreen {
    ChecksPhase phase = ChecksPhase::loading;
    std::vector<CheckRow> items;
    std::optional<ChosenResolution> chosen;         // during confirm and resolving
    std::optional<ChosenResolution> last_resolved;  // the last one written, until the next choice
    std::optional<StaffProblem> problem;
    friend bool operator==(const OperatorChecksScreen&, const OperatorChecksScreen&) = default;
};

// ================================================================ service

enum class ServicePhase {
    ready,         // choose: out of service (with a reason) / back in service / self-test / inventory audit
    setting,       // the service state is written
    self_testing,  // every device is exercised
    auditing,      // the store and the dispenser are compared
};
struct InventoryAuditResult {
    int mismatches = 0;
    int repaired = 0;
    friend bool operator==(const InventoryAuditResult&, const InventoryAuditResult&) = default;
};
struct ServiceScreen {
    ServicePhase phase = ServicePhase::ready;
    std::optional<bool> in_service;                          // as last read or set; nullopt: not known
    std::optional<ServiceReason> reason;                     // set by this visit's "out of service"
    std::optional<std::vector<DeviceTestResult>> self_test;  // the last self-test's results
    std::optional<InventoryAuditResult> audit;               // the last inventory audit's result
    std::optional<StaffProblem> problem;
    friend bool operator==(const ServiceScreen&, const ServiceScreen&) = default;
};

using StaffScreen =
    std::variant<NotInStaffMode, CheckingStaffCardScreen, StaffRefusedScreen, PinEntryScreen, MenuScreen, RestockScreen,
                 TakeBackScreen, CaptureBinScreen, OperatorChecksScreen, ServiceScreen>;

// The signed-in staff member, shown in every screen's header after the PIN was accepted.
struct SignedInStaff {
    std::string display_name;
    StaffRole role = StaffRole::operator_;
    friend bool operator==(const SignedInStaff&, const SignedInStaff&) = default;
};

struct StaffView {
    StaffScreen screen;
    Language language = Language::id;
    std::optional<SignedInStaff> signed_in;
    std::optional<IdleWarning> idle_warning;
    // Staff mode is ending (Exit, card removed or idle): the card in motion finishes, then the mouth
    // closes and staff mode ends. Every input but the language is ignored meanwhile.
    bool ending = false;
    bool exit_available = false;  // false at rest and while ending
    bool back_available = false;  // Back goes somewhere now (no card in motion)
    friend bool operator==(const StaffView&, const StaffView&) = default;
};

}  // namespace kiosk::core::staff
