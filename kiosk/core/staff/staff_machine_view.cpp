// The staff machine's view: its state as data for the screens. NIKs leave here only masked.
#include "kiosk/core/staff/staff_machine.hpp"

#include <algorithm>

namespace kiosk::core::staff {
namespace {

std::string masked(const std::optional<Nik>& nik) {
    return nik ? nik->masked() : std::string();
}

UncollectedRow row_of(const UncollectedCard& card) {
    return UncollectedRow{card.slot, card.nik.masked(), card.deadline_s};
}

Millis left_until(Instant until, Instant now) {
    return std::max(Millis{0}, until - now);
}

}  // namespace

StaffScreen StaffMachine::screen() const {
    switch (phase_) {
        case Phase::idle: return NotInStaffMode{};
        case Phase::looking_up: return CheckingStaffCardScreen{};
        case Phase::refused: return StaffRefusedScreen{refusal_};
        case Phase::pin_entry:
        case Phase::verifying_pin: {
            PinEntryScreen s;
            s.display_name = staff_ ? staff_->display_name : std::string();
            s.digit_count = pin_.size();
            s.min_digits = config_.pin_min_digits;
            s.max_digits = config_.pin_max_digits;
            s.too_short = pin_too_short_;
            s.checking = phase_ == Phase::verifying_pin;
            s.last_outcome = pin_last_;
            s.tries_left = tries_left_;
            s.problem = pin_problem_;
            return s;
        }
        case Phase::menu: return MenuScreen{overview_, wait_ == Wait::overview, menu_problem_};
        case Phase::restock: {
            RestockScreen s;
            s.phase = restock_.phase;
            s.loaded = restock_.loaded;
            s.refused = restock_.refused;
            s.fill = restock_.fill;
            s.last_refusal = restock_.last_refusal;
            s.last_loaded_slot = restock_.last_loaded_slot;
            s.blocked_slots = restock_.blocked_slots;
            s.stop_requested = restock_.stop_requested;
            if (restock_.phase == RestockPhase::returning_card)
                s.take_time_left = left_until(restock_.take_until, now_);
            s.problem = restock_.problem;
            return s;
        }
        case Phase::take_back: {
            TakeBackScreen s;
            s.phase = take_back_.phase;
            for (const UncollectedCard& card : take_back_.items) s.items.push_back(row_of(card));
            if (take_back_.current) s.current = row_of(*take_back_.current);
            s.returned = take_back_.returned;
            s.captured = take_back_.captured;
            s.last_issue = take_back_.last_issue;
            if (take_back_.phase == TakeBackPhase::take_card)
                s.take_time_left = left_until(take_back_.take_until, now_);
            s.stop_requested = take_back_.stop_requested && take_back_.current.has_value();
            s.problem = take_back_.problem;
            return s;
        }
        case Phase::capture_bin: {
            CaptureBinScreen s;
            s.phase = bin_.phase;
            s.count = bin_.count;
            s.capacity = bin_.capacity;
            for (const BinCard& card : bin_.items)
                s.items.push_back(
                    BinRow{card.card_serial.value_or(std::string()), masked(card.nik), card.reason_code, card.at_s});
            s.problem = bin_.problem;
            return s;
        }
        case Phase::operator_checks: {
            OperatorChecksScreen s;
            s.phase = checks_.phase;
            for (const OperatorCheck& c : checks_.items)
                s.items.push_back(CheckRow{c.entry_id, c.journal, c.slot, masked(c.nik), c.journal_state, c.reason,
                                           c.at_s, c.slot_sensor_occupied});
            s.chosen = checks_.chosen;
            s.last_resolved = checks_.last_resolved;
            s.problem = checks_.problem;
            return s;
        }
        case Phase::service: {
            ServiceScreen s;
            s.phase = service_.phase;
            s.in_service = service_.in_service;
            s.reason = service_.reason;
            s.self_test = service_.self_test;
            s.audit = service_.audit;
            s.problem = service_.problem;
            return s;
        }
    }
    return NotInStaffMode{};
}

StaffView StaffMachine::view() const {
    StaffView v;
    v.screen = screen();
    v.language = language_;
    if (signed_in()) v.signed_in = SignedInStaff{staff_->display_name, staff_->role};
    if (idle_tracked() && now_ >= last_activity_ + config_.idle_warning_after) {
        const auto left = std::chrono::ceil<std::chrono::seconds>(last_activity_ + config_.idle_timeout_after - now_);
        v.idle_warning = IdleWarning{static_cast<int>(std::max<std::chrono::seconds::rep>(left.count(), 0))};
    }
    v.ending = ending_.has_value();
    v.exit_available = phase_ != Phase::idle && !ending_;
    v.back_available = signed_in() && !ending_ && phase_ != Phase::menu && !busy();
    return v;
}

}  // namespace kiosk::core::staff
