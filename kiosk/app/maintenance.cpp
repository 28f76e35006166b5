#include "kiosk/app/maintenance.hpp"

namespace kiosk::app {

namespace {

bool no_session(core::session::Phase phase) {
    return phase == core::session::Phase::attract || phase == core::session::Phase::out_of_service;
}

}  // namespace

MaintenanceSwitch::MaintenanceSwitch(std::optional<std::string> persisted_reason) {
    if (!persisted_reason) return;
    ordered_ = true;
    in_effect_ = true;
    reason_ = std::move(*persisted_reason);
    told_ = true;
}

void MaintenanceSwitch::order(const mgmt::MaintenanceChange& change, core::session::Phase phase) {
    ordered_ = change.on;
    if (!change.on) {
        in_effect_ = false;
        reason_.clear();
        return;
    }
    reason_ = change.reason;
    if (no_session(phase)) in_effect_ = true;
}

std::optional<core::session::MaintenanceMode> MaintenanceSwitch::due(core::session::Phase phase) {
    if (ordered_ && !in_effect_ && no_session(phase)) in_effect_ = true;
    const bool wanted = in_effect_;
    if (wanted == told_) return std::nullopt;
    told_ = wanted;
    return core::session::MaintenanceMode{wanted};
}

mgmt::MaintenanceStatus MaintenanceSwitch::status() const {
    if (!ordered_) return {};
    return {in_effect_ ? mgmt::MaintenanceState::active : mgmt::MaintenanceState::pending, reason_};
}

std::optional<std::string> MaintenanceSwitch::reason_on_screen() const {
    if (!in_effect_) return std::nullopt;
    return reason_;
}

}  // namespace kiosk::app
