// StatusBoard: the kiosk's status as the management interface reports it (mgmt::KioskStatus),
// published by the UI thread from exactly what the session machine sees: the device health events
// it is fed, the view it shows, the frames the loop draws, and the operator's maintenance as the
// ServiceDesk holds it. The management server's thread reads
// snapshots; it never touches the machine or SDL.
//
// Thread safety: the on_* calls from the UI thread, snapshot() from any thread.
#pragma once

#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/core/session/session_view.hpp"
#include "kiosk/app/steady_clock.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"

#include <cstdint>
#include <mutex>
#include <string>

namespace kiosk::app {

// The CUSS state and reason a view stands for: the attract screen is available, a screen of a
// resident's session is active, the out-of-service screen is unavailable with its reason.
[[nodiscard]] std::pair<mgmt::ApplicationState, mgmt::StateReason> cuss_state_of(const core::session::SessionView& view);

class StatusBoard final : public mgmt::StatusSource {
public:
    // Uptime is measured on `clock` from this construction.
    StatusBoard(std::string kiosk_id, std::string version, std::int64_t started_unix_s,
                const core::session::DeviceHealthSnapshot& initial, SteadyClock& clock = real_steady_clock());

    void on_event(const core::session::Event& event);  // DeviceHealth changes a device's line
    void on_view(const core::session::SessionView& view);
    void on_frame(std::int64_t unix_ms);
    // The operator's maintenance. While it is not in effect, a view out of service for maintenance
    // is the kiosk's own fault hold (a damaged database): reported OUT_OF_SERVICE_INTERNAL.
    void on_maintenance(const mgmt::MaintenanceStatus& maintenance);
    void on_stopping();

    [[nodiscard]] mgmt::KioskStatus snapshot() const override;

private:
    SteadyClock& clock_;
    SteadyClock::time_point started_;
    mutable std::mutex mutex_;
    mgmt::KioskStatus status_;  // guarded by mutex_
    bool stopping_ = false;     // guarded by mutex_
};

}  // namespace kiosk::app
