// The operator routes as plain functions: maintenance bodies (every way to get one wrong names its
// field), the answers for each state, and the screenshot's image or refusal. No socket: the
// application's side is a hand-made stand-in that records what it was given.
#include "kiosk/mgmt/operator_routes.hpp"
#include "kiosk/mgmt/problem.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::mgmt;
namespace json = boost::json;

namespace {

class FakeControl final : public MaintenanceControl {
public:
    Result<MaintenanceStatus, OrderError> answer = MaintenanceStatus{};
    std::vector<MaintenanceChange> changes;
    std::vector<Caller> callers;
    Result<MaintenanceStatus, OrderError> apply(const MaintenanceChange& change, const Caller& caller) override {
        changes.push_back(change);
        callers.push_back(caller);
        return answer;
    }
};

class FakeCapture final : public ScreenCapture {
public:
    Result<std::string, OrderError> answer = std::string("\x89PNG\r\n\x1a\n-frame-", 15);
    int calls = 0;
    Result<std::string, OrderError> capture_png() override {
        ++calls;
        return answer;
    }
};

struct Call {
    Request request{http::verb::put, "/api/v1/maintenance", 11};
    Caller caller{Role::operator_, "budi"};
    explicit Call(std::string body, std::string content_type = "application/json") {
        if (!content_type.empty()) request.set(http::field::content_type, content_type);
        request.body() = std::move(body);
    }
    RequestContext context() const { return {request, caller, "/api/v1/maintenance", ""}; }
};

json::object body_of(const Response& response) { return json::parse(response.body()).as_object(); }

// The field a rejected body names, checking the whole problem on the way.
std::string rejected_field(const std::string& body) {
    FakeControl control;
    Call call(body);
    const Response response = handle_put_maintenance(call.context(), control);
    CHECK(control.changes.empty());
    REQUIRE(response.result() == http::status::bad_request);
    CHECK(response[http::field::content_type] == "application/problem+json");
    const auto problem = body_of(response);
    if (!problem.contains("field")) {
        CHECK(problem.at("type").as_string() == "https://ktp-kiosk.example/problems/bad-request");
        return "";
    }
    CHECK(problem.at("type").as_string() == "https://ktp-kiosk.example/problems/invalid-field");
    const std::string field(problem.at("field").as_string());
    CHECK(std::string(problem.at("detail").as_string()).find(field) != std::string::npos);
    return field;
}

std::string reason_of_length(std::size_t characters) {
    std::string out;
    while (out.size() < characters) out += "abcde ";
    out.resize(characters, 'x');
    return out;
}

std::string body_with_reason(const std::string& reason_json) { return R"({"on": true, "reason": )" + reason_json + "}"; }

}  // namespace

TEST_CASE("maintenance bodies: what is accepted") {
    auto on = parse_maintenance_change(R"({"on": true, "reason": "Ganti printer kartu"})");
    REQUIRE(on.ok());
    CHECK(*on == MaintenanceChange{true, "Ganti printer kartu"});
    auto off = parse_maintenance_change(R"({"on": false})");
    REQUIRE(off.ok());
    CHECK(*off == MaintenanceChange{false, ""});
    auto off_null = parse_maintenance_change(R"({"on": false, "reason": null})");
    REQUIRE(off_null.ok());
    CHECK(off_null->reason.empty());
    auto off_why = parse_maintenance_change(R"({"reason": "selesai", "on": false})");
    REQUIRE(off_why.ok());
    CHECK(*off_why == MaintenanceChange{false, "selesai"});
    // Any visible script, punctuation and symbols; exactly 200 characters, counted as code points.
    CHECK(parse_maintenance_change(body_with_reason(R"x("Perbaikan \u2014 teknisi datang pukul 10.00 \u2713 (Jl. Merdeka)")x"))
              .ok());
    std::string two_hundred;
    for (int i = 0; i < 200; ++i) two_hundred += "\xC3\xA9";  // é, two bytes each
    CHECK(maintenance_reason_problem(two_hundred) == std::nullopt);
    CHECK(maintenance_reason_problem(reason_of_length(200)) == std::nullopt);
}

TEST_CASE("maintenance bodies: each wrong body is a 400 problem naming its field") {
    // Not JSON, not an object: the body as a whole.
    CHECK(rejected_field("on=true") == "");
    CHECK(rejected_field(R"({"on": true,)") == "");
    CHECK(rejected_field(R"([true, "x"])") == "");
    CHECK(rejected_field("") == "");
    // Missing fields and wrong types.
    CHECK(rejected_field("{}") == "on");
    CHECK(rejected_field(R"({"reason": "x"})") == "on");
    CHECK(rejected_field(R"({"on": "true", "reason": "x"})") == "on");
    CHECK(rejected_field(R"({"on": 1, "reason": "x"})") == "on");
    CHECK(rejected_field(R"({"on": null, "reason": "x"})") == "on");
    CHECK(rejected_field(R"({"on": true})") == "reason");
    CHECK(rejected_field(R"({"on": true, "reason": null})") == "reason");
    CHECK(rejected_field(R"({"on": true, "reason": 42})") == "reason");
    CHECK(rejected_field(R"({"on": true, "reason": ["a"]})") == "reason");
    CHECK(rejected_field(R"({"on": false, "reason": false})") == "reason");
    // A member the route does not know (a typo would otherwise be dropped without a word).
    CHECK(rejected_field(R"({"on": true, "reason": "x", "reasn": "y"})") == "reasn");
    // Empty, blank, too long.
    CHECK(rejected_field(body_with_reason(R"("")")) == "reason");
    CHECK(rejected_field(body_with_reason(R"("   ")")) == "reason");
    CHECK(rejected_field(body_with_reason(R"("\u00a0\u3000")")) == "reason");
    CHECK(rejected_field(body_with_reason("\"" + reason_of_length(201) + "\"")) == "reason");
    // Control and invisible formatting characters, wherever they are.
    for (const char* bad : {R"("line\nbreak")", R"("tab\there")", R"("\r")", R"("bell\u0007")", R"("del\u007f")",
                            R"("c1\u0085")", R"("\u2028sep")", R"("rtl\u202eoverride")", R"("zero\u200bwidth")",
                            R"("\ufeffbom")", R"("iso\u2066late")", R"("private\ue000use")", R"("non\uffffchar")",
                            R"("nul\u0000")"}) {
        CAPTURE(bad);
        CHECK(rejected_field(body_with_reason(bad)) == "reason");
    }
}

TEST_CASE("the reason's problems say what is wrong, and where") {
    const auto control = maintenance_reason_problem("ab\ncd");
    REQUIRE(control.has_value());
    CHECK(control->find("U+000A at character 3") != std::string::npos);
    const auto long_one = maintenance_reason_problem(reason_of_length(250));
    REQUIRE(long_one.has_value());
    CHECK(long_one->find("200") != std::string::npos);
    CHECK(long_one->find("250") != std::string::npos);
}

TEST_CASE("an unknown member is named, escaped and cut short in the problem") {
    FakeControl control;
    Call call(R"({"on": true, "reason": "x", "bad\u0001name)" + std::string(100, 'n') + R"(": 1})");
    const auto problem = body_of(handle_put_maintenance(call.context(), control));
    const std::string detail(problem.at("detail").as_string());
    CHECK(detail.find("\\u0001") != std::string::npos);
    CHECK(detail.find('\x01') == std::string::npos);
    CHECK(detail.size() < 160);
}

TEST_CASE("PUT /api/v1/maintenance wants application/json") {
    FakeControl control;
    for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx"}) {
        CAPTURE(type);
        Call call(R"({"on": true, "reason": "x"})", type);
        const Response response = handle_put_maintenance(call.context(), control);
        CHECK(response.result() == http::status::unsupported_media_type);
    }
    CHECK(control.changes.empty());
    Call with_charset(R"({"on": true, "reason": "x"})", "Application/JSON; charset=utf-8");
    CHECK(handle_put_maintenance(with_charset.context(), control).result() == http::status::ok);
}

TEST_CASE("PUT /api/v1/maintenance: 200 in effect now, 202 pending until the session ends, 200 off") {
    FakeControl control;
    Call on(R"({"on": true, "reason": "Ganti printer"})");

    control.answer = MaintenanceStatus{MaintenanceState::active, "Ganti printer"};
    Response active = handle_put_maintenance(on.context(), control);
    CHECK(active.result() == http::status::ok);
    CHECK(active[http::field::content_type] == "application/json");
    CHECK(active[http::field::cache_control] == "no-store");
    CHECK(body_of(active).at("state").as_string() == "active");
    CHECK(body_of(active).at("reason").as_string() == "Ganti printer");
    REQUIRE(control.changes.size() == 1);
    CHECK(control.changes[0] == MaintenanceChange{true, "Ganti printer"});
    CHECK(control.callers[0].name == "budi");
    CHECK(control.callers[0].role == Role::operator_);

    control.answer = MaintenanceStatus{MaintenanceState::pending, "Ganti printer"};
    Response pending = handle_put_maintenance(on.context(), control);
    CHECK(pending.result() == http::status::accepted);
    CHECK(body_of(pending).at("state").as_string() == "pending");

    control.answer = MaintenanceStatus{};
    Call off(R"({"on": false})");
    Response done = handle_put_maintenance(off.context(), control);
    CHECK(done.result() == http::status::ok);
    CHECK(body_of(done).at("state").as_string() == "off");
    CHECK(body_of(done).at("reason").is_null());
}

TEST_CASE("PUT /api/v1/maintenance: a change not recorded or not taken is a 503 with its own type") {
    FakeControl control;
    Call on(R"({"on": true, "reason": "x"})");
    control.answer = fail(OrderError{OrderFailure::not_recorded, "database is locked"});
    Response store = handle_put_maintenance(on.context(), control);
    CHECK(store.result() == http::status::service_unavailable);
    CHECK(body_of(store).at("type").as_string() == "https://ktp-kiosk.example/problems/unavailable");
    control.answer = fail(OrderError{OrderFailure::screen_not_answering, "no answer in 2000 ms"});
    Response slow = handle_put_maintenance(on.context(), control);
    CHECK(slow.result() == http::status::service_unavailable);
    CHECK(body_of(slow).at("type").as_string() == "https://ktp-kiosk.example/problems/screen-not-answering");
    CHECK(body_of(slow).at("detail").as_string() == "no answer in 2000 ms");
}

TEST_CASE("GET /api/v1/screenshot: the PNG, never cached; a resident's data on screen is a 409 without an image") {
    FakeCapture capture;
    Request request{http::verb::get, "/api/v1/screenshot", 11};
    const Caller caller{Role::operator_, "budi"};
    const RequestContext context{request, caller, "/api/v1/screenshot", ""};

    Response png = handle_get_screenshot(context, capture);
    CHECK(png.result() == http::status::ok);
    CHECK(png[http::field::content_type] == "image/png");
    CHECK(png[http::field::cache_control] == "no-store");
    CHECK(png.body() == capture.answer.value());

    capture.answer = fail(OrderError{OrderFailure::personal_data_on_screen, "a resident's session is on screen"});
    Response refused = handle_get_screenshot(context, capture);
    CHECK(refused.result() == http::status::conflict);
    CHECK(refused[http::field::content_type] == "application/problem+json");
    CHECK(body_of(refused).at("type").as_string() == "https://ktp-kiosk.example/problems/personal-data-on-screen");
    CHECK(refused.body().find("PNG") == std::string::npos);

    capture.answer = fail(OrderError{OrderFailure::screen_not_answering, "late"});
    CHECK(handle_get_screenshot(context, capture).result() == http::status::service_unavailable);
    capture.answer = fail(OrderError{OrderFailure::failed, "cannot read"});
    CHECK(handle_get_screenshot(context, capture).result() == http::status::internal_server_error);
    CHECK(capture.calls == 4);
}

TEST_CASE("both routes are in the one table, for operators, the maintenance body bounded") {
    FakeControl control;
    FakeCapture capture;
    RouteTable routes;
    add_operator_routes(routes, control, capture);
    const RouteMatch put = routes.match(http::verb::put, "/api/v1/maintenance");
    REQUIRE(put.kind == RouteMatch::Kind::found);
    CHECK(put.route->role == Role::operator_);
    CHECK(put.route->body_limit_bytes == kMaintenanceBodyLimitBytes);
    const RouteMatch get = routes.match(http::verb::get, "/api/v1/screenshot");
    REQUIRE(get.kind == RouteMatch::Kind::found);
    CHECK(get.route->role == Role::operator_);
    CHECK(get.route->body_limit_bytes == 0);
    CHECK(routes.match(http::verb::get, "/api/v1/maintenance").kind == RouteMatch::Kind::method_not_allowed);
    CHECK(routes.label_for("/api/v1/screenshot") == "/api/v1/screenshot");

    // The handler bound in the table is the one above.
    Call call(R"({"on": false})");
    CHECK(put.route->handler(call.context()).result() == http::status::ok);
    CHECK(control.changes.size() == 1);
}

TEST_CASE("the operator routes' problem kinds have their own type URIs and statuses") {
    std::set<std::string> uris;
    for (const auto kind : {ProblemKind::invalid_field, ProblemKind::personal_data_on_screen,
                            ProblemKind::screen_not_answering, ProblemKind::bad_request, ProblemKind::conflict,
                            ProblemKind::unavailable}) {
        uris.insert(problem_type_uri(kind));
    }
    CHECK(uris.size() == 6);
    CHECK(problem_status(ProblemKind::invalid_field) == http::status::bad_request);
    CHECK(problem_status(ProblemKind::personal_data_on_screen) == http::status::conflict);
    CHECK(problem_status(ProblemKind::screen_not_answering) == http::status::service_unavailable);
    const auto field = json::parse(field_problem("reason", "too long").body()).as_object();
    CHECK(field.at("field").as_string() == "reason");
    CHECK(field.at("status").as_int64() == 400);
}
