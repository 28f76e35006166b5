// From a configured device string to an open serial link: "sim" names the in-process simulator's
// pty (the demo provides its path), a path is opened as it is, "usb:VID:PID" finds the adapter.
#pragma once

#include "drivers/serial/link.hpp"
#include "kiosk/app/config.hpp"

#include <memory>
#include <string>

namespace kiosk::app {

// The port specification serial::open_link understands for `spec`; for a simulated device, the
// simulator's pty path (`sim_path`), which must then be set.
[[nodiscard]] Result<std::string> port_spec_for(const DeviceSpec& spec, const std::string& sim_path);

}  // namespace kiosk::app
