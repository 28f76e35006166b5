// open_link: chooses the backend for a port specification. Pseudo-terminals go to termios because
// libserialport 0.1.1 refuses them (its sysfs check and modem-line ioctls fail on /dev/pts/N);
// every other path and every usb:VID:PID goes to libserialport.
#include "drivers/serial/libserialport_link.hpp"
#include "drivers/serial/link.hpp"
#include "drivers/serial/termios_link.hpp"

#include <charconv>
#include <climits>
#include <cstdlib>
#include <string_view>

namespace kiosk::serial {

bool is_pseudo_terminal(const std::string& path) {
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) return false;
    return std::string_view(resolved).starts_with("/dev/pts/");
}

std::optional<UsbId> parse_usb_spec(std::string_view spec) {
    constexpr std::string_view prefix = "usb:";
    if (!spec.starts_with(prefix)) return std::nullopt;
    spec.remove_prefix(prefix.size());
    const auto colon = spec.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto parse_hex = [](std::string_view text) -> std::optional<std::uint16_t> {
        if (text.empty() || text.size() > 4) return std::nullopt;
        std::uint16_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
        if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
        return value;
    };
    const auto vid = parse_hex(spec.substr(0, colon));
    const auto pid = parse_hex(spec.substr(colon + 1));
    if (!vid || !pid) return std::nullopt;
    return UsbId{*vid, *pid};
}

LinkResult<std::unique_ptr<Link>> open_link(const std::string& spec, const LinkSettings& settings) {
    if (spec.empty()) return fail(LinkError{LinkErrorKind::config, "serial.open", "empty port specification"});
    if (spec.starts_with("usb:")) {
        const auto id = parse_usb_spec(spec);
        if (!id)
            return fail(LinkError{LinkErrorKind::config, "serial.open " + spec,
                                  "malformed USB port specification, expected usb:VID:PID in hex (e.g. usb:1a86:7523)"});
        auto link = LibserialportLink::open_usb(id->vid, id->pid, settings);
        if (!link) return fail(link.error());
        return std::unique_ptr<Link>(std::move(*link));
    }
    if (is_pseudo_terminal(spec)) {
        auto link = TermiosLink::open(spec, settings);
        if (!link) return fail(link.error());
        return std::unique_ptr<Link>(std::move(*link));
    }
    auto link = LibserialportLink::open(spec, settings);
    if (!link) return fail(link.error());
    return std::unique_ptr<Link>(std::move(*link));
}

}  // namespace kiosk::serial
