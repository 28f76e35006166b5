// From the kiosk's configuration to the session machine's and the staff machine's limits.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/core/session/session_config.hpp"
#include "kiosk/core/staff/staff_config.hpp"

namespace kiosk::app {

[[nodiscard]] core::session::SessionConfig session_config_from(const Config& config);
// Staff mode keeps its own idle limits (staff_config.hpp); the language and the dispenser's waits
// follow the kiosk's.
[[nodiscard]] core::staff::StaffConfig staff_config_from(const Config& config);

}  // namespace kiosk::app
