// The service manager's notification protocol (sd_notify), wrapped in one file.
//
// Every call is a no-op returning false when not run under systemd ($NOTIFY_SOCKET unset), so the
// kiosk behaves the same from a terminal. Never blocks for long: sd_notify is a datagram send.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace kiosk::app {

class SystemdNotify {
public:
    // Reads $NOTIFY_SOCKET and $WATCHDOG_USEC once.
    SystemdNotify();

    [[nodiscard]] bool under_systemd() const { return under_systemd_; }
    // The interval at which watchdog() must be called (half the configured WatchdogSec), if any.
    [[nodiscard]] std::optional<std::chrono::milliseconds> watchdog_interval() const { return watchdog_interval_; }

    bool ready(const std::string& status);
    bool status(const std::string& status);
    bool watchdog();
    bool stopping();

private:
    bool send(const std::string& message);

    bool under_systemd_ = false;
    std::optional<std::chrono::milliseconds> watchdog_interval_;
};

}  // namespace kiosk::app
