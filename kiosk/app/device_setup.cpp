#include "kiosk/app/device_setup.hpp"

#include <cstdio>

namespace kiosk::app {

Result<std::string> port_spec_for(const DeviceSpec& spec, const std::string& sim_path) {
    switch (spec.kind) {
        case DeviceSpec::Kind::simulated:
            if (sim_path.empty()) {
                return fail("app.device", "\"sim\" needs the built-in simulator, which only runs with --demo");
            }
            return sim_path;
        case DeviceSpec::Kind::path:
            return spec.path;
        case DeviceSpec::Kind::usb: {
            char text[32];
            std::snprintf(text, sizeof text, "usb:%04x:%04x", spec.usb_vendor_id, spec.usb_product_id);
            return std::string(text);
        }
    }
    return fail("app.device", "unknown device kind");
}

}  // namespace kiosk::app
