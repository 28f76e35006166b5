#include "kiosk/app/status_board.hpp"

#include <variant>

namespace kiosk::app {

namespace session = core::session;
using mgmt::ApplicationState;
using mgmt::PickupOutcome;
using mgmt::SessionOutcome;
using mgmt::StateReason;

namespace {

SessionOutcome outcome_of(session::MessageKind kind) {
    switch (kind) {
        case session::MessageKind::card_taken: return SessionOutcome::card_taken;
        case session::MessageKind::card_captured: return SessionOutcome::card_captured;
        case session::MessageKind::go_to_counter: return SessionOutcome::go_to_counter;
        case session::MessageKind::fingerprint_not_verified: return SessionOutcome::fingerprint_not_verified;
        case session::MessageKind::nik_locked: return SessionOutcome::nik_locked;
        case session::MessageKind::fingerprint_unavailable: return SessionOutcome::fingerprint_unavailable;
        case session::MessageKind::service_error: return SessionOutcome::service_error;
    }
    return SessionOutcome::go_to_counter;
}

// The store's fault as the management interface names it.
std::optional<mgmt::StoreFault> reported_store_fault(std::optional<session::StoreFault> fault) {
    if (!fault) return std::nullopt;
    return *fault == session::StoreFault::damaged ? mgmt::StoreFault::integrity_check_failed : mgmt::StoreFault::disk_full;
}

}  // namespace

std::pair<ApplicationState, StateReason> cuss_state_of(const session::SessionView& view) {
    if (std::holds_alternative<session::AttractScreen>(view.screen)) return {ApplicationState::available, StateReason::none};
    const auto* out = std::get_if<session::OutOfServiceScreen>(&view.screen);
    if (out == nullptr) return {ApplicationState::active, StateReason::none};
    if (out->maintenance) return {ApplicationState::unavailable, StateReason::maintenance};
    if (out->store) return {ApplicationState::unavailable, StateReason::out_of_service_internal};
    if (out->device) {
        const bool consumables = out->device->fault == session::DeviceFault::magazine_empty ||
                                 out->device->fault == session::DeviceFault::capture_bin_full;
        return {ApplicationState::unavailable,
                consumables ? StateReason::out_of_service_consumables : StateReason::out_of_service_hardware};
    }
    return {ApplicationState::unavailable, StateReason::out_of_service_internal};
}

StatusBoard::StatusBoard(std::string kiosk_id, std::string version, std::int64_t started_unix_s,
                         const session::DeviceHealthSnapshot& initial, SteadyClock& clock)
    : clock_(clock), started_(clock.now()), state_entered_(started_) {
    status_.kiosk_id = std::move(kiosk_id);
    status_.version = std::move(version);
    status_.started_unix_s = started_unix_s;
    // Until the first view: starting up is not yet serving.
    status_.state = ApplicationState::unavailable;
    status_.reason = StateReason::out_of_service_internal;
    for (const auto device : session::kAllDevices) {
        std::optional<session::DeviceFault> fault;
        switch (device) {
            case session::Device::card_reader: fault = initial.card_reader; break;
            case session::Device::fingerprint: fault = initial.fingerprint; break;
            case session::Device::dispenser: fault = initial.dispenser; break;
        }
        status_.devices.push_back({device, fault});
    }
    status_.store_fault = reported_store_fault(initial.store);
}

void StatusBoard::on_event(const session::Event& event) {
    const std::lock_guard lock(mutex_);
    auto& activity = activity_;
    const bool store_answer_failed = std::holds_alternative<session::LookupFailed>(event);
    // The store's own faults (StoreHealth) hold until the store says it recovered; a failed or good
    // answer in between only sets or clears query_failed.
    const bool store_fault_held = status_.store_fault == mgmt::StoreFault::integrity_check_failed ||
                                  status_.store_fault == mgmt::StoreFault::disk_full;
    if (const auto* health = std::get_if<session::DeviceHealth>(&event)) {
        for (auto& device : status_.devices)
            if (device.device == health->device) device.fault = health->fault;
    } else if (const auto* store = std::get_if<session::StoreHealth>(&event)) {
        // As the machine: damaged until restart, whatever the disk does meanwhile.
        if (status_.store_fault != mgmt::StoreFault::integrity_check_failed)
            status_.store_fault = reported_store_fault(store->fault);
    } else if (const auto* result = std::get_if<session::FingerprintResult>(&event)) {
        if (finger_awaited_ == result->request) {
            ++activity.fingerprint_results[result->outcome];
            finger_awaited_.reset();
        }
    } else if (const auto* journaled = std::get_if<session::PickupIntentJournaled>(&event)) {
        if (pickup_open_ == journaled->request && !journaled->ok) end_pickup(PickupOutcome::aborted);
        if (!store_fault_held)
            status_.store_fault = journaled->ok ? std::nullopt : std::optional(mgmt::StoreFault::query_failed);
    } else if (std::holds_alternative<session::RecordLookedUp>(event) || store_answer_failed) {
        if (!store_fault_held)
            status_.store_fault = store_answer_failed ? std::optional(mgmt::StoreFault::query_failed) : std::nullopt;
    }
    if (std::holds_alternative<session::Cancel>(event) || std::holds_alternative<session::Back>(event))
        ending_ = Ending::cancelled;
    else if (std::holds_alternative<session::DeviceHealth>(event) ||
             std::holds_alternative<session::MaintenanceMode>(event) || std::holds_alternative<session::StoreHealth>(event))
        ending_ = Ending::out_of_service;
    else
        ending_ = Ending::timed_out;
}

void StatusBoard::end_pickup(PickupOutcome outcome) {
    if (!pickup_open_) return;
    pickup_open_.reset();
    ++activity_.pickups[outcome];
}

void StatusBoard::on_command(const session::Command& command) {
    const std::lock_guard lock(mutex_);
    auto& activity = activity_;
    if (const auto* verify = std::get_if<session::VerifyFingerprint>(&command)) {
        finger_awaited_ = verify->request;
    } else if (const auto* cancel = std::get_if<session::CancelFingerprint>(&command)) {
        if (finger_awaited_ == cancel->request) finger_awaited_.reset();
    } else if (const auto* intent = std::get_if<session::JournalPickupIntent>(&command)) {
        pickup_open_ = intent->request;
    } else if (std::holds_alternative<session::JournalPickupDone>(command)) {
        end_pickup(PickupOutcome::taken);
    } else if (const auto* captured = std::get_if<session::JournalCaptured>(&command)) {
        ++activity.captures[captured->reason];
        end_pickup(PickupOutcome::captured);
    } else if (std::holds_alternative<session::JournalPickupAborted>(command)) {
        end_pickup(PickupOutcome::aborted);
    } else if (std::holds_alternative<session::WipeSession>(command)) {
        SessionOutcome outcome = SessionOutcome::timed_out;
        if (message_shown_) outcome = outcome_of(*message_shown_);
        else if (ending_ == Ending::cancelled) outcome = SessionOutcome::cancelled;
        else if (ending_ == Ending::out_of_service) outcome = SessionOutcome::out_of_service;
        ++activity.sessions[outcome];
        end_pickup(PickupOutcome::failed);
        message_shown_.reset();
        finger_awaited_.reset();
    }
}

void StatusBoard::on_frame_timing(double render_s, const std::vector<double>& input_to_frame_s) {
    const std::lock_guard lock(mutex_);
    activity_.frame_render_s.observe(render_s);
    for (const double latency_s : input_to_frame_s) activity_.input_to_frame_s.observe(latency_s);
}

void StatusBoard::on_view(const session::SessionView& view) {
    const auto [state, reason] = cuss_state_of(view);
    const auto* message = std::get_if<session::MessageScreen>(&view.screen);
    const std::lock_guard lock(mutex_);
    if (message != nullptr) message_shown_ = message->kind;
    if (stopping_) return;
    set_state(state, reason);
}

void StatusBoard::set_state(ApplicationState state, StateReason reason) {
    if (state != status_.state) state_entered_ = clock_.now();
    status_.state = state;
    status_.reason = reason;
}

void StatusBoard::on_maintenance(const mgmt::MaintenanceStatus& maintenance) {
    const std::lock_guard lock(mutex_);
    status_.maintenance = maintenance;
}

void StatusBoard::on_frame(std::int64_t unix_ms) {
    const std::lock_guard lock(mutex_);
    status_.last_frame_unix_ms = unix_ms;
}

void StatusBoard::on_stopping() {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    set_state(ApplicationState::stopped, StateReason::none);
}

mgmt::KioskStatus StatusBoard::snapshot() const {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();  // under the lock: never before a state change it copies
    mgmt::KioskStatus status = status_;
    status.uptime_s = std::chrono::duration_cast<std::chrono::seconds>(now - started_).count();
    status.state_age_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - state_entered_).count();
    status.activity = activity_;
    return status;
}

mgmt::KioskStatus StatusBoard::answered_snapshot() const {
    const std::lock_guard lock(mutex_);
    return status_;  // its uptime, state age and activity are kept beside it, at their defaults here
}

}  // namespace kiosk::app
