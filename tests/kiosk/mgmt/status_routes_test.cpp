// The status routes as plain functions: no socket, a hand-made status.
#include "kiosk/mgmt/status_routes.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using namespace kiosk::mgmt;
namespace session = kiosk::core::session;
namespace json = boost::json;

namespace {

KioskStatus all_up() {
    KioskStatus status;
    status.kiosk_id = "kiosk-07";
    status.version = "0.1.0";
    status.state = ApplicationState::available;
    status.reason = StateReason::none;
    for (const auto device : session::kAllDevices) status.devices.push_back({device, std::nullopt});
    status.last_frame_unix_ms = 1'767'225'600'500;
    status.started_unix_s = 1'767'225'000;
    status.uptime_s = 601;
    return status;
}

struct Call {
    Request request{http::verb::get, "/", 11};
    Caller caller{Role::monitor, "mon"};
    RequestContext context() const { return {request, caller, "/", ""}; }
};

json::object body_of(const Response& response) { return json::parse(response.body()).as_object(); }

}  // namespace

TEST_CASE("healthz: pass with every device up, warn with one down, fail out of service") {
    Call call;
    auto pass = handle_healthz(call.context(), all_up());
    CHECK(pass.result() == http::status::ok);
    CHECK(pass[http::field::content_type] == "application/health+json");
    auto body = body_of(pass);
    CHECK(body.at("status").as_string() == "pass");
    CHECK(body.at("checks").as_object().at("fingerprint:device").as_array().at(0).as_object().at("status").as_string() ==
          "pass");
    CHECK(body.at("checks").as_object().contains("card_reader:device"));
    CHECK(body.at("checks").as_object().contains("dispenser:device"));

    KioskStatus reader_down = all_up();
    reader_down.devices[0].fault = session::DeviceFault::disconnected;
    auto warn = handle_healthz(call.context(), reader_down);
    CHECK(warn.result() == http::status::ok);
    auto warn_body = body_of(warn);
    CHECK(warn_body.at("status").as_string() == "warn");
    auto reader_check = warn_body.at("checks").as_object().at("card_reader:device").as_array().at(0).as_object();
    CHECK(reader_check.at("status").as_string() == "fail");
    CHECK(reader_check.at("output").as_string() == "disconnected");

    KioskStatus out = all_up();
    out.state = ApplicationState::unavailable;
    out.reason = StateReason::maintenance;
    auto failed = handle_healthz(call.context(), out);
    CHECK(failed.result() == http::status::service_unavailable);
    auto failed_body = body_of(failed);
    CHECK(failed_body.at("status").as_string() == "fail");
    CHECK(failed_body.at("checks").as_object().at("application:state").as_array().at(0).as_object().at("output").as_string() ==
          "MAINTENANCE");
}

TEST_CASE("status: CUSS state and reason, each device, the last frame") {
    Call call;
    KioskStatus status = all_up();
    status.state = ApplicationState::unavailable;
    status.reason = StateReason::out_of_service_consumables;
    status.devices[2].fault = session::DeviceFault::magazine_empty;
    auto response = handle_status(call.context(), status);
    CHECK(response[http::field::content_type] == "application/json");
    auto body = body_of(response);
    CHECK(body.at("kiosk_id").as_string() == "kiosk-07");
    CHECK(body.at("state").as_string() == "UNAVAILABLE");
    CHECK(body.at("reason").as_string() == "OUT_OF_SERVICE_CONSUMABLES");
    const auto& devices = body.at("devices").as_array();
    REQUIRE(devices.size() == 3);
    CHECK(devices[2].as_object().at("device").as_string() == "dispenser");
    CHECK(devices[2].as_object().at("up").as_bool() == false);
    CHECK(devices[2].as_object().at("fault").as_string() == "magazine_empty");
    CHECK(devices[1].as_object().at("fault").is_null());
    CHECK(body.at("last_frame_unix_ms").as_int64() == 1'767'225'600'500);

    auto available = body_of(handle_status(call.context(), all_up()));
    CHECK(available.at("reason").is_null());
}

TEST_CASE("metrics: one-hot state and faults, device up gauges, uptime, request counts") {
    Call call;
    Metrics metrics;
    declare_kiosk_metrics(metrics);
    record_request(metrics, "/healthz", 200, 0.002);
    record_request(metrics, "unmatched", 404, 0.0001);
    KioskStatus status = all_up();
    status.state = ApplicationState::active;
    status.devices[1].fault = session::DeviceFault::not_responding;
    auto response = handle_metrics(call.context(), metrics, status, 1'767'225'601'000);
    CHECK(response[http::field::content_type].starts_with("text/plain; version=0.0.4"));
    CHECK(metrics.value("kiosk_state", {"ACTIVE"}) == 1);
    CHECK(metrics.value("kiosk_state", {"AVAILABLE"}) == 0);
    CHECK(metrics.value("kiosk_device_up", {"fingerprint"}) == 0);
    CHECK(metrics.value("kiosk_device_up", {"dispenser"}) == 1);
    CHECK(metrics.value("kiosk_device_fault", {"fingerprint", "not_responding"}) == 1);
    CHECK(metrics.value("kiosk_device_fault", {"fingerprint", "disconnected"}) == 0);
    CHECK(metrics.value("kiosk_uptime_seconds") == 601);
    CHECK(metrics.value("kiosk_last_frame_age_seconds") == doctest::Approx(0.5));
    CHECK(metrics.value("kiosk_http_requests_total", {"/healthz", "200"}) == 1);
    CHECK(response.body().find("kiosk_http_request_duration_seconds_bucket{route=\"unmatched\",le=\"0.001\"} 1") !=
          std::string::npos);
    // The fault comes back up: its one-hot series drops to 0, not left behind at 1.
    status.devices[1].fault.reset();
    (void)handle_metrics(call.context(), metrics, status, 1'767'225'602'000);
    CHECK(metrics.value("kiosk_device_fault", {"fingerprint", "not_responding"}) == 0);
    CHECK(metrics.value("kiosk_device_up", {"fingerprint"}) == 1);
}
