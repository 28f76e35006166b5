// GET /api/v1/operator-checks as a plain function over hand-made checks: the facts, the NIK masked
// and never whole, refusals.
#include "kiosk/mgmt/operator_checks_route.hpp"

#include "tests/kiosk/mgmt/operator_route_support.hpp"

#include <regex>

using namespace kiosk;
using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;

namespace {

struct FakeChecks final : OperatorCheckSource {
    Result<OperatorChecks> answer = OperatorChecks{};
    int calls = 0;
    Result<OperatorChecks> operator_checks() override {
        ++calls;
        return answer;
    }
};

}  // namespace

TEST_CASE("operator checks: each pickup's facts with the NIK masked") {
    FakeChecks source;
    OperatorChecks found;
    found.now_s = 1'767'225'900;
    found.checks.push_back({7, 3, core::Nik::parse("3171014101900001").value(), "DEMO0000001", "slot occupancy unknown",
                            1'767'225'600, 1'767'225'700, 12});
    found.checks.push_back({9, 4, core::Nik::parse("3171011502850002").value(), std::nullopt, "card vanished", 1, 2,
                            std::nullopt});
    source.answer = found;
    const Response response = handle_operator_checks(Call(http::verb::get, "/api/v1/operator-checks").context(), source);
    REQUIRE(response.result() == http::status::ok);
    CHECK(response[http::field::cache_control] == "no-store");
    CHECK_FALSE(std::regex_search(response.body(), std::regex("[0-9]{16}")));
    const auto body = body_of(response);
    CHECK(body.at("now_unix_s").as_int64() == 1'767'225'900);
    const auto& checks = body.at("checks").as_array();
    REQUIRE(checks.size() == 2);
    const auto& first = checks.at(0).as_object();
    CHECK(first.at("journal_id").as_int64() == 7);
    CHECK(first.at("slot").as_int64() == 3);
    CHECK(first.at("nik_masked").as_string() == "3171 **** **** 0001");
    CHECK(first.at("card_serial").as_string() == "DEMO0000001");
    CHECK(first.at("reason").as_string() == "slot occupancy unknown");
    CHECK(first.at("began_unix_s").as_int64() == 1'767'225'600);
    CHECK(first.at("decided_unix_s").as_int64() == 1'767'225'700);
    CHECK(first.at("bin_counter_at_begin").as_int64() == 12);
    const auto& second = checks.at(1).as_object();
    CHECK(second.at("card_serial").is_null());
    CHECK(second.at("bin_counter_at_begin").is_null());
}

TEST_CASE("operator checks: a query parameter is refused by name; a store failure is a 503") {
    FakeChecks source;
    const Response bad = handle_operator_checks(Call(http::verb::get, "/api/v1/operator-checks", "slot=1").context(), source);
    CHECK(bad.result() == http::status::bad_request);
    CHECK(problem_slug(bad) == "invalid-query-parameter");
    CHECK(source.calls == 0);
    source.answer = fail("store.pickup_journal.awaiting_operator", "database is locked");
    const Response down = handle_operator_checks(Call(http::verb::get, "/api/v1/operator-checks").context(), source);
    CHECK(down.result() == http::status::service_unavailable);
    CHECK(problem_slug(down) == "unavailable");
}

TEST_CASE("operator checks: the route is the operator's, without a body") {
    FakeChecks source;
    RouteTable routes;
    add_operator_checks_routes(routes, source);
    const RouteMatch match = routes.match(http::verb::get, "/api/v1/operator-checks");
    REQUIRE(match.kind == RouteMatch::Kind::found);
    CHECK(match.route->role == Role::operator_);
    CHECK(match.route->body_limit_bytes == 0);
}
