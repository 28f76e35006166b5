#include "kiosk/app/status_board.hpp"

#include <variant>

namespace kiosk::app {

namespace session = core::session;
using mgmt::ApplicationState;
using mgmt::StateReason;

std::pair<ApplicationState, StateReason> cuss_state_of(const session::SessionView& view) {
    if (std::holds_alternative<session::AttractScreen>(view.screen)) return {ApplicationState::available, StateReason::none};
    const auto* out = std::get_if<session::OutOfServiceScreen>(&view.screen);
    if (out == nullptr) return {ApplicationState::active, StateReason::none};
    if (out->maintenance) return {ApplicationState::unavailable, StateReason::maintenance};
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
    : clock_(clock), started_(clock.now()) {
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
}

void StatusBoard::on_event(const session::Event& event) {
    const auto* health = std::get_if<session::DeviceHealth>(&event);
    if (health == nullptr) return;
    const std::lock_guard lock(mutex_);
    for (auto& device : status_.devices)
        if (device.device == health->device) device.fault = health->fault;
}

void StatusBoard::on_view(const session::SessionView& view) {
    const auto [state, reason] = cuss_state_of(view);
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    status_.state = state;
    status_.reason = reason == StateReason::maintenance && status_.maintenance.state != mgmt::MaintenanceState::active
                         ? StateReason::out_of_service_internal
                         : reason;
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
    status_.state = ApplicationState::stopped;
    status_.reason = StateReason::none;
}

mgmt::KioskStatus StatusBoard::snapshot() const {
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_).count();
    const std::lock_guard lock(mutex_);
    mgmt::KioskStatus status = status_;
    status.uptime_s = uptime;
    return status;
}

}  // namespace kiosk::app
