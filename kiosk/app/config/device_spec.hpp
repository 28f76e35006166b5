// DeviceSpec: where a serial peripheral (the fingerprint sensor, the dispenser) is, as the
// configuration says it: "sim", the built-in simulator, or a serial port in serial::PortSpec's
// forms (an absolute device path, or "usb:VVVV:PPPP"). PortSpec holds the one parser of those
// forms; this type adds only "sim", which the serial layer knows nothing of.
#pragma once

#include "drivers/serial/port_spec.hpp"
#include "kiosk/core/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::app {

struct DeviceSpec {
    std::optional<serial::PortSpec> port;  // empty: "sim"

    [[nodiscard]] bool simulated() const { return !port.has_value(); }

    // The error's `what` says what is accepted and quotes what was given (device strings are not
    // personal data), e.g. must be "sim", an absolute path or "usb:VVVV:PPPP" (...), got "COM3".
    static Result<DeviceSpec> parse(std::string_view text);
    [[nodiscard]] std::string to_string() const;  // the form parse() accepts; usb ids in lower-case hex
    friend bool operator==(const DeviceSpec&, const DeviceSpec&) = default;
};

}  // namespace kiosk::app
