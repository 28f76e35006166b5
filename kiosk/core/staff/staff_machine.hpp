// StaffMachine: staff mode at the kiosk as a pure state machine, in the image of SessionMachine
// (kiosk/core/session/session_machine.hpp). Events in (with the time they happened); commands out
// (for the application's devices and store); view() says what to show. No I/O, no clock reads.
//
//   IDLE --StaffCardPresented--> LOOKING_UP --found--> PIN_ENTRY <--wrong / unreadable--+
//    ^                              | not found / no serial / store down     |           |
//    |                              v                                        v submit    |
//    +--- removed / timed ------ REFUSED <--------- blocked ---------- VERIFYING_PIN ----+
//    |                                                                       | accepted
//    |                                                                       v
//    +--- EndStaffMode <-- (ending: Exit / card removed / idle timeout) -- MENU <--Back--+
//                          waits for the card in motion, then closes          |          |
//                                                                TaskChosen   v          |
//                                       RESTOCK | TAKE_BACK | CAPTURE_BIN | CHECKS | SERVICE
//
// Invariants (tested by a seeded random-event property test):
// - StoreCardInSlot is emitted only after the load journal's intent for that card and slot was
//   confirmed (LoadJournaled ok), once per intent; a load is done only after `stored` was confirmed.
// - PresentToStaff is emitted only after the return's intent and every step (fetched, chip_verified,
//   presenting) were confirmed and the chip at the read position is the record's card (its NIK, and
//   its card serial where the record has one).
// - A card never moves on past a failed (or unanswered) journal write: at the read position it goes
//   back out at the mouth (load intent) or to the bin (return steps); in a slot, the slot is blocked.
// - Staff mode never ends with a card between the mouth and a slot or the mouth open: Exit, removal
//   and the idle timeout let the card's steps finish (each bounded by its deadline), then the mouth is
//   closed, then AuditStaff(logout) and EndStaffMode.
// - Every wait has a deadline, so with no events but time the machine comes back to IDLE.
// - Views carry NIKs only masked and the PIN only as a digit count.
//
// Time: a `now` earlier than one already seen is treated as the one already seen.
#pragma once

#include "kiosk/core/staff/staff_commands.hpp"
#include "kiosk/core/staff/staff_config.hpp"
#include "kiosk/core/staff/staff_events.hpp"
#include "kiosk/core/staff/staff_view.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk::core::staff {

enum class Phase {
    idle,
    looking_up,
    refused,
    pin_entry,
    verifying_pin,
    menu,
    restock,
    take_back,
    capture_bin,
    operator_checks,
    service,
};

// What the machine waits for; at most one request is outstanding at a time.
enum class Wait {
    none,
    lookup,
    pin,
    overview,
    // restock
    loading_ready,
    insert,
    load_chip,
    loadable,
    load_intent,
    store_move,
    load_stored,
    load_done,
    load_aborted,
    return_to_mouth,
    stop_loading,
    // restock and take back
    capture,
    slot_fault,
    // take back
    list_uncollected,
    return_intent,
    fetch,
    step_fetched,
    return_chip,
    step_chip_verified,
    step_presenting,
    present,
    returned,
    return_captured,
    return_aborted,
    // capture bin
    list_bin,
    bin_reset,
    bin_record,
    // operator checks
    list_checks,
    resolve,
    // service
    set_service,
    self_test,
    inventory_audit,
};

// Why staff mode is ending (the logout's audit detail).
enum class EndCause { exit, card_removed, idle };

class StaffMachine {
public:
    StaffMachine(StaffConfig config, Instant now);

    // Handles one event that happened at `now`, then fires any deadline reached by `now`.
    Commands handle(Instant now, const Event& event);

    [[nodiscard]] StaffView view() const;
    [[nodiscard]] Phase phase() const { return phase_; }
    [[nodiscard]] Wait waiting_for() const { return wait_; }
    [[nodiscard]] bool ending() const { return ending_.has_value(); }
    // The request the machine waits on, if any (for diagnostics and tests).
    [[nodiscard]] std::optional<RequestId> pending_request() const { return pending_; }

private:
    // How a capture came about, so its answer continues the right way.
    enum class CaptureFor { refused_card, inserted_fault, store_move_fault };

    struct Restock {
        RestockPhase phase = RestockPhase::opening;
        int loaded = 0;
        int refused = 0;
        std::optional<MagazineFill> fill;
        std::optional<LoadRefusal> last_refusal;
        std::optional<int> last_loaded_slot;
        std::vector<int> blocked_slots;
        bool stop_requested = false;
        std::optional<StaffProblem> problem;  // once set, loading stops after the card in hand
        // the card in hand
        std::optional<Nik> nik;
        std::string card_serial;
        int slot = 0;
        RequestId load = 0;       // the intent's request; 0: none written
        bool entry_open = false;  // a load journal entry may exist for this card and is not closed
        LoadRefusal refusal = LoadRefusal::unreadable;  // why the card in hand goes back out
        SlotFaultReason fault_reason = SlotFaultReason::inventory_mismatch;
        CaptureFor capture_for = CaptureFor::refused_card;
        Instant take_until{};
    };

    struct TakeBack {
        TakeBackPhase phase = TakeBackPhase::loading;
        std::vector<UncollectedCard> items;
        std::optional<UncollectedCard> current;
        int returned = 0;
        int captured = 0;
        std::optional<TakeBackIssue> last_issue;
        bool stop_requested = false;
        std::optional<StaffProblem> problem;  // once set, the task stops after the card in hand
        RequestId ret = 0;                    // the return intent's request
        CaptureReason capture_reason = CaptureReason::chip_mismatch;
        Instant take_until{};
    };

    struct Bin {
        BinPhase phase = BinPhase::loading;
        int count = 0;
        int capacity = 0;
        std::vector<BinCard> items;
        std::optional<StaffProblem> problem;
    };

    struct Checks {
        ChecksPhase phase = ChecksPhase::loading;
        std::vector<OperatorCheck> items;
        std::optional<ChosenResolution> chosen;
        std::optional<ChosenResolution> last_resolved;
        std::optional<StaffProblem> problem;
    };

    struct Service {
        ServicePhase phase = ServicePhase::ready;
        std::optional<bool> in_service;       // as the overview said, then as set
        std::optional<ServiceReason> reason;  // set by this visit's "out of service"
        bool asked_in_service = true;         // what the SetInService under way asks for
        ServiceReason asked_reason = ServiceReason::maintenance;
        std::optional<std::vector<DeviceTestResult>> self_test;
        std::optional<InventoryAuditResult> audit;
        std::optional<StaffProblem> problem;
    };

    // event handlers (staff_machine.cpp: entering, menu, ending; the tasks in their own files)
    void on(const Tick&, Commands&) {}
    void on(const MoreTime&, Commands&);
    void on(const LanguageSelected&, Commands&);
    void on(const StaffCardPresented&, Commands&);
    void on(const StaffCardRemoved&, Commands&);
    void on(const StaffLookedUp&, Commands&);
    void on(const PinDigit&, Commands&);
    void on(const PinBackspace&, Commands&);
    void on(const PinClear&, Commands&);
    void on(const PinSubmit&, Commands&);
    void on(const StaffPinChecked&, Commands&);
    void on(const ExitPressed&, Commands&);
    void on(const BackPressed&, Commands&);
    void on(const ConfirmPressed&, Commands&);
    void on(const StoreRequestFailed&, Commands&);
    void on(const TaskChosen&, Commands&);
    void on(const StaffOverview&, Commands&);
    // CaptureCard and MarkSlotFault serve restock and take back: these pass the answer on.
    void on(const CardCaptured&, Commands&);
    void on(const SlotFaultMarked&, Commands&);
    // staff_restock.cpp
    void on(const LoadingDonePressed&, Commands&);
    void on(const LoadingReady&, Commands&);
    void on(const CardInserted&, Commands&);
    void on(const LoadingStopped&, Commands&);
    void on(const LoadChipRead&, Commands&);
    void on(const LoadChecked&, Commands&);
    void on(const LoadJournaled&, Commands&);
    void on(const CardStoredInSlot&, Commands&);
    void on(const CardReturnedToMouth&, Commands&);
    // staff_take_back.cpp
    void on(const UncollectedListed&, Commands&);
    void on(const TakeBackPressed&, Commands&);
    void on(const ReturnJournaled&, Commands&);
    void on(const FetchedForReturn&, Commands&);
    void on(const ReturnChipRead&, Commands&);
    void on(const CardPresentedToStaff&, Commands&);
    // staff_office_tasks.cpp: capture bin, operator checks, service
    void on(const BinListed&, Commands&);
    void on(const BinEmptiedPressed&, Commands&);
    void on(const BinCounterReset&, Commands&);
    void on(const BinEmptiedRecorded&, Commands&);
    void on(const ChecksListed&, Commands&);
    void on(const ResolutionChosen&, Commands&);
    void on(const Resolved&, Commands&);
    void on(const ServiceChosen&, Commands&);
    void on(const InServiceSet&, Commands&);
    void on(const SelfTestChosen&, Commands&);
    void on(const SelfTestDone&, Commands&);
    void on(const InventoryAuditChosen&, Commands&);
    void on(const InventoryAudited&, Commands&);

    // The answer awaited failed: the store said so (StoreRequestFailed, ok = false) or the deadline
    // passed. Dispatches on wait_; each task's part is in its own file.
    void answer_failed(StaffProblem problem, bool timed_out, Commands& out);
    void restock_failed(Wait wait, StaffProblem problem, bool timed_out, Commands& out);
    void take_back_failed(Wait wait, StaffProblem problem, bool timed_out, Commands& out);
    void office_task_failed(Wait wait, StaffProblem problem, Commands& out);

    // entering and leaving
    void refuse(StaffRefusal reason);
    void enter_menu(Commands& out);
    void request_end(EndCause cause, Commands& out);
    void finish_end(Commands& out);
    void back_to_idle(Commands& out);
    // True while a card is between the mouth and a slot, the mouth may be open, or a device task
    // (bin reset, self-test, inventory audit) is under way: staff mode does not end meanwhile.
    [[nodiscard]] bool busy() const;

    // restock (staff_restock.cpp)
    void start_restock(Commands& out);
    void await_next_card(Commands& out);
    void after_card(Commands& out);
    void stop_loading(Commands& out);
    void refuse_card(LoadRefusal refusal, Commands& out);
    void capture_in_restock(CaptureFor why, Commands& out);
    void mark_slot_fault(SlotFaultReason reason, Commands& out);
    void abort_load(LoadAbortReason reason, Commands& out);
    void card_refused_for_good(bool captured, Commands& out);
    void continue_after_slot_fault(Commands& out);
    void captured_in_restock(bool ok, Commands& out);
    void continue_after_failed_capture(Commands& out);
    [[nodiscard]] bool restock_should_stop() const;

    // take back (staff_take_back.cpp)
    void start_take_back(Commands& out);
    void take_next(Commands& out);
    void journal_return_step(PickupStep step, Wait wait, Commands& out);
    void capture_return(CaptureReason reason, TakeBackIssue issue, Commands& out);
    void return_settled(Commands& out);
    void captured_in_take_back(bool ok, Commands& out);

    // capture bin, operator checks, service (staff_office_tasks.cpp)
    void start_bin(Commands& out);
    void start_checks(Commands& out);
    void start_service();

    // `captured`: a capture no journal entry records, listed in the bin with the audit row.
    void audit(StaffAction action, std::string detail, Commands& out,
               std::optional<BinEntry> captured = std::nullopt) const;
    void check_timers(Commands& out);
    void wait_for(Wait wait, RequestId request, Millis timeout);
    void stop_waiting();
    [[nodiscard]] bool awaiting(Wait wait, RequestId request) const {
        return wait_ == wait && pending_ && *pending_ == request;
    }
    RequestId next_request() { return next_request_++; }
    void touch() { last_activity_ = now_; }
    [[nodiscard]] bool idle_tracked() const;
    [[nodiscard]] bool signed_in() const { return staff_.has_value() && signed_in_; }
    [[nodiscard]] StaffScreen screen() const;

    StaffConfig config_;
    Instant now_;
    Instant last_activity_;
    Phase phase_ = Phase::idle;
    Language language_;
    std::optional<EndCause> ending_;

    std::optional<RequestId> pending_;
    std::optional<Instant> deadline_;
    Wait wait_ = Wait::none;
    RequestId next_request_ = 1;

    // entering
    std::optional<StaffIdentity> staff_;
    bool signed_in_ = false;
    std::string pin_;  // the digits typed; cleared when sent (VerifyStaffPin) and at every end
    bool pin_too_short_ = false;
    std::optional<PinOutcome> pin_last_;
    std::optional<int> tries_left_;
    std::optional<StaffProblem> pin_problem_;
    StaffRefusal refusal_ = StaffRefusal::not_registered;
    Instant refused_until_{};

    // menu
    std::optional<OverviewFigures> overview_;
    std::optional<StaffProblem> menu_problem_;

    // tasks (each reset when the task starts)
    Restock restock_;
    TakeBack take_back_;
    Bin bin_;
    Checks checks_;
    Service service_;
};

}  // namespace kiosk::core::staff
