// From the kiosk's configuration to the session machine's limits.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/core/session/session_config.hpp"

namespace kiosk::app {

[[nodiscard]] core::session::SessionConfig session_config_from(const Config& config);

}  // namespace kiosk::app
