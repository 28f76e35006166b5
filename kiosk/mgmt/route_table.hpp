// The one route table: it drives dispatch, the OpenAPI document's check and the metrics' route label.
// A route is a method, an exact path, the role it needs, its body limit and its handler, a plain
// function of the request and its caller (the services are bound in by whoever builds the table).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/mgmt/http.hpp"

namespace kiosk::mgmt {

struct RequestContext {
    const Request& request;
    const Caller& caller;
    std::string_view path;   // the target without its query
    std::string_view query;  // after '?', without it; empty when there is none
};

using Handler = std::function<Response(const RequestContext&)>;

struct Route {
    http::verb method = http::verb::get;
    std::string path;  // exact, e.g. "/api/v1/status"; also the metrics' route label
    Role role = Role::operator_;
    std::size_t body_limit_bytes = 0;  // 0: the route takes no body
    Handler handler;
};

// What a request's method and target select.
struct RouteMatch {
    enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
    const Route* route = nullptr;   // set when found
    std::string allowed_methods;    // for 405: "GET, PUT"
};

// The target split at '?'. A target that is not origin-form (does not start with '/') has an empty
// path, which no route matches.
struct Target {
    std::string_view path;
    std::string_view query;
};
[[nodiscard]] Target split_target(std::string_view target);

class RouteTable {
public:
    // Adding a second route with the same method and path is a programmer error (VERIFY).
    void add(Route route);

    [[nodiscard]] RouteMatch match(http::verb method, std::string_view path) const;
    [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

    // The label for metrics: the route's path when one matches the path, else "unmatched", so that
    // scanners probing random paths cannot grow the metrics without bound.
    [[nodiscard]] std::string_view label_for(std::string_view path) const;

private:
    std::vector<Route> routes_;
};

}  // namespace kiosk::mgmt
