// open_link: chooses the backend for a port. Pseudo-terminals go to termios because libserialport
// 0.1.1 refuses them (its sysfs check and modem-line ioctls fail on /dev/pts/N); every other path
// and every USB id goes to libserialport.
#include "drivers/serial/libserialport_link.hpp"
#include "drivers/serial/link.hpp"
#include "drivers/serial/termios_link.hpp"

#include <climits>
#include <cstdlib>
#include <string_view>

namespace kiosk::serial {

bool is_pseudo_terminal(const std::string& path) {
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) return false;
    return std::string_view(resolved).starts_with("/dev/pts/");
}

LinkResult<std::unique_ptr<Link>> open_link(const PortSpec& port, const LinkSettings& settings) {
    if (const UsbId* id = port.usb_id()) return std::unique_ptr<Link>(TRY(LibserialportLink::open_usb(*id, settings)));
    const std::string& path = *port.path();
    if (path.empty()) return fail(LinkError{LinkErrorKind::config, "serial.open", "empty device path"});
    if (is_pseudo_terminal(path)) return std::unique_ptr<Link>(TRY(TermiosLink::open(path, settings)));
    return std::unique_ptr<Link>(TRY(LibserialportLink::open(path, settings)));
}

}  // namespace kiosk::serial
