// Take back: the cards past their pickup deadline, each in turn, from its slot to the mouth for staff
// to carry back to the office, through the pickup journal with purpose 'return'.
//
// Safety: PresentToStaff is emitted in one place only (on the `presenting` step's ReturnJournaled ok),
// after the intent and the fetched and chip_verified steps were confirmed, and chip_verified is
// written only for a chip that authenticated with the record's NIK (and its card serial, where the
// record has one). The steps are written one at a time, each waited for, so the journal never lags
// the card. Every failure after the card left its slot ends in CaptureCard; the intent's failure
// moves nothing. Start-up reconciliation (core/pickup_reconciliation.hpp) covers a power cut at any
// point, as for a pickup.
#include "kiosk/core/staff/staff_machine.hpp"

#include <string>

namespace kiosk::core::staff {

void StaffMachine::start_take_back(Commands& out) {
    phase_ = Phase::take_back;
    take_back_ = TakeBack{};
    const RequestId request = next_request();
    wait_for(Wait::list_uncollected, request, config_.store_timeout);
    out.push_back(ListUncollected{request});
}

void StaffMachine::on(const UncollectedListed& e, Commands&) {
    if (phase_ != Phase::take_back || !awaiting(Wait::list_uncollected, e.request)) return;
    stop_waiting();
    take_back_.items = e.items;
    take_back_.phase = TakeBackPhase::list;
}

void StaffMachine::on(const TakeBackPressed&, Commands& out) {
    if (phase_ != Phase::take_back || ending_ || take_back_.current) return;
    if (take_back_.phase != TakeBackPhase::list && take_back_.phase != TakeBackPhase::finished) return;
    if (take_back_.items.empty()) return;
    touch();
    take_back_.problem.reset();
    take_back_.stop_requested = false;
    take_next(out);
}

void StaffMachine::take_next(Commands& out) {
    take_back_.current.reset();
    if (take_back_.stop_requested || ending_ || take_back_.problem || take_back_.items.empty()) {
        take_back_.phase = TakeBackPhase::finished;
        return;
    }
    take_back_.current = take_back_.items.front();
    take_back_.items.erase(take_back_.items.begin());
    const UncollectedCard& card = *take_back_.current;
    const RequestId request = next_request();
    take_back_.ret = request;
    take_back_.phase = TakeBackPhase::fetching;
    wait_for(Wait::return_intent, request, config_.journal_timeout);
    out.push_back(JournalReturnIntent{request, card.nik, card.slot, staff_->staff_id});
}

void StaffMachine::return_settled(Commands& out) {
    take_next(out);
}

void StaffMachine::journal_return_step(PickupStep step, Wait wait, Commands& out) {
    const UncollectedCard& card = *take_back_.current;
    const RequestId request = next_request();
    wait_for(wait, request, config_.journal_timeout);
    out.push_back(JournalReturnStep{request, take_back_.ret, card.nik, card.slot, step});
}

void StaffMachine::on(const ReturnJournaled& e, Commands& out) {
    if (phase_ != Phase::take_back || !take_back_.current || !pending_ || *pending_ != e.request) return;
    switch (wait_) {
        case Wait::return_intent:
        case Wait::step_fetched:
        case Wait::step_chip_verified:
        case Wait::step_presenting:
        case Wait::returned:
        case Wait::return_captured:
        case Wait::return_aborted: break;
        default: return;
    }
    if (!e.ok) {
        answer_failed(StaffProblem::journal_failed, false, out);
        return;
    }
    const Wait wait = wait_;
    stop_waiting();
    const UncollectedCard& card = *take_back_.current;
    switch (wait) {
        case Wait::return_intent: {
            const RequestId request = next_request();
            wait_for(Wait::fetch, request, config_.fetch_timeout);
            out.push_back(FetchForReturn{request, card.slot});
            return;
        }
        case Wait::step_fetched: {
            const RequestId request = next_request();
            take_back_.phase = TakeBackPhase::checking_card;
            wait_for(Wait::return_chip, request, config_.chip_read_timeout);
            out.push_back(ReadChipForReturn{request});
            return;
        }
        case Wait::step_chip_verified: journal_return_step(PickupStep::presenting, Wait::step_presenting, out); return;
        case Wait::step_presenting: {
            // THE guard: the only PresentToStaff, after every step of this return was confirmed.
            const RequestId request = next_request();
            take_back_.phase = TakeBackPhase::take_card;
            take_back_.take_until = now_ + config_.take_timeout;
            wait_for(Wait::present, request, config_.take_timeout + config_.answer_grace);
            out.push_back(PresentToStaff{request, config_.take_timeout});
            return;
        }
        case Wait::returned:
            ++take_back_.returned;
            return_settled(out);
            return;
        case Wait::return_captured:
            ++take_back_.captured;
            return_settled(out);
            return;
        case Wait::return_aborted: {
            // The slot held no card although its record says IN_KIOSK there: block it for an operator.
            const RequestId request = next_request();
            wait_for(Wait::slot_fault, request, config_.store_timeout);
            out.push_back(MarkSlotFault{request, card.slot, SlotFaultReason::inventory_mismatch});
            return;
        }
        default: return;
    }
}

void StaffMachine::on(const FetchedForReturn& e, Commands& out) {
    if (phase_ != Phase::take_back || !awaiting(Wait::fetch, e.request)) return;
    stop_waiting();
    const UncollectedCard& card = *take_back_.current;
    switch (e.outcome) {
        case DispenserOutcome::ok: journal_return_step(PickupStep::fetched, Wait::step_fetched, out); return;
        case DispenserOutcome::slot_empty: {
            // Nothing left the slot: nothing to capture. The entry is closed, then the slot blocked.
            take_back_.last_issue = TakeBackIssue::slot_empty;
            audit(StaffAction::return_failed, "slot=" + std::to_string(card.slot) + " issue=slot_empty", out);
            const RequestId request = next_request();
            wait_for(Wait::return_aborted, request, config_.journal_timeout);
            out.push_back(JournalReturnAborted{request, take_back_.ret, card.nik, card.slot});
            return;
        }
        case DispenserOutcome::jam:
        case DispenserOutcome::fault:
            // The card may be anywhere in the transport: whatever is there goes to the bin.
            take_back_.problem = StaffProblem::dispenser_fault;
            capture_return(CaptureReason::dispenser_fault, TakeBackIssue::dispenser_fault, out);
            return;
    }
}

void StaffMachine::on(const ReturnChipRead& e, Commands& out) {
    if (phase_ != Phase::take_back || !awaiting(Wait::return_chip, e.request)) return;
    stop_waiting();
    const UncollectedCard& card = *take_back_.current;
    const bool is_records_card =
        e.chip && e.chip->nik == card.nik && (!card.card_serial || e.chip->card_serial == card.card_serial);
    if (is_records_card) {
        journal_return_step(PickupStep::chip_verified, Wait::step_chip_verified, out);
        return;
    }
    // A card that is not the record's (misfiled, swapped or tampered) never leaves to a person.
    if (e.chip)
        capture_return(CaptureReason::chip_mismatch, TakeBackIssue::chip_mismatch, out);
    else
        capture_return(CaptureReason::chip_refused, TakeBackIssue::chip_refused, out);
}

void StaffMachine::on(const CardPresentedToStaff& e, Commands& out) {
    if (phase_ != Phase::take_back || !awaiting(Wait::present, e.request)) return;
    stop_waiting();
    const UncollectedCard& card = *take_back_.current;
    switch (e.outcome) {
        case TakeOutcome::taken: {
            touch();
            const RequestId request = next_request();
            wait_for(Wait::returned, request, config_.journal_timeout);
            out.push_back(JournalReturned{request, take_back_.ret, card.nik, card.slot, staff_->staff_id});
            return;
        }
        case TakeOutcome::not_taken: capture_return(CaptureReason::not_taken, TakeBackIssue::not_taken, out); return;
        case TakeOutcome::fault:
            take_back_.problem = StaffProblem::dispenser_fault;
            capture_return(CaptureReason::dispenser_fault, TakeBackIssue::dispenser_fault, out);
            return;
    }
}

void StaffMachine::capture_return(CaptureReason reason, TakeBackIssue issue, Commands& out) {
    take_back_.capture_reason = reason;
    take_back_.last_issue = issue;
    const RequestId request = next_request();
    take_back_.phase = TakeBackPhase::capturing;
    wait_for(Wait::capture, request, config_.capture_timeout);
    out.push_back(CaptureCard{request});
}

void StaffMachine::captured_in_take_back(bool ok, Commands& out) {
    if (!ok) {
        take_back_failed(Wait::capture, StaffProblem::capture_failed, false, out);
        return;
    }
    const UncollectedCard& card = *take_back_.current;
    const RequestId request = next_request();
    wait_for(Wait::return_captured, request, config_.journal_timeout);
    out.push_back(JournalReturnCaptured{request, take_back_.ret, card.nik, card.slot, take_back_.capture_reason,
                                        staff_->staff_id});
}

void StaffMachine::take_back_failed(Wait wait, StaffProblem problem, bool timed_out, Commands& out) {
    switch (wait) {
        case Wait::list_uncollected:
            take_back_.phase = TakeBackPhase::list;
            take_back_.problem = problem;
            return;
        case Wait::return_intent:
            // Nothing moved. A silent write may still land: close it (its answer is not waited for).
            take_back_.problem = StaffProblem::journal_failed;
            if (timed_out) {
                const UncollectedCard& card = *take_back_.current;
                out.push_back(JournalReturnAborted{next_request(), take_back_.ret, card.nik, card.slot});
            }
            return_settled(out);
            return;
        case Wait::fetch:
            take_back_.problem = problem;
            capture_return(CaptureReason::dispenser_silent, TakeBackIssue::dispenser_fault, out);
            return;
        case Wait::step_fetched:
        case Wait::step_chip_verified:
        case Wait::step_presenting:
            // The journal does not follow the card: it goes to the bin, never to the mouth.
            take_back_.problem = StaffProblem::journal_failed;
            capture_return(CaptureReason::journal_failed, TakeBackIssue::journal_failed, out);
            return;
        case Wait::return_chip: capture_return(CaptureReason::chip_refused, TakeBackIssue::chip_refused, out); return;
        case Wait::present:
            take_back_.problem = problem;
            capture_return(CaptureReason::dispenser_silent, TakeBackIssue::dispenser_fault, out);
            return;
        case Wait::returned:
        case Wait::return_captured:
        case Wait::return_aborted:
            // The card is settled (with staff, in the bin, or never moved); the entry stays open for
            // start-up reconciliation, and the task stops.
            take_back_.problem = StaffProblem::journal_failed;
            return_settled(out);
            return;
        case Wait::capture: {
            take_back_.problem = StaffProblem::capture_failed;
            const UncollectedCard& card = *take_back_.current;
            audit(StaffAction::return_failed, "slot=" + std::to_string(card.slot) + " issue=capture_failed", out);
            return_settled(out);
            return;
        }
        case Wait::slot_fault:
            take_back_.problem = problem;
            return_settled(out);
            return;
        default: return;
    }
}

}  // namespace kiosk::core::staff
