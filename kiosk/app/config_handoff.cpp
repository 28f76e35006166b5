#include "kiosk/app/config_handoff.hpp"

#include "kiosk/app/session_setup.hpp"

namespace kiosk::app {

void ConfigHandoff::receive(const Config& effective) {
    pending_notice_ = effective.kiosk.notice;
    pending_session_ = session_config_from(effective);
}

std::optional<std::string> ConfigHandoff::take_notice() {
    return std::exchange(pending_notice_, std::nullopt);
}

bool ConfigHandoff::apply_when_idle(core::session::SessionMachine& machine) {
    using core::session::Phase;
    if (!pending_session_) return false;
    if (machine.phase() != Phase::attract && machine.phase() != Phase::out_of_service) return false;
    machine.reconfigure(*pending_session_);
    pending_session_.reset();
    return true;
}

}  // namespace kiosk::app
