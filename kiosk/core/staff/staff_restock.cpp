// Restock: cards fed at the mouth one at a time, each read, checked, journaled and stored in a free
// slot, or sent back out at the mouth (to the bin if not taken) with its reason.
//
// Safety: StoreCardInSlot is emitted in one place only (on the intent's LoadJournaled ok), once per
// intent. Which write guards which movement:
//   intent   before StoreCardInSlot: without it a power cut could leave a card in a slot that no
//            record names. A failure (or silence) sends the card back out; nothing was stored.
//   stored   after the store move's ok and an inventory that agrees; done after it (one transaction:
//            slot LOADED, record IN_KIOSK, outbox, audit). A failure of either blocks the slot
//            (MarkSlotFault flags the open entry for an operator) and loading stops: the card is in
//            the slot, and start-up reconciliation (core/load_reconciliation.hpp) settles the entry.
//   aborted  after a journaled card went back out or to the bin; a failure only stops loading (the
//            entry stays open; reconciliation finds the slot empty and no card: an operator check).
// Once anything failed (restock_.problem), loading stops after the card in hand: the mouth closes.
#include "kiosk/core/staff/staff_machine.hpp"

#include <algorithm>
#include <string>

namespace kiosk::core::staff {
namespace {

LoadRefusal refusal_of(ChipRefusal refusal) {
    switch (refusal) {
        case ChipRefusal::forged: return LoadRefusal::forged;
        case ChipRefusal::cloned: return LoadRefusal::cloned;
        case ChipRefusal::not_our_application: return LoadRefusal::not_a_card;
        case ChipRefusal::unreadable:
        case ChipRefusal::removed: return LoadRefusal::unreadable;
    }
    return LoadRefusal::unreadable;
}

}  // namespace

void StaffMachine::start_restock(Commands& out) {
    phase_ = Phase::restock;
    restock_ = Restock{};
    if (overview_) restock_.fill = MagazineFill{overview_->slots_loaded, overview_->slots_total};
    const RequestId request = next_request();
    restock_.phase = RestockPhase::opening;
    wait_for(Wait::loading_ready, request, config_.loading_ready_timeout);
    out.push_back(BeginLoading{request});
}

bool StaffMachine::restock_should_stop() const {
    return restock_.stop_requested || ending_ || restock_.problem;
}

void StaffMachine::await_next_card(Commands& out) {
    if (restock_should_stop()) {
        stop_loading(out);
        return;
    }
    const RequestId request = next_request();
    restock_.phase = RestockPhase::waiting_for_card;
    wait_for(Wait::insert, request, config_.insert_wait + config_.answer_grace);
    out.push_back(AwaitInsertedCard{request, config_.insert_wait});
}

void StaffMachine::after_card(Commands& out) {
    restock_.nik.reset();
    restock_.card_serial.clear();
    restock_.slot = 0;
    restock_.load = 0;
    restock_.entry_open = false;
    await_next_card(out);
}

void StaffMachine::stop_loading(Commands& out) {
    const RequestId request = next_request();
    restock_.phase = RestockPhase::stopping;
    wait_for(Wait::stop_loading, request, config_.stop_loading_timeout);
    out.push_back(StopLoading{request});
}

void StaffMachine::on(const LoadingDonePressed&, Commands&) {
    if (phase_ != Phase::restock || ending_) return;
    touch();
    restock_.stop_requested = true;  // a card already on its way is settled first
}

void StaffMachine::on(const LoadingReady& e, Commands& out) {
    if (phase_ != Phase::restock || !awaiting(Wait::loading_ready, e.request)) return;
    if (!e.ok) {
        answer_failed(StaffProblem::dispenser_fault, false, out);
        return;
    }
    stop_waiting();
    await_next_card(out);
}

void StaffMachine::on(const CardInserted& e, Commands& out) {
    if (phase_ != Phase::restock || !awaiting(Wait::insert, e.request)) return;
    stop_waiting();
    switch (e.outcome) {
        case InsertOutcome::arrived: {
            touch();  // staff fed a card: they are here
            restock_.last_refusal.reset();
            const RequestId request = next_request();
            restock_.phase = RestockPhase::reading_card;
            wait_for(Wait::load_chip, request, config_.chip_read_timeout);
            out.push_back(ReadChipForLoad{request});
            return;
        }
        case InsertOutcome::none: await_next_card(out); return;
        case InsertOutcome::fault:
            // A card may be stuck inside: whatever is in the path goes to the bin before the mouth closes.
            restock_.problem = StaffProblem::dispenser_fault;
            capture_in_restock(CaptureFor::inserted_fault, out);
            return;
    }
}

void StaffMachine::on(const LoadChipRead& e, Commands& out) {
    if (phase_ != Phase::restock || !awaiting(Wait::load_chip, e.request)) return;
    stop_waiting();
    if (!e.chip) {
        refuse_card(refusal_of(e.refusal), out);
        return;
    }
    if (!e.chip->card_serial || e.chip->card_serial->empty()) {
        refuse_card(LoadRefusal::not_a_card, out);  // a card without a serial cannot be matched to its record
        return;
    }
    restock_.nik = e.chip->nik;
    restock_.card_serial = *e.chip->card_serial;
    const RequestId request = next_request();
    restock_.phase = RestockPhase::checking_card;
    wait_for(Wait::loadable, request, config_.store_timeout);
    out.push_back(CheckLoadable{request, *restock_.nik, restock_.card_serial});
}

void StaffMachine::on(const LoadChecked& e, Commands& out) {
    if (phase_ != Phase::restock || !awaiting(Wait::loadable, e.request)) return;
    stop_waiting();
    if (e.refusal) {
        refuse_card(*e.refusal, out);
        return;
    }
    if (!e.slot || *e.slot < 1) {
        // Neither a slot nor a reason: the store's answer makes no sense, so treat it as failed.
        restock_.problem = StaffProblem::store_failed;
        refuse_card(LoadRefusal::store_unavailable, out);
        return;
    }
    restock_.slot = *e.slot;
    const RequestId request = next_request();
    restock_.load = request;
    restock_.entry_open = true;  // the write may land even if its answer is lost
    restock_.phase = RestockPhase::storing;
    wait_for(Wait::load_intent, request, config_.journal_timeout);
    out.push_back(JournalLoadIntent{request, *restock_.nik, restock_.card_serial, restock_.slot, staff_->staff_id});
}

void StaffMachine::on(const LoadJournaled& e, Commands& out) {
    if (phase_ != Phase::restock || !pending_ || *pending_ != e.request) return;
    if (wait_ != Wait::load_intent && wait_ != Wait::load_stored && wait_ != Wait::load_done &&
        wait_ != Wait::load_aborted) {
        return;
    }
    if (!e.ok) {
        answer_failed(StaffProblem::journal_failed, false, out);
        return;
    }
    const Wait wait = wait_;
    stop_waiting();
    switch (wait) {
        case Wait::load_intent: {
            // THE guard: the only StoreCardInSlot, after the intent naming this card and slot is durable.
            const RequestId request = next_request();
            wait_for(Wait::store_move, request, config_.store_move_timeout);
            out.push_back(StoreCardInSlot{request, restock_.slot});
            return;
        }
        case Wait::load_stored: {
            const RequestId request = next_request();
            wait_for(Wait::load_done, request, config_.journal_timeout);
            out.push_back(JournalLoadDone{request, restock_.load, restock_.slot, staff_->staff_id});
            return;
        }
        case Wait::load_done:
            ++restock_.loaded;
            if (restock_.fill) ++restock_.fill->slots_loaded;
            restock_.last_loaded_slot = restock_.slot;
            after_card(out);
            return;
        case Wait::load_aborted: after_card(out); return;
        default: return;
    }
}

void StaffMachine::on(const CardStoredInSlot& e, Commands& out) {
    if (phase_ != Phase::restock || !awaiting(Wait::store_move, e.request)) return;
    stop_waiting();
    switch (e.outcome) {
        case StoreMoveOutcome::ok:
            if (!e.inventory_agrees) {
                // The dispenser says stored but its inventory disagrees: the slot is blocked and its
                // open entry left for an operator; the record stays PRINTED.
                mark_slot_fault(SlotFaultReason::inventory_mismatch, out);
                return;
            }
            {
                const RequestId request = next_request();
                wait_for(Wait::load_stored, request, config_.journal_timeout);
                out.push_back(JournalLoadStored{request, restock_.load, restock_.slot});
            }
            return;
        case StoreMoveOutcome::slot_occupied:
            // The card is still at the read position; the slot holds a card the store does not know.
            mark_slot_fault(SlotFaultReason::slot_occupied, out);
            return;
        case StoreMoveOutcome::fault:
            restock_.problem = StaffProblem::dispenser_fault;
            capture_in_restock(CaptureFor::store_move_fault, out);
            return;
    }
}

void StaffMachine::refuse_card(LoadRefusal refusal, Commands& out) {
    restock_.refusal = refusal;
    restock_.last_refusal = refusal;
    const RequestId request = next_request();
    restock_.phase = RestockPhase::returning_card;
    restock_.take_until = now_ + config_.take_timeout;
    wait_for(Wait::return_to_mouth, request, config_.take_timeout + config_.answer_grace);
    out.push_back(ReturnCardToMouth{request, config_.take_timeout});
}

void StaffMachine::on(const CardReturnedToMouth& e, Commands& out) {
    if (phase_ != Phase::restock || !awaiting(Wait::return_to_mouth, e.request)) return;
    stop_waiting();
    switch (e.outcome) {
        case TakeOutcome::taken:
            touch();
            card_refused_for_good(false, out);
            return;
        case TakeOutcome::not_taken: capture_in_restock(CaptureFor::refused_card, out); return;
        case TakeOutcome::fault:
            restock_.problem = StaffProblem::dispenser_fault;
            capture_in_restock(CaptureFor::refused_card, out);
            return;
    }
}

void StaffMachine::card_refused_for_good(bool captured, Commands& out) {
    ++restock_.refused;
    // A load journal entry that is still open records the capture in its closing; without one the
    // audit row lists the card in the bin.
    std::optional<BinEntry> listed;
    if (captured && !restock_.entry_open) {
        listed = BinEntry{restock_.nik,
                          restock_.card_serial.empty() ? std::nullopt : std::optional<std::string>(restock_.card_serial),
                          std::string(wire_code(restock_.refusal))};
    }
    audit(captured ? StaffAction::card_captured : StaffAction::card_refused,
          "reason=" + std::string(wire_code(restock_.refusal)), out, std::move(listed));
    if (restock_.entry_open) {
        abort_load(captured ? LoadAbortReason::captured : LoadAbortReason::returned, out);
        return;
    }
    after_card(out);
}

void StaffMachine::abort_load(LoadAbortReason reason, Commands& out) {
    const RequestId request = next_request();
    wait_for(Wait::load_aborted, request, config_.journal_timeout);
    out.push_back(JournalLoadAborted{request, restock_.load, restock_.slot, reason});
}

void StaffMachine::capture_in_restock(CaptureFor why, Commands& out) {
    restock_.capture_for = why;
    const RequestId request = next_request();
    restock_.phase = RestockPhase::capturing_card;
    wait_for(Wait::capture, request, config_.capture_timeout);
    out.push_back(CaptureCard{request});
}

void StaffMachine::captured_in_restock(bool ok, Commands& out) {
    if (!ok) {
        restock_failed(Wait::capture, StaffProblem::capture_failed, false, out);
        return;
    }
    switch (restock_.capture_for) {
        case CaptureFor::refused_card: card_refused_for_good(true, out); return;
        case CaptureFor::inserted_fault:
            audit(StaffAction::card_captured, "reason=dispenser_fault", out,
                  BinEntry{std::nullopt, std::nullopt, "dispenser_fault"});
            after_card(out);
            return;
        case CaptureFor::store_move_fault:
            // Whether the card reached the slot is unknown: the slot is blocked and its entry left open.
            mark_slot_fault(SlotFaultReason::store_move_failed, out);
            return;
    }
}

void StaffMachine::continue_after_failed_capture(Commands& out) {
    // Where the card is is unknown now; the problem stops loading after this.
    switch (restock_.capture_for) {
        case CaptureFor::store_move_fault: mark_slot_fault(SlotFaultReason::store_move_failed, out); return;
        case CaptureFor::refused_card:
        case CaptureFor::inserted_fault: after_card(out); return;
    }
}

void StaffMachine::mark_slot_fault(SlotFaultReason reason, Commands& out) {
    restock_.fault_reason = reason;
    if (std::find(restock_.blocked_slots.begin(), restock_.blocked_slots.end(), restock_.slot) ==
        restock_.blocked_slots.end()) {
        restock_.blocked_slots.push_back(restock_.slot);
    }
    audit(StaffAction::slot_blocked,
          "slot=" + std::to_string(restock_.slot) + " reason=" + std::string(slot_fault_reason_code(reason)), out);
    const RequestId request = next_request();
    restock_.phase = RestockPhase::blocking_slot;
    wait_for(Wait::slot_fault, request, config_.store_timeout);
    out.push_back(MarkSlotFault{request, restock_.slot, reason});
}

void StaffMachine::continue_after_slot_fault(Commands& out) {
    switch (restock_.fault_reason) {
        case SlotFaultReason::slot_occupied:
            // The card never left the read position: it goes back out, and its entry is closed then.
            refuse_card(LoadRefusal::slot_problem, out);
            return;
        case SlotFaultReason::inventory_mismatch:
            // The card is (per the dispenser) in the blocked slot, its entry open for an operator.
            after_card(out);
            return;
        case SlotFaultReason::store_move_failed:
        case SlotFaultReason::journal_failed: after_card(out); return;  // restock_.problem stops loading
    }
}

void StaffMachine::on(const LoadingStopped& e, Commands&) {
    if (phase_ != Phase::restock || !awaiting(Wait::stop_loading, e.request)) return;
    stop_waiting();
    restock_.phase = RestockPhase::stopped;
}

void StaffMachine::restock_failed(Wait wait, StaffProblem problem, bool timed_out, Commands& out) {
    switch (wait) {
        case Wait::loading_ready:
            restock_.problem = problem;
            if (timed_out) {
                stop_loading(out);  // the mouth may have opened after all
                return;
            }
            restock_.phase = RestockPhase::stopped;  // the dispenser refused to open
            return;
        case Wait::insert:
            restock_.problem = problem;
            capture_in_restock(CaptureFor::inserted_fault, out);
            return;
        case Wait::load_chip: refuse_card(LoadRefusal::unreadable, out); return;
        case Wait::loadable:
            restock_.problem = problem;
            refuse_card(LoadRefusal::store_unavailable, out);
            return;
        case Wait::load_intent:
            // Nothing was stored. A refused write left no entry; a silent one may have.
            restock_.problem = StaffProblem::journal_failed;
            restock_.entry_open = timed_out;
            refuse_card(LoadRefusal::journal_failed, out);
            return;
        case Wait::store_move:
            restock_.problem = problem;
            capture_in_restock(CaptureFor::store_move_fault, out);
            return;
        case Wait::load_stored:
        case Wait::load_done:
            // The card is in its slot but the record does not say so: block the slot for an operator.
            restock_.problem = StaffProblem::journal_failed;
            mark_slot_fault(SlotFaultReason::journal_failed, out);
            return;
        case Wait::load_aborted:
            restock_.problem = StaffProblem::journal_failed;
            after_card(out);
            return;
        case Wait::return_to_mouth:
            restock_.problem = problem;
            capture_in_restock(CaptureFor::refused_card, out);
            return;
        case Wait::stop_loading:
            if (!restock_.problem) restock_.problem = problem;
            restock_.phase = RestockPhase::stopped;
            return;
        case Wait::capture:
            restock_.problem = StaffProblem::capture_failed;
            continue_after_failed_capture(out);
            return;
        case Wait::slot_fault:
            restock_.problem = problem;
            continue_after_slot_fault(out);
            return;
        default: return;
    }
}

}  // namespace kiosk::core::staff
