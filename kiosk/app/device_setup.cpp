#include "kiosk/app/device_setup.hpp"

namespace kiosk::app {

Result<serial::PortSpec> port_spec_for(const DeviceSpec& spec, const std::string& sim_path) {
    if (spec.port) return *spec.port;
    if (sim_path.empty())
        return fail("app.device", "\"sim\" needs the built-in simulator, which only runs with --demo");
    return serial::PortSpec::device_path(sim_path);
}

}  // namespace kiosk::app
