// The pickup: journal the intent, fetch the slot's card to the read position, check its chip against
// the verified resident, present it, and capture it whenever anything is not exactly right.
//
// Safety: PresentCard is emitted in one place only, after a fingerprint match and a chip that
// authenticated with the resident's NIK (and the record's card serial, when known). Every failure
// after the dispenser moved ends in CaptureCard; failures before it moved leave the card in its slot.
#include "kiosk/core/session/session_machine.hpp"

namespace kiosk::core::session {

int SessionMachine::slot() const {
    return session_.record && session_.record->slot ? *session_.record->slot : 0;
}

void SessionMachine::on(const PickupPressed&, Commands& out) {
    if (phase_ != Phase::status || !session_.matched || !session_.record) return;
    if (session_.record->status != CardStatus::in_kiosk || !session_.record->slot || dispenser_down_) return;
    const RequestId request = next_request();
    phase_ = Phase::pickup;
    session_.pickup_wait = PickupWait::journal;
    wait_for(request, config_.journal_timeout);
    out.push_back(JournalPickupIntent{request, *session_.nik, slot()});
}

void SessionMachine::on(const PickupIntentJournaled& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::journal || !awaiting(e.request)) return;
    if (!e.ok) {
        // Nothing moved: without a journaled intent the dispenser must not move.
        out.push_back(AlertOperator{AlertReason::journal_failed, slot()});
        end_with(MessageKind::go_to_counter);
        return;
    }
    const RequestId request = next_request();
    session_.pickup_wait = PickupWait::fetch;
    wait_for(request, config_.fetch_timeout);
    out.push_back(FetchSlot{request, slot()});
}

void SessionMachine::on(const SlotFetched& e, Commands& out) {
    if (phase_ != Phase::pickup || session_.pickup_wait != PickupWait::fetch || !awaiting(e.request)) return;
    switch (e.outcome) {
        case DispenserOutcome::ok: {
            out.push_back(JournalPickupStep{*session_.nik, slot(), PickupStep::fetched});
            const RequestId request = next_request();
            session_.pickup_wait = PickupWait::chip;
            wait_for(request, config_.chip_read_timeout);
            out.push_back(ReadChipAtReadPosition{request});
            return;
        }
        case DispenserOutcome::slot_empty:
            // The dispenser reports that nothing left the slot: there is no card to capture.
            out.push_back(AlertOperator{AlertReason::fetch_failed, slot()});
            out.push_back(JournalPickupAborted{*session_.nik, slot()});
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
        out.push_back(JournalPickupStep{*session_.nik, slot(), PickupStep::chip_verified});
        out.push_back(JournalPickupStep{*session_.nik, slot(), PickupStep::presenting});
        const RequestId request = next_request();
        session_.pickup_wait = PickupWait::take;
        session_.take_until = now_ + config_.take_timeout;
        wait_for(request, config_.take_timeout + config_.answer_grace);
        out.push_back(PresentCard{request, config_.take_timeout});
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
            out.push_back(JournalPickupDone{*session_.nik, slot()});
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
    out.push_back(JournalCaptured{*session_.nik, slot(), session_.capture_reason});
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
            out.push_back(AlertOperator{AlertReason::journal_failed, slot()});
            out.push_back(JournalPickupAborted{*session_.nik, slot()});
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
