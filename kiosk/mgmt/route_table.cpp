#include "kiosk/mgmt/route_table.hpp"

#include "kiosk/core/assert.hpp"

namespace kiosk::mgmt {

Target split_target(std::string_view target) {
    if (target.empty() || target.front() != '/') return {};
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {target, {}};
    return {target.substr(0, question), target.substr(question + 1)};
}

Route streamed_route(http::verb method, std::string path, Role role, OpenSink open_sink, std::size_t body_limit_bytes) {
    return Route{method, std::move(path), role, body_limit_bytes, {}, std::move(open_sink)};
}

void RouteTable::add(Route route) {
    for (const Route& existing : routes_)
        VERIFY_MSG(!(existing.method == route.method && existing.path == route.path), "route added twice");
    VERIFY_MSG(static_cast<bool>(route.handler) != static_cast<bool>(route.open_sink),
               "a route needs either a handler or an open_sink");
    VERIFY_MSG(!route.open_sink || route.body_limit_bytes > 0, "a streamed route takes a body");
    routes_.push_back(std::move(route));
}

RouteMatch RouteTable::match(http::verb method, std::string_view path) const {
    RouteMatch result;
    for (const Route& route : routes_) {
        if (route.path != path) continue;
        if (route.method == method) {
            result.kind = RouteMatch::Kind::found;
            result.route = &route;
            result.allowed_methods.clear();
            return result;
        }
        result.kind = RouteMatch::Kind::method_not_allowed;
        if (!result.allowed_methods.empty()) result.allowed_methods += ", ";
        result.allowed_methods += std::string(http::to_string(route.method));
    }
    return result;
}

std::string_view RouteTable::label_for(std::string_view path) const {
    for (const Route& route : routes_)
        if (route.path == path) return route.path;
    return "unmatched";
}

}  // namespace kiosk::mgmt
