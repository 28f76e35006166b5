// Names of session and staff events and commands for --trace: the kind only, never the data they carry (a
// NIK, a name or a template must not reach any output).
#pragma once

#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/staff/staff_commands.hpp"
#include "kiosk/core/staff/staff_events.hpp"

#include <string_view>

namespace kiosk::app {

[[nodiscard]] std::string_view event_name(const core::session::Event& event);
[[nodiscard]] std::string_view command_name(const core::session::Command& command);
[[nodiscard]] std::string_view staff_event_name(const core::staff::Event& event);
[[nodiscard]] std::string_view staff_command_name(const core::staff::Command& command);

}  // namespace kiosk::app
