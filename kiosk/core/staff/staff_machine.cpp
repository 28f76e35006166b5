// The staff machine: entering (card, roster, PIN), the menu, ending, timers and failed answers.
// The tasks are in staff_restock.cpp, staff_take_back.cpp and staff_office_tasks.cpp; the view in
// staff_machine_view.cpp.
#include "kiosk/core/staff/staff_machine.hpp"
#include "kiosk/core/staff/staff_permissions.hpp"

#include <algorithm>
#include <string>

namespace kiosk::core::staff {
namespace {

// The store's waits: a StoreRequestFailed for one of these is its failure. Device waits ignore it.
bool is_store_wait(Wait wait) {
    switch (wait) {
        case Wait::lookup:
        case Wait::overview:
        case Wait::loadable:
        case Wait::load_intent:
        case Wait::load_stored:
        case Wait::load_done:
        case Wait::load_aborted:
        case Wait::slot_fault:
        case Wait::list_uncollected:
        case Wait::return_intent:
        case Wait::step_fetched:
        case Wait::step_chip_verified:
        case Wait::step_presenting:
        case Wait::returned:
        case Wait::return_captured:
        case Wait::return_aborted:
        case Wait::list_bin:
        case Wait::bin_record:
        case Wait::list_checks:
        case Wait::resolve:
        case Wait::set_service:
        case Wait::inventory_audit: return true;
        case Wait::none:
        case Wait::pin:
        case Wait::loading_ready:
        case Wait::insert:
        case Wait::load_chip:
        case Wait::store_move:
        case Wait::return_to_mouth:
        case Wait::stop_loading:
        case Wait::capture:
        case Wait::fetch:
        case Wait::return_chip:
        case Wait::present:
        case Wait::bin_reset:
        case Wait::self_test: return false;
    }
    return false;
}

// What a missing answer says about its source.
StaffProblem silence_problem(Wait wait) {
    switch (wait) {
        case Wait::pin:
        case Wait::load_chip:
        case Wait::return_chip: return StaffProblem::reader_silent;
        case Wait::loading_ready:
        case Wait::insert:
        case Wait::store_move:
        case Wait::return_to_mouth:
        case Wait::stop_loading:
        case Wait::capture:
        case Wait::fetch:
        case Wait::present:
        case Wait::bin_reset: return StaffProblem::dispenser_silent;
        case Wait::self_test:
        case Wait::inventory_audit: return StaffProblem::device_silent;
        case Wait::load_intent:
        case Wait::load_stored:
        case Wait::load_done:
        case Wait::load_aborted:
        case Wait::return_intent:
        case Wait::step_fetched:
        case Wait::step_chip_verified:
        case Wait::step_presenting:
        case Wait::returned:
        case Wait::return_captured:
        case Wait::return_aborted: return StaffProblem::journal_failed;
        case Wait::none:
        case Wait::lookup:
        case Wait::overview:
        case Wait::loadable:
        case Wait::slot_fault:
        case Wait::list_uncollected:
        case Wait::list_bin:
        case Wait::bin_record:
        case Wait::list_checks:
        case Wait::resolve:
        case Wait::set_service: return StaffProblem::store_silent;
    }
    return StaffProblem::store_silent;
}

bool is_restock_wait(Wait wait) {
    switch (wait) {
        case Wait::loading_ready:
        case Wait::insert:
        case Wait::load_chip:
        case Wait::loadable:
        case Wait::load_intent:
        case Wait::store_move:
        case Wait::load_stored:
        case Wait::load_done:
        case Wait::load_aborted:
        case Wait::return_to_mouth:
        case Wait::stop_loading: return true;
        default: return false;
    }
}

bool is_take_back_wait(Wait wait) {
    switch (wait) {
        case Wait::list_uncollected:
        case Wait::return_intent:
        case Wait::fetch:
        case Wait::step_fetched:
        case Wait::return_chip:
        case Wait::step_chip_verified:
        case Wait::step_presenting:
        case Wait::present:
        case Wait::returned:
        case Wait::return_captured:
        case Wait::return_aborted: return true;
        default: return false;
    }
}

std::string_view end_cause_code(EndCause cause) {
    switch (cause) {
        case EndCause::exit: return "exit";
        case EndCause::card_removed: return "card_removed";
        case EndCause::idle: return "idle";
    }
    return "exit";
}

}  // namespace

StaffMachine::StaffMachine(StaffConfig config, Instant now)
    : config_(config), now_(now), last_activity_(now), language_(config.default_language) {}

Commands StaffMachine::handle(Instant now, const Event& event) {
    now_ = std::max(now_, now);
    Commands out;
    std::visit([&](const auto& e) { on(e, out); }, event);
    check_timers(out);
    if (ending_ && !busy()) finish_end(out);
    return out;
}

// ---------------------------------------------------------------- waiting

void StaffMachine::wait_for(Wait wait, RequestId request, Millis timeout) {
    wait_ = wait;
    pending_ = request;
    deadline_ = now_ + timeout;
}

void StaffMachine::stop_waiting() {
    wait_ = Wait::none;
    pending_.reset();
    deadline_.reset();
}

void StaffMachine::on(const StoreRequestFailed& e, Commands& out) {
    if (!pending_ || *pending_ != e.request || !is_store_wait(wait_)) return;
    answer_failed(StaffProblem::store_failed, false, out);
}

void StaffMachine::answer_failed(StaffProblem problem, bool timed_out, Commands& out) {
    const Wait wait = wait_;
    stop_waiting();
    if (is_restock_wait(wait) || (phase_ == Phase::restock && (wait == Wait::capture || wait == Wait::slot_fault))) {
        restock_failed(wait, problem, timed_out, out);
        return;
    }
    if (is_take_back_wait(wait) ||
        (phase_ == Phase::take_back && (wait == Wait::capture || wait == Wait::slot_fault))) {
        take_back_failed(wait, problem, timed_out, out);
        return;
    }
    switch (wait) {
        case Wait::lookup: refuse(StaffRefusal::unavailable); return;
        case Wait::pin:
            // The card did not answer VERIFY: type the PIN again (no try was counted that we know of).
            phase_ = Phase::pin_entry;
            pin_problem_ = problem;
            return;
        case Wait::overview: menu_problem_ = problem; return;
        default: office_task_failed(wait, problem, out); return;
    }
}

void StaffMachine::check_timers(Commands& out) {
    // A failure path may start another wait; each has a positive deadline, so this ends.
    for (int fired = 0; deadline_ && now_ >= *deadline_ && fired < 64; ++fired) {
        answer_failed(silence_problem(wait_), true, out);
    }
    if (phase_ == Phase::refused && now_ >= refused_until_) {
        back_to_idle(out);
        return;
    }
    if (idle_tracked() && now_ >= last_activity_ + config_.idle_timeout_after) request_end(EndCause::idle, out);
}

bool StaffMachine::idle_tracked() const {
    return phase_ != Phase::idle && phase_ != Phase::refused && !ending_;
}

// ---------------------------------------------------------------- entering

void StaffMachine::on(const StaffCardPresented& e, Commands& out) {
    if (phase_ != Phase::idle) return;  // one staff member at a time; a second card changes nothing
    language_ = config_.default_language;
    touch();
    if (!e.chip.card_serial || e.chip.card_serial->empty()) {
        refuse(StaffRefusal::not_registered);
        return;
    }
    const RequestId request = next_request();
    phase_ = Phase::looking_up;
    wait_for(Wait::lookup, request, config_.store_timeout);
    out.push_back(LookupStaff{request, *e.chip.card_serial});
}

void StaffMachine::refuse(StaffRefusal reason) {
    stop_waiting();
    pin_.clear();
    phase_ = Phase::refused;
    refusal_ = reason;
    refused_until_ = now_ + config_.refused_display;
}

void StaffMachine::on(const StaffLookedUp& e, Commands&) {
    if (phase_ != Phase::looking_up || !awaiting(Wait::lookup, e.request)) return;
    stop_waiting();
    if (!e.staff) {
        refuse(StaffRefusal::not_registered);
        return;
    }
    staff_ = e.staff;
    phase_ = Phase::pin_entry;
    touch();
}

void StaffMachine::on(const PinDigit& e, Commands&) {
    if (phase_ != Phase::pin_entry) return;
    touch();
    if (e.digit < '0' || e.digit > '9') return;
    if (static_cast<int>(pin_.size()) >= config_.pin_max_digits) return;
    pin_.push_back(e.digit);
    pin_too_short_ = false;
    pin_problem_.reset();
}

void StaffMachine::on(const PinBackspace&, Commands&) {
    if (phase_ != Phase::pin_entry) return;
    touch();
    if (!pin_.empty()) pin_.pop_back();
    pin_too_short_ = false;
}

void StaffMachine::on(const PinClear&, Commands&) {
    if (phase_ != Phase::pin_entry) return;
    touch();
    pin_.clear();
    pin_too_short_ = false;
}

void StaffMachine::on(const PinSubmit&, Commands& out) {
    if (phase_ != Phase::pin_entry) return;
    touch();
    if (static_cast<int>(pin_.size()) < config_.pin_min_digits) {
        pin_too_short_ = true;
        return;
    }
    const RequestId request = next_request();
    phase_ = Phase::verifying_pin;
    pin_problem_.reset();
    wait_for(Wait::pin, request, config_.pin_verify_timeout);
    // The digits leave the machine in this command only.
    out.push_back(VerifyStaffPin{request, std::move(pin_)});
    pin_.clear();
}

void StaffMachine::on(const StaffPinChecked& e, Commands& out) {
    if (phase_ != Phase::verifying_pin || !awaiting(Wait::pin, e.request)) return;
    stop_waiting();
    touch();
    if (e.tries_left) tries_left_ = e.tries_left;
    PinOutcome outcome = e.outcome;
    // A wrong PIN with no tries left is a blocked card, whatever word the driver used for it.
    if (outcome == PinOutcome::wrong && e.tries_left && *e.tries_left <= 0) outcome = PinOutcome::blocked;
    switch (outcome) {
        case PinOutcome::accepted:
            signed_in_ = true;
            audit(StaffAction::login, "role=" + std::string(wire_code(staff_->role)), out);
            enter_menu(out);
            return;
        case PinOutcome::wrong:
            audit(StaffAction::pin_wrong, e.tries_left ? "tries_left=" + std::to_string(*e.tries_left) : "", out);
            phase_ = Phase::pin_entry;
            pin_last_ = PinOutcome::wrong;
            return;
        case PinOutcome::blocked:
            audit(StaffAction::pin_blocked, "", out);
            refuse(StaffRefusal::pin_blocked);
            return;
        case PinOutcome::removed: back_to_idle(out); return;
        case PinOutcome::unreadable:
            phase_ = Phase::pin_entry;
            pin_last_ = PinOutcome::unreadable;
            return;
    }
}

// ---------------------------------------------------------------- input common to every screen

void StaffMachine::on(const MoreTime&, Commands&) {
    if (idle_tracked()) touch();
}

void StaffMachine::on(const LanguageSelected& e, Commands&) {
    if (phase_ == Phase::idle) return;  // at rest the resident's screens own the language
    language_ = e.language;
    touch();
}

void StaffMachine::on(const ExitPressed&, Commands& out) {
    if (phase_ == Phase::idle) return;
    request_end(EndCause::exit, out);
}

void StaffMachine::on(const StaffCardRemoved&, Commands& out) {
    if (phase_ == Phase::idle) return;
    request_end(EndCause::card_removed, out);
}

void StaffMachine::on(const BackPressed&, Commands& out) {
    if (!signed_in() || ending_) return;
    touch();
    switch (phase_) {
        case Phase::restock:
            // While loading, Back is Done: the card in hand is settled, then the mouth closes.
            if (restock_.phase == RestockPhase::stopped)
                enter_menu(out);
            else
                restock_.stop_requested = true;
            return;
        case Phase::take_back:
            if (take_back_.current)
                take_back_.stop_requested = true;  // after the card in hand
            else
                enter_menu(out);
            return;
        case Phase::capture_bin:
            if (bin_.phase == BinPhase::confirm)
                bin_.phase = BinPhase::list;
            else if (bin_.phase != BinPhase::resetting)
                enter_menu(out);
            return;
        case Phase::operator_checks:
            if (checks_.phase == ChecksPhase::confirm) {
                checks_.phase = ChecksPhase::list;
                checks_.chosen.reset();
            } else {
                enter_menu(out);
            }
            return;
        case Phase::service:
            if (service_.phase != ServicePhase::self_testing && service_.phase != ServicePhase::auditing)
                enter_menu(out);
            return;
        case Phase::idle:
        case Phase::looking_up:
        case Phase::refused:
        case Phase::pin_entry:
        case Phase::verifying_pin:
        case Phase::menu: return;
    }
}

// ---------------------------------------------------------------- answers shared by two tasks

void StaffMachine::on(const CardCaptured& e, Commands& out) {
    if (!awaiting(Wait::capture, e.request)) return;
    stop_waiting();
    const bool ok = e.outcome == DispenserOutcome::ok;
    if (phase_ == Phase::restock)
        captured_in_restock(ok, out);
    else if (phase_ == Phase::take_back)
        captured_in_take_back(ok, out);
}

void StaffMachine::on(const SlotFaultMarked& e, Commands& out) {
    if (!awaiting(Wait::slot_fault, e.request)) return;
    if (!e.ok) {
        answer_failed(StaffProblem::store_failed, false, out);
        return;
    }
    stop_waiting();
    if (phase_ == Phase::restock)
        continue_after_slot_fault(out);
    else if (phase_ == Phase::take_back)
        return_settled(out);
}

// ---------------------------------------------------------------- menu

void StaffMachine::enter_menu(Commands& out) {
    const RequestId request = next_request();
    phase_ = Phase::menu;
    menu_problem_.reset();
    wait_for(Wait::overview, request, config_.store_timeout);
    out.push_back(ReadStaffOverview{request});
}

void StaffMachine::on(const StaffOverview& e, Commands&) {
    if (phase_ != Phase::menu || !awaiting(Wait::overview, e.request)) return;
    stop_waiting();
    overview_ = e.figures;
    menu_problem_.reset();
}

void StaffMachine::on(const TaskChosen& e, Commands& out) {
    if (phase_ != Phase::menu || !signed_in() || ending_) return;
    // The menu offers no task beyond the role; a tap that gets here anyway does nothing.
    if (!may_do(staff_->role, e.task)) return;
    touch();
    stop_waiting();  // an overview still being read is not needed any more
    switch (e.task) {
        case StaffTask::restock: start_restock(out); return;
        case StaffTask::take_back: start_take_back(out); return;
        case StaffTask::capture_bin: start_bin(out); return;
        case StaffTask::operator_checks: start_checks(out); return;
        case StaffTask::service: start_service(); return;
    }
}

// ---------------------------------------------------------------- ending

bool StaffMachine::busy() const {
    switch (phase_) {
        case Phase::restock: return restock_.phase != RestockPhase::stopped;
        case Phase::take_back: return take_back_.current.has_value();
        case Phase::capture_bin: return bin_.phase == BinPhase::resetting;
        case Phase::service:
            return service_.phase == ServicePhase::self_testing || service_.phase == ServicePhase::auditing;
        case Phase::idle:
        case Phase::looking_up:
        case Phase::refused:
        case Phase::pin_entry:
        case Phase::verifying_pin:
        case Phase::menu:
        case Phase::operator_checks: return false;
    }
    return false;
}

void StaffMachine::request_end(EndCause cause, Commands& out) {
    if (phase_ == Phase::idle) return;
    if (!signed_in()) {
        // Nobody signed in, nothing moved: leave at once.
        back_to_idle(out);
        return;
    }
    if (ending_) return;
    ending_ = cause;
    restock_.stop_requested = true;
    take_back_.stop_requested = true;
    // handle() finishes as soon as nothing is busy; a store-only wait is simply abandoned then.
}

void StaffMachine::finish_end(Commands& out) {
    audit(StaffAction::logout, "cause=" + std::string(end_cause_code(ending_.value_or(EndCause::exit))), out);
    back_to_idle(out);
}

void StaffMachine::back_to_idle(Commands& out) {
    stop_waiting();
    phase_ = Phase::idle;
    ending_.reset();
    staff_.reset();
    signed_in_ = false;
    pin_.clear();
    pin_too_short_ = false;
    pin_last_.reset();
    tries_left_.reset();
    pin_problem_.reset();
    overview_.reset();
    menu_problem_.reset();
    restock_ = Restock{};
    take_back_ = TakeBack{};
    bin_ = Bin{};
    checks_ = Checks{};
    service_ = Service{};
    language_ = config_.default_language;
    out.push_back(EndStaffMode{});
}

void StaffMachine::audit(StaffAction action, std::string detail, Commands& out,
                         std::optional<BinEntry> captured) const {
    out.push_back(AuditStaff{staff_ ? staff_->staff_id : std::string(), action, std::move(detail), std::move(captured)});
}

}  // namespace kiosk::core::staff
