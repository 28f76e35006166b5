// The one route table: it drives dispatch, the OpenAPI document's check and the metrics' route label.
// A route is a method, an exact path, the role it needs, its body limit and its handler, a plain
// function of the request and its caller (the services are bound in by whoever builds the table);
// or, for a body of any size, a sink fed the body piece by piece as it arrives (streamed_route).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/http.hpp"

namespace kiosk::mgmt {

struct RequestContext {
    const Request& request;
    const Caller& caller;
    std::string_view path;   // the target without its query
    std::string_view query;  // after '?', without it; empty when there is none
    std::string_view client_address = {};  // the peer's IP address as text (per-client limits)
};

using Handler = std::function<Response(const RequestContext&)>;

// The consumer of a streamed body (a route made with streamed_route): the server feeds it the body
// as it reads it, each byte once and in order, in pieces of at most 64 KiB, with other connections
// served between pieces. Called on the server's thread only.
class BodySink {
public:
    virtual ~BodySink() = default;
    // The next bytes of the body. An error is the response that ends the request at once: the rest of
    // the body is not read, the connection closes after the answer, and the sink is not called again.
    virtual Result<void, Response> feed(std::string_view bytes) = 0;
    // The body has ended; the response to send.
    virtual Response finish() = 0;
    // The body will not end: the client went away or broke the framing, a deadline passed, or the
    // server is stopping. No response is sent. Called at most once, never after finish().
    virtual void abort() = 0;
};

// Opens a sink for a request whose header has been read, authenticated and authorised (the request
// in the context has an empty body). An error is the response that refuses the request (a wrong
// Content-Type, say) before any byte of its body is read.
using OpenSink = std::function<Result<std::unique_ptr<BodySink>, Response>(const RequestContext&)>;

inline constexpr std::size_t kNoBodyLimit = static_cast<std::size_t>(-1);

// A route has either a handler, called with the whole body once it is read (at most
// body_limit_bytes, held in memory), or an open_sink, whose sink is fed the body as it arrives
// (at most body_limit_bytes in all, kNoBodyLimit for no limit; memory is the sink's to bound).
struct Route {
    http::verb method = http::verb::get;
    std::string path;  // exact, e.g. "/api/v1/status"; also the metrics' route label
    Role role = Role::operator_;
    std::size_t body_limit_bytes = 0;  // 0: the route takes no body
    Handler handler;
    OpenSink open_sink = {};  // set instead of handler by streamed_route
};

// A route whose body is streamed to the sink that open_sink makes for each request.
[[nodiscard]] Route streamed_route(http::verb method, std::string path, Role role, OpenSink open_sink,
                                   std::size_t body_limit_bytes = kNoBodyLimit);

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
    // Adding a second route with the same method and path, or a route with neither or both of a
    // handler and an open_sink, is a programmer error (VERIFY).
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
