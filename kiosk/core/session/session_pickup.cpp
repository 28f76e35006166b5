// The pickup: journal the intent, fetch the slot's card to the read position, check its chip against
// the verified resident, present it, and capture it whenever anything is not exactly right.
//
// Safety: PresentCard is emitted in one place only (present_if_journaled), after a fingerprint match,
// a chip that authenticated with the resident's NIK (and the record's card serial, when known), and
// the store's confirmation of every journal step written since the fetch. Every failure after the
// dispenser moved ends in CaptureCard; failures before it moved leave the card in its slot.
//
// Which journal write guards which movement (the store may answer late: it runs on a worker):
//   intent         before FetchSlot: without it a power cut could hide that the card left its slot.
//                  Waited for (PickupWait::journal); a failure moves nothing.
//   fetched,       written once the card is at the read position. Not waited for before the chip
//   chip_verified  read (reading moves nothing), but before PresentCard: a failure means the journal
//                  lags the card, so the card goes to the bin (journal_failed), never to the mouth.
//   presenting     before PresentCard: start-up reconciliation declares a card taken only from
//                  `presenting` (core/pickup_reconciliation.hpp), so a card presented without it
//                  would, after a power cut, be a missing card instead of a recorded pickup.
//                  Waited for (PickupWait::journal_presenting), with every earlier step.
//   done,          written after the last movement: nothing waits for them. A failure is alerted
//   captured,      (journal_failed) and the entry stays open, which start-up reconciliation settles
//   aborted        from the dispenser's sensors and bin counter (presenting + slot empty -> taken;
//                  bin +1 -> captured; intent + slot occupied -> aborted); the application writes
//                  the record's status and outbox event on their own meanwhile (store_service.hpp).
#include "kiosk/core/session/session_machine.hpp"

#include <algorithm>

namespace kiosk::core::session {

int SessionMachine::slot() const {
    return session_.record && session_.record->slot ? *session_.record->slot : 0;
}

RequestId SessionMachine::expect_journal_write(bool is_step) {
    const RequestId request = next_request();
    if (unconfirmed_.size() >= kMaxUnconfirmedJournalWrites) unconfirmed_.erase(unconfirmed_.begin());
    unconfirmed_.push_back(JournalWrite{request, session_.pickup, slot(), is_step});
    return request;
}

void SessionMachine::alert_journal_failed(RequestId pickup, int slot, Commands& out) {
    if (journal_alerted_for_ == pickup) return;  // one alert per pickup, however many writes failed
    journal_alerted_for_ = pickup;
    out.push_back(AlertOperator{AlertReason::journal_failed, slot});
}

void SessionMachine::on(const PickupPressed&, Commands& out) {
    if (phase_ != Phase::status || !session_.matched || !session_.record) return;
    if (session_.record->status != CardStatus::in_kiosk || !session_.record->slot || dispenser_down_) return;
    const RequestId request = next_request();
    phase_ = Phase::pickup;
    session_.pickup_wait = PickupWait::journal;
    session_.pickup = request;
    wait_for(request, config_.journal_timeout);
    out.push_back(JournalPickupIntent{request, *session_.nik, slot()});
}

void SessionMachine::on(const PickupIntentJournaled& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::journal || !awaiting(e.request)) return;
    if (!e.ok) {
        // Nothing moved: without a journaled intent the dispenser must not move.
        alert_journal_failed(session_.pickup, slot(), out);
        end_with(MessageKind::go_to_counter);
        return;
    }
    const RequestId request = next_request();
    session_.pickup_wait = PickupWait::fetch;
    wait_for(request, config_.fetch_timeout);
    out.push_back(FetchSlot{request, slot()});
}

void SessionMachine::on(const PickupStepJournaled& e, Commands& out) {
    const auto it = std::find_if(unconfirmed_.begin(), unconfirmed_.end(),
                                 [&](const JournalWrite& w) { return w.request == e.request; });
    if (it == unconfirmed_.end()) return;  // stale, answered twice, or made up
    const JournalWrite write = *it;
    unconfirmed_.erase(it);
    if (e.ok) {
        present_if_journaled(out);
        return;
    }
    alert_journal_failed(write.pickup, write.slot, out);
    if (phase_ != Phase::pickup || write.pickup != session_.pickup) return;  // that pickup is over
    session_.journal_failed = true;
    // The card is at the read position (take is unreachable before every step is confirmed; a
    // capture already under way goes on): it goes to the bin, never to the mouth.
    if (session_.pickup_wait == PickupWait::chip || session_.pickup_wait == PickupWait::journal_presenting) {
        start_capture(CaptureReason::journal_failed, out);
    }
}

void SessionMachine::present_if_journaled(Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::journal_presenting || session_.journal_failed) {
        return;
    }
    const bool unconfirmed_step = std::any_of(unconfirmed_.begin(), unconfirmed_.end(), [&](const JournalWrite& w) {
        return w.is_step && w.pickup == session_.pickup;
    });
    if (unconfirmed_step) return;
    const RequestId request = next_request();
    session_.pickup_wait = PickupWait::take;
    session_.take_until = now_ + config_.take_timeout;
    wait_for(request, config_.take_timeout + config_.answer_grace);
    out.push_back(PresentCard{request, config_.take_timeout});
}

void SessionMachine::on(const SlotFetched& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::fetch || !awaiting(e.request)) return;
    switch (e.outcome) {
        case DispenserOutcome::ok: {
            out.push_back(JournalPickupStep{expect_journal_write(true), *session_.nik, slot(), PickupStep::fetched});
            const RequestId request = next_request();
            session_.pickup_wait = PickupWait::chip;
            wait_for(request, config_.chip_read_timeout);
            out.push_back(ReadChipAtReadPosition{request});
            return;
        }
        case DispenserOutcome::slot_empty:
            // The dispenser reports that nothing left the slot: there is no card to capture.
            out.push_back(AlertOperator{AlertReason::fetch_failed, slot()});
            out.push_back(JournalPickupAborted{expect_journal_write(false), *session_.nik, slot()});
            end_with(MessageKind::go_to_counter);
            return;
        case DispenserOutcome::jam:
        case DispenserOutcome::fault:
            // The card may be anywhere in the transport: send whatever is there to the bin.
            out.push_back(AlertOperator{AlertReason::fetch_failed, slot()});
            start_capture(CaptureReason::dispenser_fault, out);
            return;
    }
}

void SessionMachine::on(const ChipReadAtReadPosition& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::chip || !awaiting(e.request)) return;
    const auto& expected_serial = session_.record->facts.card_serial;
    const bool is_residents_card = session_.matched && e.chip && e.chip->nik == *session_.nik &&
                                   (!expected_serial || e.chip->card_serial == expected_serial);
    if (is_residents_card) {
        out.push_back(JournalPickupStep{expect_journal_write(true), *session_.nik, slot(), PickupStep::chip_verified});
        const RequestId presenting = expect_journal_write(true);
        out.push_back(JournalPickupStep{presenting, *session_.nik, slot(), PickupStep::presenting});
        session_.pickup_wait = PickupWait::journal_presenting;
        wait_for(presenting, config_.journal_timeout);
        return;
    }
    AlertReason reason = AlertReason::chip_mismatch;
    if (!e.chip) {
        switch (e.refusal) {
            case ChipRefusal::forged: reason = AlertReason::chip_forged; break;
            case ChipRefusal::cloned: reason = AlertReason::chip_cloned; break;
            case ChipRefusal::unreadable:
            case ChipRefusal::removed:
            case ChipRefusal::not_our_application: reason = AlertReason::chip_unreadable; break;
        }
    }
    out.push_back(AlertOperator{reason, slot()});
    start_capture(e.chip ? CaptureReason::chip_mismatch : CaptureReason::chip_refused, out);
}

void SessionMachine::on(const CardPresentResult& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::take || !awaiting(e.request)) return;
    switch (e.outcome) {
        case TakeOutcome::taken:
            out.push_back(JournalPickupDone{expect_journal_write(false), *session_.nik, slot()});
            out.push_back(RecordStatus{*session_.nik, CardStatus::picked_up});
            out.push_back(EmitOutboxEvent{OutboxKind::card_picked_up, *session_.nik, slot()});
            end_with(MessageKind::card_taken);
            return;
        case TakeOutcome::not_taken: start_capture(CaptureReason::not_taken, out); return;
        case TakeOutcome::fault:
            out.push_back(AlertOperator{AlertReason::present_failed, slot()});
            start_capture(CaptureReason::dispenser_fault, out);
            return;
    }
}

void SessionMachine::start_capture(CaptureReason reason, Commands& out) {
    const RequestId request = next_request();
    session_.pickup_wait = PickupWait::capture;
    session_.capture_reason = reason;
    wait_for(request, config_.capture_timeout);
    out.push_back(CaptureCard{request});
}

void SessionMachine::on(const CardCaptured& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::capture || !awaiting(e.request)) return;
    if (e.outcome != DispenserOutcome::ok) {
        // Where the card is now is unknown: staff must look; start-up reconciliation reads the sensors.
        out.push_back(AlertOperator{AlertReason::capture_failed, slot()});
        end_with(MessageKind::go_to_counter);
        return;
    }
    out.push_back(JournalCaptured{expect_journal_write(false), *session_.nik, slot(), session_.capture_reason});
    if (session_.capture_reason == CaptureReason::not_taken) {
        // The resident's own verified card, kept safe: their status says so.
        out.push_back(RecordStatus{*session_.nik, CardStatus::captured});
        out.push_back(EmitOutboxEvent{OutboxKind::card_captured, *session_.nik, slot()});
        end_with(MessageKind::card_captured);
        return;
    }
    end_with(MessageKind::go_to_counter);
}

void SessionMachine::pickup_deadline_passed(Commands& out) {
    switch (session_.pickup_wait) {
        case PickupWait::journal:
            // The store did not confirm the intent: the dispenser has not moved and will not.
            alert_journal_failed(session_.pickup, slot(), out);
            out.push_back(JournalPickupAborted{expect_journal_write(false), *session_.nik, slot()});
            end_with(MessageKind::go_to_counter);
            return;
        case PickupWait::fetch:
            out.push_back(AlertOperator{AlertReason::dispenser_silent, slot()});
            start_capture(CaptureReason::dispenser_silent, out);
            return;
        case PickupWait::chip:
            out.push_back(AlertOperator{AlertReason::chip_unreadable, slot()});
            start_capture(CaptureReason::chip_refused, out);
            return;
        case PickupWait::journal_presenting:
            // The store did not confirm that the card may leave: it goes to the bin, not the mouth.
            alert_journal_failed(session_.pickup, slot(), out);
            session_.journal_failed = true;
            start_capture(CaptureReason::journal_failed, out);
            return;
        case PickupWait::take:
            out.push_back(AlertOperator{AlertReason::dispenser_silent, slot()});
            start_capture(CaptureReason::dispenser_silent, out);
            return;
        case PickupWait::capture:
            out.push_back(AlertOperator{AlertReason::dispenser_silent, slot()});
            end_with(MessageKind::go_to_counter);
            return;
    }
}

}  // namespace kiosk::core::session
