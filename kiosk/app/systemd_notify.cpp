#include "kiosk/app/systemd_notify.hpp"

#include <cstdint>
#include <cstdlib>
#include <systemd/sd-daemon.h>

namespace kiosk::app {

SystemdNotify::SystemdNotify() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    under_systemd_ = socket != nullptr && socket[0] != '\0';
    std::uint64_t usec = 0;
    if (::sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        watchdog_interval_ = std::chrono::milliseconds(usec / 2000);
}

bool SystemdNotify::send(const std::string& message) {
    if (!under_systemd_) return false;
    return ::sd_notify(0, message.c_str()) > 0;
}

bool SystemdNotify::ready(const std::string& text) { return send("READY=1\nSTATUS=" + text); }
bool SystemdNotify::status(const std::string& text) { return send("STATUS=" + text); }
bool SystemdNotify::watchdog() { return send("WATCHDOG=1"); }
bool SystemdNotify::stopping() { return send("STOPPING=1"); }

}  // namespace kiosk::app
