#include "drivers/serial/port_spec.hpp"

#include "kiosk/core/hex.hpp"

#include <optional>

namespace kiosk::serial {
namespace {

constexpr std::string_view kUsbPrefix = "usb:";
constexpr std::size_t kUsbIdDigits = 4;

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// One id of "usb:VVVV:PPPP": exactly kUsbIdDigits hex digits.
std::optional<std::uint16_t> usb_id_part(std::string_view digits) {
    if (digits.size() != kUsbIdDigits) return std::nullopt;
    return core::parse_hex<std::uint16_t>(digits);
}

}  // namespace

std::string UsbId::to_string() const {
    return core::format_hex_number(vendor, kUsbIdDigits, core::HexCase::lower) + ":" +
           core::format_hex_number(product, kUsbIdDigits, core::HexCase::lower);
}

std::string PortSpecError::to_string(std::string_view forms) const {
    std::string text = "must be " + std::string(forms) + ", got " + quoted(given);
    if (!detail.empty()) text += ": " + detail;
    return text;
}

Result<PortSpec, PortSpecError> PortSpec::parse(std::string_view text) {
    auto refuse = [&](std::string detail) { return fail(PortSpecError{std::string(text), std::move(detail)}); };
    if (text.starts_with('/')) {
        if (text.size() == 1 || text.ends_with('/')) return refuse("a path must name a device file, not a directory");
        if (text.find('\0') != std::string_view::npos) return refuse("a path must not contain a NUL character");
        return device_path(std::string(text));
    }
    if (text.starts_with(kUsbPrefix)) {
        const std::string_view ids = text.substr(kUsbPrefix.size());
        const std::size_t colon = ids.find(':');
        const auto vendor = colon == std::string_view::npos ? std::nullopt : usb_id_part(ids.substr(0, colon));
        const auto product = colon == std::string_view::npos ? std::nullopt : usb_id_part(ids.substr(colon + 1));
        if (!vendor || !product)
            return refuse(
                "the vendor and the product id are 4 hex digits each, as lsusb prints them (\"usb:1a86:7523\")");
        return usb(UsbId{*vendor, *product});
    }
    return refuse({});
}

std::string PortSpec::to_string() const {
    if (const auto* id = usb_id()) return std::string(kUsbPrefix) + id->to_string();
    return *path();
}

}  // namespace kiosk::serial
