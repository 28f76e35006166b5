// open_link: chooses the backend for a port specification. Pseudo-terminals go to termios because
// libserialport 0.1.1 refuses them (its sysfs check and modem-line ioctls fail on /dev/pts/N).
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

LinkResult<std::unique_ptr<Link>> open_link(const std::string& spec, const LinkSettings& settings) {
    if (spec.empty()) return fail(LinkError{LinkErrorKind::config, "serial.open", "empty port specification"});
    auto link = TermiosLink::open(spec, settings);
    if (!link) return fail(link.error());
    return std::unique_ptr<Link>(std::move(*link));
}

}  // namespace kiosk::serial
