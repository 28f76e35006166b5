// What the management interface reports about the kiosk: the application's state in IATA CUSS 2
// terms, each device's state, and the facts an operator far away needs first. The application
// publishes it (kiosk/app/status_board.hpp); the handlers only read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/session/session_types.hpp"
#include "kiosk/mgmt/kiosk_activity.hpp"

namespace kiosk::mgmt {

// CUSS 2 application states.
enum class ApplicationState {
    available,    // ready for a resident
    active,       // a resident's session is under way
    unavailable,  // out of service; the reason says why
    stopped,      // the program is stopping
};

// CUSS 2 reason codes for a state other than available/active (and `none` when there is none).
// CUSS 2's own list (ApplicationStateChangeReasonCodes) is NOT_APPLICABLE and OUT_OF_SERVICE_HOURS,
// _HARDWARE, _BHS, _CONSUMABLES, _INTERNAL, _DCS, _BACKEND: it has no code for an operator's
// maintenance. MAINTENANCE is this kiosk's addition in the same style; the operator's own words go
// where CUSS 2 puts free text (applicationStateChangeReason), in KioskStatus::maintenance.reason.
enum class StateReason {
    none,
    out_of_service_hardware,     // a device the kiosk cannot work without is down
    out_of_service_consumables,  // the magazine is empty or the capture bin is full
    out_of_service_internal,     // the kiosk's own fault (a damaged database)
    maintenance,                 // put out of service by an operator (PUT /api/v1/maintenance)
};

[[nodiscard]] std::string_view state_code(ApplicationState state);  // "AVAILABLE", ...
[[nodiscard]] std::string_view reason_code(StateReason reason);     // "OUT_OF_SERVICE_HARDWARE", ...; "" for none

// An operator's maintenance (PUT /api/v1/maintenance): off; pending while a resident's session
// finishes (the kiosk never goes out of service in the middle of one); active once the kiosk is out
// of service for it.
enum class MaintenanceState { off, pending, active };

[[nodiscard]] std::string_view maintenance_state_code(MaintenanceState state);  // "off", "pending", "active"

struct MaintenanceStatus {
    MaintenanceState state = MaintenanceState::off;
    std::string reason;  // the operator's words as given; empty while off
    friend bool operator==(const MaintenanceStatus&, const MaintenanceStatus&) = default;
};

struct DeviceStatus {
    core::session::Device device = core::session::Device::card_reader;
    std::optional<core::session::DeviceFault> fault;  // nullopt: up
    friend bool operator==(const DeviceStatus&, const DeviceStatus&) = default;
};

struct KioskStatus {
    std::string kiosk_id;
    std::string version;
    ApplicationState state = ApplicationState::unavailable;
    StateReason reason = StateReason::out_of_service_internal;
    // How long `state` has held (its reason may have changed meanwhile), in milliseconds on a
    // monotonic clock: a wall clock set right later does not stretch or shrink it.
    std::int64_t state_age_ms = 0;
    std::vector<DeviceStatus> devices;              // every device, in core::session::kAllDevices order
    std::optional<std::int64_t> last_frame_unix_ms;  // nullopt before the first frame
    std::int64_t started_unix_s = 0;
    std::int64_t uptime_s = 0;  // on a monotonic clock: a wall clock set right later does not move it
    std::optional<StoreFault> store_fault;  // what the UI thread last saw of its store; nullopt: answering
    KioskActivity activity;                 // counted since start
    MaintenanceStatus maintenance;
    friend bool operator==(const KioskStatus&, const KioskStatus&) = default;
};

// The published status. Thread safety: snapshot() and answered_snapshot() from any thread.
class StatusSource {
public:
    virtual ~StatusSource() = default;
    [[nodiscard]] virtual KioskStatus snapshot() const = 0;
    // status_as_answered(snapshot()) (status_routes.hpp): what /healthz and /api/v1/status are made
    // from at each request. A source that can copy less than a whole snapshot for it (none of the
    // activity counters) overrides this, and must answer exactly that.
    [[nodiscard]] virtual KioskStatus answered_snapshot() const;
};

}  // namespace kiosk::mgmt
