#include "kiosk/app/config/device_spec.hpp"

namespace kiosk::app {

namespace {
constexpr std::string_view kSimulated = "sim";
}  // namespace

Result<DeviceSpec> DeviceSpec::parse(std::string_view text) {
    if (text == kSimulated) return DeviceSpec{};
    auto port = serial::PortSpec::parse(text);
    if (!port) {
        const std::string forms = "\"" + std::string(kSimulated) + "\", " + std::string(serial::kPortSpecForms);
        return fail("device", port.error().to_string(forms));
    }
    return DeviceSpec{std::move(*port)};
}

std::string DeviceSpec::to_string() const {
    return port ? port->to_string() : std::string(kSimulated);
}

}  // namespace kiosk::app
