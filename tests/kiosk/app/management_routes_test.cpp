// The one route table against the OpenAPI document (docs/api/openapi.json, compiled into the program):
// every route the kiosk serves is documented with its method and role, and every documented
// operation is served. Body limits agree with the document: a route takes a body exactly when its
// operation has a requestBody. The table is built by the program's own management_routes() over
// real services on a temporary database, so a route added anywhere in the app shows up here.
#include "kiosk/app/bearer_tokens.hpp"
#include "kiosk/app/event_feed.hpp"
#include "kiosk/app/health_probes.hpp"
#include "kiosk/app/live_config.hpp"
#include "kiosk/app/management.hpp"
#include "kiosk/app/operator_console.hpp"
#include "kiosk/app/operator_data.hpp"
#include "kiosk/app/operator_orders.hpp"
#include "kiosk/app/records_import.hpp"
#include "kiosk/app/service_desk.hpp"
#include "kiosk/app/status_board.hpp"
#include "kiosk/mgmt/kiosk_metrics.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/openapi_route.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <set>
#include <string>
#include <tuple>

namespace json = boost::json;
using namespace kiosk;

namespace {

struct FixedStatus final : mgmt::StatusSource {
    mgmt::KioskStatus snapshot() const override { return {}; }
};

// (method, path, role) as the document's operations state them.
using Operation = std::tuple<std::string, std::string, std::string>;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct Documented {
    std::set<Operation> operations;
    std::set<std::pair<std::string, std::string>> with_body;  // (method, path)
};

Documented documented() {
    const json::object document = json::parse(mgmt::openapi_document()).as_object();
    Documented out;
    for (const auto& [path, item] : document.at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            if (method == "servers" || method == "parameters" || method == "summary" || method == "description")
                continue;
            const json::object& op = operation.as_object();
            REQUIRE_MESSAGE(op.contains("x-kiosk-role"), std::string(method) << " " << std::string(path));
            out.operations.emplace(std::string(method), std::string(path), std::string(op.at("x-kiosk-role").as_string()));
            if (op.contains("requestBody")) out.with_body.emplace(std::string(method), std::string(path));
        }
    }
    return out;
}

struct Served {
    std::set<Operation> operations;
    std::set<std::pair<std::string, std::string>> with_body;
};

Served served(const mgmt::RouteTable& table) {
    Served out;
    for (const mgmt::Route& route : table.routes()) {
        const std::string method = lower(mgmt::http::to_string(route.method));
        out.operations.emplace(method, route.path, mgmt::role_name(route.role));
        if (route.body_limit_bytes > 0) out.with_body.emplace(method, route.path);
    }
    return out;
}

}  // namespace

TEST_CASE("the route table and the OpenAPI document name the same operations, roles and bodies") {
    testing::TempDir scratch;
    const std::string path = (scratch.path() / "kiosk.db").string();
    REQUIRE(store::open_store(path, {}).ok());
    auto now_s = [] { return std::int64_t{1'800'000'000}; };

    FixedStatus status;
    app::DeskInbox desk([] {}, app::kDeskInboxCapacity);
    auto database = store::open_store(path, {}).value();
    auto live = app::LiveConfig::open(app::Config{}, database, now_s()).value();

    app::ManagementServices services;
    services.status = &status;
    app::ProbeSources probes;
    probes.database_path = path;
    probes.now_unix_s = now_s;
    services.readings = app::HealthProbes::open(std::move(probes)).value();
    services.events = app::StoreEventFeed::open(path, {"kiosk-test", app::kEventRetention_s, now_s}).value();
    services.orders = app::OperatorOrders::open(path, desk, now_s).value();
    services.operator_data = app::OperatorData::open(path, *live, now_s).value();
    services.start_records_import = app::records_import_over(path, now_s).value();
    services.console = app::open_operator_console(path, app::token_authenticator(path, now_s).value(), now_s).value();
    mgmt::Metrics metrics;
    mgmt::declare_kiosk_metrics(metrics);
    const mgmt::RouteTable table = app::management_routes(services, metrics);

    const Documented doc = documented();
    const Served code = served(table);
    for (const Operation& op : code.operations) {
        INFO("served: " << std::get<0>(op) << " " << std::get<1>(op) << " as " << std::get<2>(op));
        CHECK_MESSAGE(doc.operations.count(op) == 1, "served but not documented (or documented with another role)");
    }
    for (const Operation& op : doc.operations) {
        INFO("documented: " << std::get<0>(op) << " " << std::get<1>(op) << " as " << std::get<2>(op));
        CHECK_MESSAGE(code.operations.count(op) == 1, "documented but not served (or served with another role)");
    }
    CHECK(code.with_body == doc.with_body);
    CHECK(code.operations.size() >= 26);  // the table is the program's, not an empty one
}

// /api/v1/status keeps its answer while what it shows is unchanged (app/management.cpp): through the
// program's own route over a real StatusBoard, every change the answer shows is in the next answer,
// and a change it does not show (frame timings, uptime) leaves the answer as it was.
TEST_CASE("the status route's kept answer follows every change of the board it shows") {
    testing::TempDir scratch;
    const std::string path = (scratch.path() / "kiosk.db").string();
    REQUIRE(store::open_store(path, {}).ok());
    app::StatusBoard board("kiosk-7", "1.2.3", 1'800'000'000, {});
    app::ManagementServices services;
    services.status = &board;
    app::ProbeSources probes;
    probes.database_path = path;
    services.readings = app::HealthProbes::open(std::move(probes)).value();
    mgmt::Metrics metrics;
    mgmt::declare_kiosk_metrics(metrics);
    const mgmt::RouteTable table = app::management_routes(services, metrics);
    const mgmt::RouteMatch status_route = table.match(mgmt::http::verb::get, "/api/v1/status");
    REQUIRE(status_route.route != nullptr);
    const mgmt::Caller caller{mgmt::Role::monitor, "grafana"};
    auto answer = [&] {
        mgmt::Request request{mgmt::http::verb::get, "/api/v1/status", 11};
        const mgmt::Response response = status_route.route->handler({request, caller, "/api/v1/status", ""});
        REQUIRE(response.result() == mgmt::http::status::ok);
        return json::parse(response.body()).as_object();
    };
    namespace session = core::session;
    session::SessionView attract;
    attract.screen = session::AttractScreen{};

    json::object shown = answer();
    CHECK(shown.at("state") == "UNAVAILABLE");
    board.on_view(attract);
    shown = answer();
    CHECK(shown.at("state") == "AVAILABLE");

    board.on_frame_timing(0.004, {0.010});
    CHECK(answer() == shown);

    board.on_frame(1'800'000'123'456);
    shown = answer();
    CHECK(shown.at("last_frame_unix_ms") == 1'800'000'123'456);

    board.on_event(session::DeviceHealth{session::Device::fingerprint, session::DeviceFault::not_responding});
    shown = answer();
    bool fingerprint_down = false;
    for (const json::value& device : shown.at("devices").as_array())
        if (device.at("device") == "fingerprint") fingerprint_down = device.at("up") == false;
    CHECK(fingerprint_down);

    board.on_maintenance({mgmt::MaintenanceState::pending, "Ganti sensor"});
    shown = answer();
    CHECK(shown.at("maintenance").at("state") == "pending");
    CHECK(shown.at("maintenance").at("reason") == "Ganti sensor");
}
