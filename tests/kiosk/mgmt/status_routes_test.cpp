// The status routes as plain functions: no socket, a hand-made status and readings.
#include "kiosk/mgmt/status_routes.hpp"
#include "tests/kiosk/mgmt/kiosk_fixtures.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <set>

using namespace kiosk::mgmt;
using kiosk::mgmt::test::all_up;
using kiosk::mgmt::test::Call;
using kiosk::mgmt::test::healthy_readings;
namespace session = kiosk::core::session;
namespace json = boost::json;

namespace {

json::object body_of(const Response& response) {
    return json::parse(response.body()).as_object();
}

json::object check_of(const json::object& body, const char* key) {
    return body.at("checks").as_object().at(key).as_array().at(0).as_object();
}

// The overall status, the HTTP code and one check, for the cases below.
struct Health {
    http::status code;
    std::string overall;
    json::object check;
};
Health health(const KioskStatus& status, const Readings& readings, const char* key) {
    Call call;
    const auto response = handle_healthz(call.context(), status, readings);
    const auto body = body_of(response);
    return {response.result(), std::string(body.at("status").as_string()), check_of(body, key)};
}

constexpr std::uint64_t kMiB = 1024ULL * 1024;

}  // namespace

TEST_CASE("healthz: pass with every device up, warn with one down, fail out of service") {
    Call call;
    auto pass = handle_healthz(call.context(), all_up(), healthy_readings());
    CHECK(pass.result() == http::status::ok);
    CHECK(pass[http::field::content_type] == "application/health+json");
    auto body = body_of(pass);
    CHECK(body.at("status").as_string() == "pass");
    CHECK(
        body.at("checks").as_object().at("fingerprint:device").as_array().at(0).as_object().at("status").as_string() ==
        "pass");
    CHECK(body.at("checks").as_object().contains("card_reader:device"));
    CHECK(body.at("checks").as_object().contains("dispenser:device"));

    KioskStatus reader_down = all_up();
    reader_down.devices[0].fault = session::DeviceFault::disconnected;
    auto warn = handle_healthz(call.context(), reader_down, healthy_readings());
    CHECK(warn.result() == http::status::ok);
    auto warn_body = body_of(warn);
    CHECK(warn_body.at("status").as_string() == "warn");
    auto reader_check = warn_body.at("checks").as_object().at("card_reader:device").as_array().at(0).as_object();
    CHECK(reader_check.at("status").as_string() == "fail");
    CHECK(reader_check.at("output").as_string() == "disconnected");

    KioskStatus out = all_up();
    out.state = ApplicationState::unavailable;
    out.reason = StateReason::maintenance;
    auto failed = handle_healthz(call.context(), out, healthy_readings());
    CHECK(failed.result() == http::status::service_unavailable);
    auto failed_body = body_of(failed);
    CHECK(failed_body.at("status").as_string() == "fail");
    CHECK(failed_body.at("checks")
              .as_object()
              .at("application:state")
              .as_array()
              .at(0)
              .as_object()
              .at("output")
              .as_string() == "MAINTENANCE");
}

TEST_CASE("healthz: one check per component, with its measurement, and nothing else") {
    Call call;
    const auto body = body_of(handle_healthz(call.context(), all_up(), healthy_readings()));
    std::set<std::string> keys;
    for (const auto& check : body.at("checks").as_object()) keys.insert(std::string(check.key()));
    CHECK(keys == std::set<std::string>{"application:state", "database:responseTime", "fingerprint:device",
                                        "dispenser:device", "card_reader:device", "read_position_reader:device",
                                        "disk:free", "magazine:fill", "capture_bin:fill"});
    for (const auto& check : body.at("checks").as_object()) {
        INFO(check.key());
        CHECK(check_of(body, std::string(check.key()).c_str()).at("status").as_string() == "pass");
    }
    CHECK(body.at("serviceId").as_string() == "kiosk-07");
    CHECK(body.at("version").as_string() == "0.1.0");

    const auto database = check_of(body, "database:responseTime");
    CHECK(database.at("componentType").as_string() == "datastore");
    CHECK(database.at("observedValue").as_double() == doctest::Approx(0.25));
    CHECK(database.at("observedUnit").as_string() == "ms");
    CHECK(check_of(body, "card_reader:device").at("componentId").as_string() == "front");
    CHECK(check_of(body, "read_position_reader:device").at("componentId").as_string() == "read_position");
    const auto disk = check_of(body, "disk:free");
    CHECK(disk.at("observedValue").to_number<std::uint64_t>() == 20ULL * 1024 * kMiB);
    CHECK(disk.at("observedUnit").as_string() == "bytes");
    const auto magazine = check_of(body, "magazine:fill");
    CHECK(magazine.at("observedValue").as_double() == doctest::Approx(24.0));  // 12 of 50 slots
    CHECK(magazine.at("observedUnit").as_string() == "%");
    CHECK(check_of(body, "capture_bin:fill").at("observedValue").as_double() == doctest::Approx(6.0));  // 3 of 50
    CHECK_FALSE(magazine.contains("output"));
}

TEST_CASE("healthz: the database fails on the server thread's query or on what the UI saw, and the kiosk with it") {
    Readings readings = healthy_readings();
    readings.store = kiosk::fail("app.health.store", "disk I/O error");
    auto failed = health(all_up(), readings, "database:responseTime");
    CHECK(failed.code == http::status::service_unavailable);
    CHECK(failed.overall == "fail");
    CHECK(failed.check.at("status").as_string() == "fail");
    CHECK(failed.check.at("output").as_string() == "query_failed");  // a code, not the store's words
    CHECK_FALSE(failed.check.contains("observedValue"));

    KioskStatus ui_saw = all_up();
    ui_saw.store_fault = StoreFault::integrity_check_failed;
    auto damaged = health(ui_saw, healthy_readings(), "database:responseTime");
    CHECK(damaged.code == http::status::service_unavailable);
    CHECK(damaged.check.at("output").as_string() == "integrity_check_failed");
    ui_saw.store_fault = StoreFault::query_failed;
    CHECK(health(ui_saw, healthy_readings(), "database:responseTime").check.at("output").as_string() == "query_failed");
}

TEST_CASE("healthz: the read-position reader apart from the front reader") {
    Readings readings = healthy_readings();
    readings.read_position_reader = session::DeviceFault::disconnected;
    auto down = health(all_up(), readings, "read_position_reader:device");
    CHECK(down.code == http::status::ok);
    CHECK(down.overall == "warn");
    CHECK(down.check.at("status").as_string() == "fail");
    CHECK(down.check.at("output").as_string() == "disconnected");
    CHECK(health(all_up(), readings, "card_reader:device").check.at("status").as_string() == "pass");
}

TEST_CASE("healthz: disk space warns under 1 GiB free and fails under 128 MiB, the kiosk still serving") {
    Readings readings = healthy_readings();
    readings.disk = DiskReading{1024 * kMiB, 64 * 1024 * kMiB};
    CHECK(health(all_up(), readings, "disk:free").check.at("status").as_string() == "pass");
    readings.disk = DiskReading{1024 * kMiB - 1, 64 * 1024 * kMiB};
    auto low = health(all_up(), readings, "disk:free");
    CHECK(low.overall == "warn");
    CHECK(low.check.at("status").as_string() == "warn");
    CHECK(low.check.at("output").as_string() == "low");
    readings.disk = DiskReading{128 * kMiB - 1, 64 * 1024 * kMiB};
    auto critical = health(all_up(), readings, "disk:free");
    CHECK(critical.code == http::status::ok);
    CHECK(critical.overall == "warn");
    CHECK(critical.check.at("status").as_string() == "fail");
    CHECK(critical.check.at("output").as_string() == "critically_low");
    readings.disk = kiosk::fail("app.health.disk /x", "statvfs failed");
    auto unreadable = health(all_up(), readings, "disk:free");
    CHECK(unreadable.check.at("status").as_string() == "warn");
    CHECK(unreadable.check.at("output").as_string() == "unreadable");
}

TEST_CASE("healthz: an empty magazine passes; a nearly full or unread one warns") {
    Readings readings = healthy_readings();
    readings.dispenser.magazine = MagazineReading{0, 50};
    auto empty = health(all_up(), readings, "magazine:fill");
    CHECK(empty.overall == "pass");
    CHECK(empty.check.at("observedValue").as_double() == 0.0);
    readings.dispenser.magazine = MagazineReading{48, 50};  // 2 free: under 5 %
    auto nearly_full = health(all_up(), readings, "magazine:fill");
    CHECK(nearly_full.overall == "warn");
    CHECK(nearly_full.check.at("output").as_string() == "nearly_full");
    readings.dispenser.magazine = MagazineReading{47, 50};  // 3 free: 6 %
    CHECK(health(all_up(), readings, "magazine:fill").check.at("status").as_string() == "pass");
    readings.dispenser.magazine.reset();
    auto unread = health(all_up(), readings, "magazine:fill");
    CHECK(unread.check.at("status").as_string() == "warn");
    CHECK(unread.check.at("output").as_string() == "unknown");
    CHECK_FALSE(unread.check.contains("observedValue"));
}

TEST_CASE("healthz: the capture bin warns when high and fails when full, by its sensor or its count") {
    Readings readings = healthy_readings();
    readings.dispenser.bin = CaptureBinReading{40, false};
    auto high = health(all_up(), readings, "capture_bin:fill");
    CHECK(high.overall == "warn");
    CHECK(high.check.at("status").as_string() == "warn");
    CHECK(high.check.at("output").as_string() == "high");
    readings.dispenser.bin = CaptureBinReading{12, true};
    auto sensor_full = health(all_up(), readings, "capture_bin:fill");
    CHECK(sensor_full.code == http::status::ok);  // residents are still served, without pickups
    CHECK(sensor_full.overall == "warn");
    CHECK(sensor_full.check.at("status").as_string() == "fail");
    CHECK(sensor_full.check.at("output").as_string() == "full");
    readings.dispenser.bin = CaptureBinReading{50, false};
    CHECK(health(all_up(), readings, "capture_bin:fill").check.at("output").as_string() == "full");
    readings.dispenser.bin.reset();
    CHECK(health(all_up(), readings, "capture_bin:fill").check.at("output").as_string() == "unknown");
}

TEST_CASE("status: CUSS state and reason, each device, the last frame") {
    Call call;
    KioskStatus status = all_up();
    status.state = ApplicationState::unavailable;
    status.reason = StateReason::out_of_service_consumables;
    status.devices[2].fault = session::DeviceFault::magazine_empty;
    auto response = handle_status(call.context(), status, healthy_readings());
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

    auto available = body_of(handle_status(call.context(), all_up(), healthy_readings()));
    CHECK(available.at("reason").is_null());
}

TEST_CASE("status: stock, bin, card readers, pickup and versions") {
    Call call;
    auto body = body_of(handle_status(call.context(), all_up(), healthy_readings()));
    const auto& stock = body.at("stock").as_object();
    CHECK(stock.at("cards_in_kiosk").as_int64() == 12);
    CHECK(stock.at("free_slots").as_int64() == 38);
    CHECK(stock.at("capacity").as_int64() == 50);
    CHECK(stock.at("loaded_in_store").as_int64() == 11);
    CHECK(stock.at("past_deadline").as_int64() == 2);
    const auto& bin = body.at("bin").as_object();
    CHECK(bin.at("count").as_int64() == 3);
    CHECK(bin.at("capacity").as_int64() == 50);
    CHECK(bin.at("high_threshold").as_int64() == 40);
    CHECK(bin.at("state").as_string() == "ok");
    CHECK(bin.at("full").as_bool() == false);
    const auto& readers = body.at("card_readers").as_array();
    REQUIRE(readers.size() == 2);
    CHECK(readers[0].as_object().at("reader").as_string() == "front");
    CHECK(readers[0].as_object().at("up").as_bool());
    CHECK(readers[1].as_object().at("reader").as_string() == "read_position");
    CHECK(readers[1].as_object().at("fault").is_null());
    CHECK(body.at("pickup").as_object().at("available").as_bool());
    CHECK(body.at("pickup").as_object().at("blocked_by").is_null());
    const auto& versions = body.at("versions").as_object();
    CHECK(versions.at("kiosk").as_string() == "0.1.0");
    CHECK(versions.at("database_schema").as_int64() == 4);
    CHECK(versions.at("dispenser_firmware").as_string() == "M1-2.04");
}

TEST_CASE("status: a full bin keeps the kiosk AVAILABLE with pickups off; unread values are null") {
    Call call;
    KioskStatus status = all_up();
    status.devices[2].fault = session::DeviceFault::capture_bin_full;  // as DispenserService reports it
    Readings readings;  // nothing read: dispenser unread, reader unlisted, store and disk failing
    readings.dispenser.bin = CaptureBinReading{17, true};
    auto body = body_of(handle_status(call.context(), status, readings));
    CHECK(body.at("state").as_string() == "AVAILABLE");
    CHECK(body.at("reason").is_null());
    CHECK(body.at("pickup").as_object().at("available").as_bool() == false);
    CHECK(body.at("pickup").as_object().at("blocked_by").as_string() == "capture_bin_full");
    CHECK(body.at("bin").as_object().at("state").as_string() == "full");
    CHECK(body.at("bin").as_object().at("full").as_bool());
    for (const char* field : {"cards_in_kiosk", "free_slots", "capacity", "loaded_in_store", "past_deadline"}) {
        INFO(field);
        CHECK(body.at("stock").as_object().at(field).is_null());
    }
    CHECK(body.at("versions").as_object().at("database_schema").is_null());
    CHECK(body.at("versions").as_object().at("dispenser_firmware").is_null());
    CHECK(body.at("card_readers").as_array()[1].as_object().at("fault").as_string() == "disconnected");

    status.state = ApplicationState::unavailable;
    status.reason = StateReason::out_of_service_hardware;
    auto out = body_of(handle_status(call.context(), status, healthy_readings()));
    CHECK(out.at("pickup").as_object().at("blocked_by").as_string() == "out_of_service");
    Readings no_deadlines = healthy_readings();
    no_deadlines.store->slots_past_deadline.reset();
    CHECK(body_of(handle_status(call.context(), all_up(), no_deadlines))
              .at("stock")
              .as_object()
              .at("past_deadline")
              .is_null());
}
