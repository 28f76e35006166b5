// From a configured device to the serial port its driver opens: "sim" names the in-process
// simulator's pty (the demo provides its path); a configured port (a path or a USB id) is handed on
// as the parsed serial::PortSpec it already is.
#pragma once

#include "drivers/serial/port_spec.hpp"
#include "kiosk/app/config/device_spec.hpp"

#include <string>

namespace kiosk::app {

// The port serial::open_link opens for `spec`; for a simulated device, the simulator's pty path
// (`sim_path`), which must then be set (it is empty without --demo).
[[nodiscard]] Result<serial::PortSpec> port_spec_for(const DeviceSpec& spec, const std::string& sim_path);

}  // namespace kiosk::app
