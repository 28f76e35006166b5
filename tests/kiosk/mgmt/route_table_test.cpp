#include "kiosk/mgmt/route_table.hpp"

#include <doctest/doctest.h>

using namespace kiosk::mgmt;

namespace {
Response ok(const RequestContext& context) { return Response{http::status::ok, context.request.version()}; }
RouteTable table() {
    RouteTable routes;
    routes.add({http::verb::get, "/api/v1/config", Role::operator_, 0, ok});
    routes.add({http::verb::patch, "/api/v1/config", Role::operator_, 4096, ok});
    routes.add({http::verb::get, "/healthz", Role::anonymous, 0, ok});
    return routes;
}
}  // namespace

TEST_CASE("a method and exact path select one route") {
    const RouteTable routes = table();
    const RouteMatch match = routes.match(http::verb::patch, "/api/v1/config");
    REQUIRE(match.kind == RouteMatch::Kind::found);
    CHECK(match.route->body_limit_bytes == 4096);
    CHECK(routes.match(http::verb::get, "/healthz").route->role == Role::anonymous);
    CHECK(routes.match(http::verb::get, "/healthz/").kind == RouteMatch::Kind::not_found);
    CHECK(routes.match(http::verb::get, "/HEALTHZ").kind == RouteMatch::Kind::not_found);
}

TEST_CASE("a known path with another method lists the methods it takes") {
    const RouteMatch match = table().match(http::verb::delete_, "/api/v1/config");
    CHECK(match.kind == RouteMatch::Kind::method_not_allowed);
    CHECK(match.allowed_methods == "GET, PATCH");
    CHECK(match.route == nullptr);
}

TEST_CASE("metrics labels are route paths, and every unknown path shares one label") {
    const RouteTable routes = table();
    CHECK(routes.label_for("/api/v1/config") == "/api/v1/config");
    CHECK(routes.label_for("/wp-admin/setup.php") == "unmatched");
    CHECK(routes.label_for("/api/v1/config/../x") == "unmatched");
}

TEST_CASE("a target splits into path and query; one that is not origin-form has no path") {
    CHECK(split_target("/api/v1/events?after=10&limit=5").path == "/api/v1/events");
    CHECK(split_target("/api/v1/events?after=10&limit=5").query == "after=10&limit=5");
    CHECK(split_target("/healthz").query.empty());
    CHECK(split_target("http://evil/healthz").path.empty());
    CHECK(split_target("*").path.empty());
    CHECK(split_target("").path.empty());
}

TEST_CASE("roles: operators may do what monitors may; central and operators are separate") {
    CHECK(role_allows(Role::operator_, Role::monitor));
    CHECK_FALSE(role_allows(Role::monitor, Role::operator_));
    CHECK_FALSE(role_allows(Role::operator_, Role::central));
    CHECK_FALSE(role_allows(Role::central, Role::operator_));
    CHECK(role_allows(Role::central, Role::anonymous));
    CHECK_FALSE(role_allows(Role::anonymous, Role::monitor));
}
