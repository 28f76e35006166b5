// PortSpec: which serial port to open, as a configuration names it: an absolute device path, or a
// USB serial adapter by its vendor and product id ("usb:1a86:7523"). This is the one definition of
// the "usb:VID:PID" form (STYLE.md 11): the kiosk's configuration parses device strings with
// PortSpec::parse and hands the parsed value to serial::open_link, never text.
//
// The accepted USB form is exactly four hex digits for each id, either case: that is how lsusb,
// udev (ID_VENDOR_ID) and /sys/bus/usb/devices/*/idVendor print them, so an operator copies the
// ids as they are. A shorter form ("usb:403:6001") is refused rather than guessed at: it is
// usually a digit lost in copying, and the kiosk must not open some other adapter.
//
// Pure: parsing and formatting only; opening is open_link's (link.hpp).
#pragma once

#include "kiosk/core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace kiosk::serial {

struct UsbId {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;

    // "1a86:7523": four lower-case hex digits each, as lsusb prints them.
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const UsbId&, const UsbId&) = default;
};

// The forms PortSpec::parse accepts, in the words its errors use.
inline constexpr std::string_view kPortSpecForms = "an absolute path or \"usb:VVVV:PPPP\" (hex vendor and product id)";

// Why a text is not a port specification. Device strings are not personal data, so the text is
// quoted back.
struct PortSpecError {
    std::string given;
    // What is wrong with a text that has one of the forms ("usb:1a86", "/dev/"); empty for a text
    // of no known form ("COM3").
    std::string detail;

    // "must be an absolute path or "usb:VVVV:PPPP" (hex vendor and product id), got "usb:1a86": ...";
    // a layer that accepts more than a port (the configuration's "sim") names its own `forms`.
    [[nodiscard]] std::string to_string(std::string_view forms = kPortSpecForms) const;
    [[nodiscard]] operator kiosk::Error() const { return {"serial.port", to_string()}; }  // NOLINT
};

class PortSpec {
public:
    // "/dev/ttyUSB0", "/dev/serial/by-id/...": an absolute path that names a file (not "/" and not
    // ending in '/'); "usb:VVVV:PPPP": four hex digits each (see the top of this file).
    static Result<PortSpec, PortSpecError> parse(std::string_view text);

    // A path the program already holds (a pty it created, a path from its own options). Not
    // checked: opening a bad path fails with the link's own error.
    static PortSpec device_path(std::string path) { return PortSpec(std::move(path)); }
    static PortSpec usb(UsbId id) { return PortSpec(id); }

    // Exactly one of these is set.
    [[nodiscard]] const std::string* path() const { return std::get_if<std::string>(&where_); }
    [[nodiscard]] const UsbId* usb_id() const { return std::get_if<UsbId>(&where_); }

    // The form parse() accepts: the path, or "usb:" and UsbId::to_string().
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const PortSpec&, const PortSpec&) = default;

private:
    explicit PortSpec(std::variant<std::string, UsbId> where) : where_(std::move(where)) {}

    std::variant<std::string, UsbId> where_;
};

}  // namespace kiosk::serial
