// GET /api/v1/slots as a plain function over a hand-made magazine: masking, totals, refusals.
#include "kiosk/mgmt/slots_route.hpp"

#include "tests/kiosk/mgmt/operator_route_support.hpp"

#include <regex>

using namespace kiosk;
using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;

namespace {

struct FakeMagazine final : MagazineSource {
    Result<Magazine> answer = Magazine{};
    int calls = 0;
    Result<Magazine> magazine() override {
        ++calls;
        return answer;
    }
};

Magazine two_slots() {
    Magazine m;
    m.now_s = 1'767'225'600;
    m.pickup_deadline_days = 30;
    MagazineSlot loaded;
    loaded.slot = 1;
    loaded.state = "LOADED";
    loaded.nik = core::Nik::parse("3171014101900001").value();
    loaded.card_serial = "DEMO0000001";
    loaded.loaded_at_s = 1'764'633'600;
    loaded.deadline_s = 1'767'225'600;
    loaded.past_deadline = true;
    MagazineSlot empty;
    empty.slot = 2;
    empty.state = "EMPTY";
    m.slots = {loaded, empty};
    m.totals = {2, 1, 1, 0, 1};
    return m;
}

}  // namespace

TEST_CASE("slots: each slot with its masked NIK, never the whole one, and the totals") {
    FakeMagazine source;
    source.answer = two_slots();
    const Response response = handle_slots(Call(http::verb::get, "/api/v1/slots").context(), source);
    REQUIRE(response.result() == http::status::ok);
    CHECK(response[http::field::content_type] == "application/json");
    CHECK(response[http::field::cache_control] == "no-store");
    CHECK(response.body().find("3171014101900001") == std::string::npos);
    CHECK_FALSE(std::regex_search(response.body(), std::regex("[0-9]{16}")));
    const auto body = body_of(response);
    const auto& slots = body.at("slots").as_array();
    REQUIRE(slots.size() == 2);
    const auto& first = slots.at(0).as_object();
    CHECK(first.at("slot").as_int64() == 1);
    CHECK(first.at("state").as_string() == "LOADED");
    CHECK(first.at("nik_masked").as_string() == "3171 **** **** 0001");
    CHECK(first.at("card_serial").as_string() == "DEMO0000001");
    CHECK(first.at("loaded_at_unix_s").as_int64() == 1'764'633'600);
    CHECK(first.at("deadline_unix_s").as_int64() == 1'767'225'600);
    CHECK(first.at("past_deadline").as_bool());
    CHECK_FALSE(first.contains("name"));
    const auto& second = slots.at(1).as_object();
    CHECK(second.at("state").as_string() == "EMPTY");
    CHECK(second.at("nik_masked").is_null());
    CHECK(second.at("card_serial").is_null());
    CHECK(second.at("loaded_at_unix_s").is_null());
    CHECK(second.at("deadline_unix_s").is_null());
    CHECK_FALSE(second.at("past_deadline").as_bool());
    const auto& totals = body.at("totals").as_object();
    CHECK(totals.at("capacity").as_int64() == 2);
    CHECK(totals.at("used").as_int64() == 1);
    CHECK(totals.at("free").as_int64() == 1);
    CHECK(totals.at("fault").as_int64() == 0);
    CHECK(totals.at("past_deadline").as_int64() == 1);
    CHECK(body.at("pickup_deadline_days").as_int64() == 30);
    CHECK(body.at("now_unix_s").as_int64() == 1'767'225'600);
}

TEST_CASE("slots: a query parameter is refused by name; a store failure is a 503") {
    FakeMagazine source;
    const Response bad = handle_slots(Call(http::verb::get, "/api/v1/slots", "state=LOADED").context(), source);
    CHECK(bad.result() == http::status::bad_request);
    CHECK(problem_slug(bad) == "invalid-query-parameter");
    CHECK(body_of(bad).at("parameter").as_string() == "state");
    CHECK(source.calls == 0);

    source.answer = fail("store.slots.all", "database is locked (SQLITE_BUSY)");
    const Response down = handle_slots(Call(http::verb::get, "/api/v1/slots").context(), source);
    CHECK(down.result() == http::status::service_unavailable);
    CHECK(problem_slug(down) == "unavailable");
}

TEST_CASE("slots: the route is the operator's, without a body") {
    FakeMagazine source;
    RouteTable routes;
    add_slots_routes(routes, source);
    const auto match = routes.match(http::verb::get, "/api/v1/slots");
    REQUIRE(match.kind == RouteMatch::Kind::found);
    CHECK(match.route->role == Role::operator_);
    CHECK(match.route->body_limit_bytes == 0);
}
