#include "kiosk/mgmt/status_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;
using core::session::Device;
using core::session::DeviceFault;

constexpr std::array kAllStates = {ApplicationState::available, ApplicationState::active, ApplicationState::unavailable,
                                   ApplicationState::stopped};

bool serving(ApplicationState state) {
    return state == ApplicationState::available || state == ApplicationState::active;
}

Response json_response(const RequestContext& context, http::status status, std::string_view content_type,
                       const json::value& body) {
    Response response{status, context.request.version()};
    response.set(http::field::content_type, content_type);
    response.body() = json::serialize(body);
    return response;
}

json::value optional_string(std::string_view text) {
    if (text.empty()) return nullptr;
    return json::string(text);
}

}  // namespace

Response handle_healthz(const RequestContext& context, const KioskStatus& status) {
    bool any_down = false;
    json::object checks;
    for (const DeviceStatus& device : status.devices) {
        json::object check;
        check["componentType"] = "component";
        check["status"] = device.fault ? "fail" : "pass";
        if (device.fault) {
            check["output"] = core::session::fault_code(*device.fault);
            any_down = true;
        }
        checks[std::string(core::session::device_code(device.device)) + ":device"] = json::array{check};
    }
    json::object state_check;
    state_check["componentType"] = "system";
    state_check["observedValue"] = state_code(status.state);
    state_check["status"] = serving(status.state) ? "pass" : "fail";
    if (status.reason != StateReason::none) state_check["output"] = reason_code(status.reason);
    checks["application:state"] = json::array{state_check};

    const char* overall = !serving(status.state) ? "fail" : any_down ? "warn" : "pass";
    json::object body;
    body["status"] = overall;
    body["version"] = status.version;
    body["serviceId"] = status.kiosk_id;
    body["checks"] = std::move(checks);
    return json_response(context, serving(status.state) ? http::status::ok : http::status::service_unavailable,
                         "application/health+json", body);
}

Response handle_status(const RequestContext& context, const KioskStatus& status) {
    json::array devices;
    for (const DeviceStatus& device : status.devices) {
        json::object entry;
        entry["device"] = core::session::device_code(device.device);
        entry["up"] = !device.fault.has_value();
        entry["fault"] = device.fault ? json::value(json::string(core::session::fault_code(*device.fault))) : nullptr;
        devices.push_back(std::move(entry));
    }
    json::object body;
    body["kiosk_id"] = status.kiosk_id;
    body["state"] = state_code(status.state);
    body["reason"] = optional_string(reason_code(status.reason));
    json::object maintenance;
    maintenance["state"] = maintenance_state_code(status.maintenance.state);
    maintenance["reason"] = optional_string(status.maintenance.reason);
    body["maintenance"] = std::move(maintenance);
    body["devices"] = std::move(devices);
    body["last_frame_unix_ms"] = status.last_frame_unix_ms ? json::value(*status.last_frame_unix_ms) : nullptr;
    body["started_unix_s"] = status.started_unix_s;
    body["version"] = status.version;
    return json_response(context, http::status::ok, "application/json", body);
}

void declare_kiosk_metrics(Metrics& metrics) {
    metrics.declare_gauge("kiosk_build_info", "The kiosk's software version (always 1).", {"version"});
    metrics.declare_gauge("kiosk_uptime_seconds", "Seconds since the kiosk program started.");
    metrics.declare_gauge("kiosk_state", "1 for the application's current CUSS state, 0 for the others.", {"state"});
    metrics.declare_gauge("kiosk_device_up", "1 while the device works, 0 while it is down.", {"device"});
    metrics.declare_gauge("kiosk_device_fault", "1 for the fault a device that is down reports.", {"device", "fault"});
    metrics.declare_gauge("kiosk_last_frame_age_seconds", "Seconds since the kiosk last drew a frame.");
    metrics.declare_counter("kiosk_http_requests_total", "Management requests answered, by route and status code.",
                            {"route", "code"});
    metrics.declare_histogram("kiosk_http_request_duration_seconds",
                              "From the first byte of a request to its answer, by route.", {"route"},
                              {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5});
}

void record_request(Metrics& metrics, std::string_view route_label, unsigned status, double latency_s) {
    const std::string route(route_label);
    metrics.increment("kiosk_http_requests_total", {route, std::to_string(status)});
    metrics.observe("kiosk_http_request_duration_seconds", {route}, latency_s);
}

Response handle_metrics(const RequestContext& context, Metrics& metrics, const KioskStatus& status,
                        std::int64_t now_unix_ms) {
    metrics.set("kiosk_build_info", {status.version}, 1);
    metrics.set("kiosk_uptime_seconds", static_cast<double>(status.uptime_s));
    for (const ApplicationState state : kAllStates)
        metrics.set("kiosk_state", {std::string(state_code(state))}, state == status.state ? 1 : 0);
    for (const DeviceStatus& device : status.devices) {
        const std::string name(core::session::device_code(device.device));
        metrics.set("kiosk_device_up", {name}, device.fault ? 0 : 1);
        for (const DeviceFault fault : core::session::kAllDeviceFaults)
            metrics.set("kiosk_device_fault", {name, std::string(core::session::fault_code(fault))},
                        device.fault == fault ? 1 : 0);
    }
    if (status.last_frame_unix_ms)
        metrics.set("kiosk_last_frame_age_seconds", static_cast<double>(now_unix_ms - *status.last_frame_unix_ms) / 1000.0);
    Response response{http::status::ok, context.request.version()};
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = metrics.exposition();
    return response;
}

}  // namespace kiosk::mgmt
