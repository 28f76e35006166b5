// The operator's routes over the kiosk's service and screen (STYLE.md 5: plain functions of the
// request and two small interfaces that kiosk/app implements, tested without sockets):
//
//   PUT /api/v1/maintenance {"on": bool, "reason": string}   (operator)
//       200 {"state": "active"|"off", "reason": string|null}  in effect now
//       202 {"state": "pending", "reason": string}            once the resident's session ends
//   GET /api/v1/screenshot                                     (operator)
//       200 image/png, Cache-Control: no-store                 the frame on screen now
//       409 personal-data-on-screen                            a resident's data is on screen: no image
//
// Both wait on the kiosk's UI thread with a bounded deadline (503 screen-not-answering past it), so
// a request never holds the server longer than that, and the UI never waits on the server.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

inline constexpr std::size_t kMaintenanceReasonMaxChars = 200;  // Unicode code points
inline constexpr std::size_t kMaintenanceBodyLimitBytes = 4 * 1024;

// What an operator asks for: maintenance on (with the words the screen shows) or off (the reason
// then optional, recorded in the audit row when given).
struct MaintenanceChange {
    bool on = false;
    std::string reason;
    friend bool operator==(const MaintenanceChange&, const MaintenanceChange&) = default;
};

// What is wrong with a request body: the field (empty: the body as a whole) and why, in words that
// quote no more of the body than the field's name.
struct BodyError {
    std::string field;
    std::string reason;
};

// Parses and checks a maintenance body: a JSON object with exactly the members "on" (a boolean,
// required) and "reason" (a string; required and valid when on; null or absent allowed when off).
[[nodiscard]] Result<MaintenanceChange, BodyError> parse_maintenance_change(std::string_view body);

// Why `reason` cannot be shown on the kiosk's screen, or nullopt when it can: it must hold a visible
// character, at most kMaintenanceReasonMaxChars code points, and no control or invisible formatting
// character (C0/C1 controls, DEL, line and paragraph separators, bidirectional and zero-width
// formatting, the byte-order mark, noncharacters). `reason` is valid UTF-8 (Boost.JSON checked it).
[[nodiscard]] std::optional<std::string> maintenance_reason_problem(std::string_view reason);

// Why the kiosk did not do what an operator route asked.
enum class OrderFailure {
    personal_data_on_screen,  // 409: nothing was captured
    not_recorded,             // 503: the store could not record the change; nothing changed
    screen_not_answering,     // 503: the UI thread did not answer within the deadline
    failed,                   // 500: reading or encoding the frame failed
};
struct OrderError {
    OrderFailure failure = OrderFailure::failed;
    std::string detail;  // for the problem's detail: never personal data
};

// The application's side of PUT /api/v1/maintenance. Called on the server's thread.
class MaintenanceControl {
public:
    virtual ~MaintenanceControl() = default;
    // Records `change` (persisted, audited as `caller`) and hands it to the kiosk; the operator's
    // maintenance as the kiosk then reports it.
    virtual Result<MaintenanceStatus, OrderError> apply(const MaintenanceChange& change, const Caller& caller) = 0;
};

// The application's side of GET /api/v1/screenshot. Called on the server's thread.
class ScreenCapture {
public:
    virtual ~ScreenCapture() = default;
    // The frame on screen now as PNG bytes; personal_data_on_screen while a resident's data is on it.
    virtual Result<std::string, OrderError> capture_png() = 0;
};

[[nodiscard]] Response handle_put_maintenance(const RequestContext& context, MaintenanceControl& control);
[[nodiscard]] Response handle_get_screenshot(const RequestContext& context, ScreenCapture& capture);

// Adds both routes, role operator. `control` and `capture` must outlive the table's server.
void add_operator_routes(RouteTable& routes, MaintenanceControl& control, ScreenCapture& capture);

}  // namespace kiosk::mgmt
