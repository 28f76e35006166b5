// ConfigHandoff: the UI thread's side of a live configuration change (ConfigChanged in the
// management mailbox). The attract screen's notice changes at once; the session machine's limits
// (idle timeouts, the card's take timeout) and its default language wait for the next idle point,
// the attract or out-of-service screen, so that no deadline moves under a resident mid-session.
//
// Thread safety: UI thread only.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/core/session/session_machine.hpp"

#include <optional>
#include <string>

namespace kiosk::app {

class ConfigHandoff {
public:
    // A newer change replaces one still waiting.
    void receive(const Config& effective);
    // The notice to show now, once per change.
    [[nodiscard]] std::optional<std::string> take_notice();
    // Gives the machine the waiting limits if it is between sessions; true when it did.
    bool apply_when_idle(core::session::SessionMachine& machine);
    [[nodiscard]] bool waiting() const { return pending_session_.has_value(); }

private:
    std::optional<std::string> pending_notice_;
    std::optional<core::session::SessionConfig> pending_session_;
};

}  // namespace kiosk::app
