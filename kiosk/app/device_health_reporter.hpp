// DeviceHealthReporter: one device's up/down state as its service last saw it, and the DeviceHealth
// events that tell the session machine about it. Every device service reports through one of these.
//
// A report reaches the inbox when the device goes up or comes down, and the first report always
// does unless the machine was started knowing the device down (InitialReport::down): a service that
// cannot know what the machine assumes tells it at once. While the device stays down, a different
// fault is reported too (the same one again is not): the machine already keeps the device out of
// use, but the reason the status and the health check show must be the one that holds now (a
// dispenser that came back while its journal is unreconciled is no longer disconnected). Under
// InitialReport::down the machine's fault is not known here: the first fault reported down is
// taken as the one it holds.
//
// Reports go in with Inbox::push_latest: into a full inbox, the newest report of the device
// supersedes one still queued, so the latest state always arrives and a flapping device cannot
// fill the inbox.
//
// Thread safety: report_up/report_down from any thread (a service reports from its worker, its
// reader monitor, or another service's worker: the dispenser's journal from the store's); up() from
// any thread. Reports reach the inbox in the order they were made.
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
    // The fault last reported while down; nullopt: up, or down with the machine's own fault
    // (InitialReport::down, until the first report down). Guarded by mutex_.
    std::optional<core::session::DeviceFault> fault_;
    bool fault_known_ = true;  // guarded by mutex_
};

}  // namespace kiosk::app
