// The session machine: identify, lookup, fingerprint, status, timers, health and the view.
// The pickup's device steps are in session_pickup.cpp.
#include "kiosk/core/session/session_machine.hpp"

#include "kiosk/core/assert.hpp"

#include <algorithm>

namespace kiosk::core::session {

SessionMachine::SessionMachine(SessionConfig config, DeviceHealthSnapshot health, Instant now,
                               const std::vector<NikLockBook::Entry>& persisted_locks)
    : config_(config),
      lock_book_(config.lock),
      card_reader_down_(health.card_reader),
      fingerprint_down_(health.fingerprint),
      dispenser_down_(health.dispenser),
      maintenance_(health.maintenance),
      store_down_(health.store),
      language_(config.default_language),
      now_(now),
      last_activity_(now) {
    lock_book_.restore(persisted_locks, now);
    phase_ = in_service() ? Phase::attract : Phase::out_of_service;
}

Commands SessionMachine::handle(Instant now, const Event& event) {
    now_ = std::max(now_, now);
    Commands out;
    std::visit([&](const auto& e) { on(e, out); }, event);
    check_timers(out);
    return out;
}

void SessionMachine::reconfigure(const SessionConfig& config) {
    VERIFY_MSG(phase_ == Phase::attract || phase_ == Phase::out_of_service, "reconfigure during a session");
    if (language_ == config_.default_language) language_ = config.default_language;
    const LockPolicy kept = config_.lock;
    config_ = config;
    config_.lock = kept;
}

// ---------------------------------------------------------------- the resident's input

void SessionMachine::begin_session() {
    session_ = SessionData{};
    phase_ = Phase::identify;
    pending_.reset();
    deadline_.reset();
    touch();
}

void SessionMachine::on(const StartPressed&, Commands&) {
    if (phase_ == Phase::attract) begin_session();
}

void SessionMachine::on(const LanguageSelected& e, Commands&) {
    // Allowed in every phase, including out of service (the reason is then read in that language).
    language_ = e.language;
    touch();
}

void SessionMachine::on(const KeypadDigit& e, Commands&) {
    if (phase_ == Phase::attract && e.digit >= '0' && e.digit <= '9') begin_session();
    if (phase_ != Phase::identify) return;
    touch();
    if (session_.keypad.push_digit(e.digit)) {
        session_.too_short = false;
        session_.confirm_needed = false;
        session_.tap_refused.reset();
    }
}

void SessionMachine::on(const KeypadBackspace&, Commands&) {
    if (phase_ != Phase::identify) return;
    touch();
    session_.keypad.backspace();
    session_.too_short = false;
    session_.confirm_needed = false;
}

void SessionMachine::on(const KeypadClear&, Commands&) {
    if (phase_ != Phase::identify) return;
    touch();
    session_.keypad.clear();
    session_.too_short = false;
    session_.confirm_needed = false;
}

void SessionMachine::on(const KeypadSubmit&, Commands& out) {
    if (phase_ != Phase::identify) return;
    touch();
    auto nik = session_.keypad.nik();
    if (!nik) {
        session_.too_short = true;
        return;
    }
    // An implausible NIK is a warning the resident confirms past, never a refusal.
    if (session_.keypad.hint(today()) && !session_.confirm_needed) {
        session_.confirm_needed = true;
        return;
    }
    submit_nik(*nik, out);
}

void SessionMachine::on(const MoreTime&, Commands&) {
    if (idle_tracked()) touch();
}

void SessionMachine::on(const Back&, Commands& out) {
    switch (phase_) {
        case Phase::looking_up:
        case Phase::fingerprint:
            // Back to the keypad with what was typed; the session's tries stay used, so Back cannot
            // buy more attempts.
            if (phase_ == Phase::fingerprint && pending_) out.push_back(CancelFingerprint{*pending_});
            pending_.reset();
            deadline_.reset();
            session_.nik.reset();
            session_.record.reset();
            session_.last_attempt.reset();
            session_.confirm_needed = false;
            phase_ = Phase::identify;
            touch();
            return;
        case Phase::identify:
        case Phase::status:
        case Phase::message: end_session(out); return;
        case Phase::attract:
        case Phase::out_of_service:
        case Phase::pickup: return;  // nothing behind attract; a moving card is never abandoned
    }
}

void SessionMachine::on(const Cancel&, Commands& out) {
    switch (phase_) {
        case Phase::fingerprint:
            if (pending_) out.push_back(CancelFingerprint{*pending_});
            end_session(out);
            return;
        case Phase::identify:
        case Phase::looking_up:
        case Phase::status:
        case Phase::message: end_session(out); return;
        case Phase::attract:
        case Phase::out_of_service:
        case Phase::pickup: return;
    }
}

void SessionMachine::on(const CardTapped& e, Commands& out) {
    if (card_reader_down_ || (phase_ != Phase::attract && phase_ != Phase::identify)) return;
    if (phase_ == Phase::attract) begin_session();
    touch();
    if (!e.chip) {
        // A refused card never identifies anyone; the screen says why (tap again, not an e-KTP, ...).
        session_.tap_refused = e.refusal;
        return;
    }
    session_.tap_refused.reset();
    submit_nik(e.chip->nik, out);
}

// ---------------------------------------------------------------- lookup and fingerprint

void SessionMachine::submit_nik(const Nik& nik, Commands& out) {
    session_.nik = nik;
    session_.confirm_needed = false;
    lock_book_.prune(now_);
    // Checked before the lookup, so a lock tells nothing about whether the NIK exists.
    if (lock_book_.is_locked(nik, now_)) {
        end_with(MessageKind::nik_locked);
        return;
    }
    if (session_.tries_used >= config_.max_finger_tries) {
        end_with(MessageKind::fingerprint_not_verified);
        return;
    }
    const RequestId request = next_request();
    phase_ = Phase::looking_up;
    session_.stage = FingerStage::preparing;
    wait_for(request, config_.lookup_timeout);
    out.push_back(LookupRecord{request, nik});
}

void SessionMachine::on(const RecordLookedUp& e, Commands& out) {
    if (phase_ != Phase::looking_up || !awaiting(e.request)) return;
    session_.record = e.record;  // found or not, the next step is the same
    start_finger_attempt(out);
}

void SessionMachine::on(const LookupFailed& e, Commands&) {
    if (phase_ != Phase::looking_up || !awaiting(e.request)) return;
    end_with(MessageKind::service_error);
}

void SessionMachine::start_finger_attempt(Commands& out) {
    const RequestId request = next_request();
    phase_ = Phase::fingerprint;
    session_.stage = FingerStage::preparing;
    wait_for(request, config_.finger_capture_timeout + config_.answer_grace);
    VerifyFingerprint verify{request, {}, config_.finger_capture_timeout};
    if (session_.record) verify.templates = session_.record->templates;
    out.push_back(std::move(verify));
}

void SessionMachine::on(const FingerprintProgress& e, Commands&) {
    if (phase_ != Phase::fingerprint || !awaiting(e.request)) return;
    session_.stage = e.stage;
    if (e.stage != FingerStage::waiting_for_finger) touch();
}

void SessionMachine::on(const FingerprintResult& e, Commands& out) {
    if (phase_ != Phase::fingerprint || !awaiting(e.request)) return;
    pending_.reset();
    deadline_.reset();
    switch (e.outcome) {
        case FingerOutcome::matched:
            // A match without a record (a driver fault: there were no templates) or below the score
            // floor is treated as a mismatch, never as an identity.
            if (session_.record && e.score >= config_.match_score_min) {
                session_.matched = true;
                lock_book_.record_success(*session_.nik);
                out.push_back(PersistLockBook{});
                phase_ = Phase::status;
                touch();
                return;
            }
            finger_attempt_failed(FingerOutcome::no_match, out);
            return;
        case FingerOutcome::no_match:
        case FingerOutcome::no_finger:
        case FingerOutcome::poor_image: finger_attempt_failed(e.outcome, out); return;
        case FingerOutcome::device_error: end_with(MessageKind::fingerprint_unavailable); return;
    }
}

void SessionMachine::finger_attempt_failed(FingerOutcome outcome, Commands& out) {
    ++session_.tries_used;
    session_.last_attempt = outcome;
    if (outcome != FingerOutcome::no_finger) touch();
    if (outcome == FingerOutcome::no_match) {
        // Counted for any NIK, known or not, so locking is no oracle either.
        const bool locked = lock_book_.record_failure(*session_.nik, now_);
        out.push_back(PersistLockBook{});
        if (locked) {
            end_with(MessageKind::nik_locked);
            return;
        }
    }
    if (session_.tries_used >= config_.max_finger_tries) {
        end_with(MessageKind::fingerprint_not_verified);
        return;
    }
    start_finger_attempt(out);
}

// ---------------------------------------------------------------- endings

void SessionMachine::end_with(MessageKind kind) {
    // The resident's data leaves memory now; WipeSession follows when the message goes.
    session_ = SessionData{};
    session_.message = kind;
    phase_ = Phase::message;
    pending_.reset();
    deadline_.reset();
    message_until_ = now_ + config_.message_display;
}

void SessionMachine::end_session(Commands& out) {
    session_ = SessionData{};
    pending_.reset();
    deadline_.reset();
    language_ = config_.default_language;
    phase_ = in_service() ? Phase::attract : Phase::out_of_service;
    out.push_back(WipeSession{});
}

// ---------------------------------------------------------------- health

void SessionMachine::leave_for_out_of_service_if_needed(Commands& out) {
    if (in_service()) {
        if (phase_ == Phase::out_of_service) phase_ = Phase::attract;
        return;
    }
    switch (phase_) {
        case Phase::attract: phase_ = Phase::out_of_service; return;
        case Phase::fingerprint:
            if (pending_) out.push_back(CancelFingerprint{*pending_});
            end_session(out);
            return;
        case Phase::identify:
        case Phase::looking_up: end_session(out); return;
        // After a match the resident finishes; the kiosk goes out of service when the session ends.
        case Phase::status:
        case Phase::pickup:
        case Phase::message:
        case Phase::out_of_service: return;
    }
}

void SessionMachine::on(const DeviceHealth& e, Commands& out) {
    const std::optional<DeviceFault>& state = e.fault;
    switch (e.device) {
        case Device::card_reader: card_reader_down_ = state; break;
        case Device::dispenser: dispenser_down_ = state; break;  // the status view reads it live
        case Device::fingerprint:
            // A sensor lost mid-capture: its pending result will not come, and status needs the finger.
            fingerprint_down_ = state;
            break;
    }
    leave_for_out_of_service_if_needed(out);
}

void SessionMachine::on(const MaintenanceMode& e, Commands& out) {
    maintenance_ = e.on;
    leave_for_out_of_service_if_needed(out);
}

// As a device down: a session before its match ends; one after it finishes (its own journal writes
// fail safe on a full disk: the card goes to the bin, never to the mouth).
void SessionMachine::on(const StoreHealth& e, Commands& out) {
    // A damaged store stays so until the program restarts: a full disk found writable again later
    // does not lift it, nor does a full disk hide it.
    if (store_down_ != StoreFault::damaged) store_down_ = e.fault;
    leave_for_out_of_service_if_needed(out);
}

// ---------------------------------------------------------------- time

void SessionMachine::wait_for(RequestId request, Millis timeout) {
    pending_ = request;
    deadline_ = now_ + timeout;
}

bool SessionMachine::idle_tracked() const {
    return phase_ == Phase::identify || phase_ == Phase::fingerprint || phase_ == Phase::status;
}

void SessionMachine::check_timers(Commands& out) {
    if (deadline_ && now_ >= *deadline_) {
        deadline_.reset();
        switch (phase_) {
            case Phase::looking_up: end_with(MessageKind::service_error); break;
            case Phase::fingerprint:
                if (pending_) out.push_back(CancelFingerprint{*pending_});
                end_with(MessageKind::fingerprint_unavailable);
                break;
            case Phase::pickup: pickup_deadline_passed(out); break;
            default: pending_.reset(); break;
        }
    }
    if (phase_ == Phase::message && now_ >= message_until_) {
        end_session(out);
        return;
    }
    if (idle_tracked() && now_ >= last_activity_ + config_.idle_timeout_after) {
        if (phase_ == Phase::fingerprint && pending_) out.push_back(CancelFingerprint{*pending_});
        end_session(out);
    }
}

CivilDate SessionMachine::today() const {
    const auto local_days = std::chrono::floor<std::chrono::days>(now_ + config_.utc_offset);
    const std::chrono::year_month_day ymd{local_days};
    return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// ---------------------------------------------------------------- view

Screen SessionMachine::screen() const {
    switch (phase_) {
        case Phase::out_of_service: {
            OutOfServiceScreen s;
            s.maintenance = maintenance_;
            if (fingerprint_down_) s.device = DeviceDown{Device::fingerprint, *fingerprint_down_};
            s.store = store_down_;
            return s;
        }
        case Phase::attract: return AttractScreen{!card_reader_down_};
        case Phase::identify: {
            IdentifyScreen s;
            s.typed_grouped = session_.keypad.grouped();
            s.digit_count = session_.keypad.size();
            if (auto hint = session_.keypad.hint(today())) s.hint = hint->problem;
            s.too_short = session_.too_short;
            s.confirm_needed = session_.confirm_needed;
            s.tap_available = !card_reader_down_;
            if (card_reader_down_) s.tap_unavailable = DeviceDown{Device::card_reader, *card_reader_down_};
            s.tap_refused = session_.tap_refused;
            return s;
        }
        case Phase::looking_up:
        case Phase::fingerprint:
            return FingerprintScreen{session_.nik ? session_.nik->masked() : std::string(),
                                     config_.max_finger_tries - session_.tries_used, session_.stage,
                                     session_.last_attempt};
        case Phase::status: {
            // Only reachable with a match and a record.
            StatusScreen s;
            s.nik_grouped = session_.nik->grouped();
            s.status = session_.record->status;
            s.facts = session_.record->facts;
            if (s.status == CardStatus::in_kiosk) {
                if (dispenser_down_)
                    s.pickup_block = PickupBlock::dispenser_down;
                else if (!session_.record->slot)
                    s.pickup_block = PickupBlock::no_slot;
                s.pickup_offered = s.pickup_block == PickupBlock::none;
            }
            return s;
        }
        case Phase::pickup: {
            PickupScreen s;
            switch (session_.pickup_wait) {
                case PickupWait::journal: s.phase = PickupPhase::preparing; break;
                case PickupWait::fetch: s.phase = PickupPhase::fetching; break;
                case PickupWait::chip:
                case PickupWait::journal_presenting: s.phase = PickupPhase::checking_card; break;
                case PickupWait::take:
                    s.phase = PickupPhase::take_card;
                    s.take_time_left = std::max(Millis{0}, session_.take_until - now_);
                    break;
                case PickupWait::capture: s.phase = PickupPhase::securing_card; break;
            }
            return s;
        }
        case Phase::message: return MessageScreen{session_.message};
    }
    return AttractScreen{};
}

SessionView SessionMachine::view() const {
    SessionView v{screen(), language_, std::nullopt, false};
    if (idle_tracked() && now_ >= last_activity_ + config_.idle_warning_after) {
        const auto left = std::chrono::ceil<std::chrono::seconds>(last_activity_ + config_.idle_timeout_after - now_);
        v.idle_warning = IdleWarning{static_cast<int>(std::max<std::chrono::seconds::rep>(left.count(), 0))};
    }
    v.cancel_available = phase_ == Phase::identify || phase_ == Phase::looking_up || phase_ == Phase::fingerprint ||
                         phase_ == Phase::status || phase_ == Phase::message;
    return v;
}

}  // namespace kiosk::core::session
