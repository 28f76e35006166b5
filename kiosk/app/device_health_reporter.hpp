// DeviceHealthReporter: one device's up/down state as its service last saw it, and the DeviceHealth
// events that tell the session machine about it. Every device service reports through one of these.
//
// A report reaches the inbox when the device goes up or comes down, and the first report always
// does unless the machine was started knowing the device down (InitialReport::down): a service that
// cannot know what the machine assumes tells it at once. While the device stays down a
// different fault is not reported again: the machine already keeps the device out of use.
//
// Thread safety: report_up/report_down from any thread (each service reports from one: its worker or
// its reader monitor); up() from any thread. Reports reach the inbox in the order they were made.
#pragma once

#include "kiosk/app/session_inbox.hpp"

#include <mutex>
#include <optional>

namespace kiosk::app {

// What the machine already holds about the device when the service starts.
enum class InitialReport {
    none,  // nothing the service can rely on: its first report is sent whatever it says
    down,  // the machine's start snapshot has the device down, as the service starts: only up is news
};

class DeviceHealthReporter {
public:
    DeviceHealthReporter(SessionInbox& inbox, core::session::Device device, InitialReport initial);
    DeviceHealthReporter(const DeviceHealthReporter&) = delete;
    DeviceHealthReporter& operator=(const DeviceHealthReporter&) = delete;

    void report_up();
    void report_down(core::session::DeviceFault fault);
    // As last reported (false before the first report).
    [[nodiscard]] bool up() const;

private:
    void report(std::optional<core::session::DeviceFault> fault);

    SessionInbox& inbox_;
    core::session::Device device_;
    mutable std::mutex mutex_;
    bool reported_ = false;  // guarded by mutex_
    bool up_ = false;        // guarded by mutex_
};

}  // namespace kiosk::app
