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
enum class StateReason {
    none,
    out_of_service_hardware,     // a device the kiosk cannot work without is down
    out_of_service_consumables,  // the magazine is empty or the capture bin is full
    out_of_service_internal,     // the kiosk's own fault (a damaged database)
    maintenance,                 // put out of service by staff or an operator
};

[[nodiscard]] std::string_view state_code(ApplicationState state);  // "AVAILABLE", ...
[[nodiscard]] std::string_view reason_code(StateReason reason);     // "OUT_OF_SERVICE_HARDWARE", ...; "" for none

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
    std::vector<DeviceStatus> devices;              // every device, in core::session::kAllDevices order
    std::optional<std::int64_t> last_frame_unix_ms;  // nullopt before the first frame
    std::int64_t started_unix_s = 0;
    std::int64_t uptime_s = 0;  // on a monotonic clock: a wall clock set right later does not move it
    std::optional<StoreFault> store_fault;  // what the UI thread last saw of its store; nullopt: answering
    KioskActivity activity;                 // counted since start
    friend bool operator==(const KioskStatus&, const KioskStatus&) = default;
};

// The published status. Thread safety: snapshot() from any thread.
class StatusSource {
public:
    virtual ~StatusSource() = default;
    [[nodiscard]] virtual KioskStatus snapshot() const = 0;
};

}  // namespace kiosk::mgmt
