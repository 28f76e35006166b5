#include "kiosk/mgmt/console_routes.hpp"

#include <boost/json/object.hpp>

#include "kiosk/core/assert.hpp"
#include "kiosk/log/log.hpp"
#include "kiosk/mgmt/console_files.hpp"
#include "kiosk/mgmt/json_response.hpp"
#include "kiosk/mgmt/problem.hpp"

namespace kiosk::mgmt {

namespace json = boost::json;

namespace {

constexpr std::string_view kSessionPath = "/api/v1/console/session";

std::int64_t seconds_rounded_up(std::int64_t ms) { return (ms + 999) / 1000; }

Response session_body(const RequestContext& context, http::status status, const ConsoleSession& session,
                      const ConsoleSessionLimits& limits, std::int64_t now_ms) {
    return json_response(context, status,
                         json::object{{"name", session.caller.name},
                                      {"role", role_name(session.caller.role)},
                                      {"csrf_token", session.csrf_token},
                                      {"expires_in_s", seconds_rounded_up(session.expires_at_ms - now_ms)},
                                      {"idle_timeout_s", seconds_rounded_up(limits.idle_timeout_ms)}});
}

Response refuse(const RequestContext& context, ProblemKind kind, std::string_view detail) {
    return problem(kind, detail, context.request.version(), context.request.keep_alive());
}

Response unauthenticated(const RequestContext& context, std::string_view detail) {
    Response response = refuse(context, ProblemKind::unauthenticated, detail);
    response.set(http::field::www_authenticate, "Bearer realm=\"ktp-kiosk\"");
    return response;
}

}  // namespace

Console::Console(ConsoleParts parts)
    : parts_(std::move(parts)),
      sessions_(parts_.new_secret, parts_.session_limits),
      sign_in_limiter_(parts_.sign_in_limits) {
    VERIFY(parts_.bearer && parts_.still_valid && parts_.now_ms);
}

Authenticate Console::authenticator() {
    return console_authenticator(parts_.bearer, sessions_, parts_.still_valid, parts_.now_ms);
}

void Console::add_routes(RouteTable& routes) {
    add_console_file_routes(routes);
    const std::string path(kSessionPath);
    routes.add({http::verb::post, path, Role::anonymous, 0, [this](const RequestContext& c) { return sign_in(c); }});
    routes.add({http::verb::get, path, Role::operator_, 0, [this](const RequestContext& c) { return session(c); }});
    routes.add({http::verb::delete_, path, Role::operator_, 0, [this](const RequestContext& c) { return sign_out(c); }});
}

Response Console::sign_in(const RequestContext& context) {
    const std::int64_t now_ms = parts_.now_ms();
    if (const auto wait_ms = sign_in_limiter_.attempt(context.client_address, now_ms)) {
        Response response = refuse(context, ProblemKind::too_many_requests,
                                   "too many sign-in attempts from this address; try again later");
        response.set(http::field::retry_after, std::to_string(seconds_rounded_up(*wait_ms)));
        return response;
    }
    if (context.request.find(http::field::authorization) == context.request.end())
        return unauthenticated(context, "sign in with an operator token (Authorization: Bearer)");
    Peer peer;
    peer.address = std::string(context.client_address);
    const Result<std::optional<Caller>> checked = parts_.bearer(context.request, peer);
    if (!checked) {
        log::error("console.sign_in_failed", {log::kv("reason", checked.error().to_string())});
        return refuse(context, ProblemKind::unavailable, "tokens cannot be checked now; try again later");
    }
    if (!checked.value()) return unauthenticated(context, "this token is not valid");
    const Caller& caller = *checked.value();
    if (caller.role != Role::operator_)
        return refuse(context, ProblemKind::forbidden, "the console is for operator tokens");
    if (const auto previous = console_cookie(context.request)) (void)sessions_.close(*previous);
    Result<OpenedSession> opened = sessions_.open(caller, now_ms);
    if (!opened) {
        log::error("console.sign_in_failed", {log::kv("reason", opened.error().to_string())});
        return refuse(context, ProblemKind::unavailable, "no session can be made now; try again later");
    }
    log::info("console.signed_in", {log::kv("name", caller.name)});
    Response response = session_body(context, http::status::ok, opened->session, sessions_.limits(), now_ms);
    response.set(http::field::set_cookie,
                 console_cookie_header(opened->id, seconds_rounded_up(opened->session.expires_at_ms - now_ms)));
    return response;
}

Response Console::session(const RequestContext& context) {
    const std::int64_t now_ms = parts_.now_ms();
    const auto id = console_cookie(context.request);
    const auto found = id ? sessions_.find(*id, now_ms) : std::nullopt;
    if (!found) return refuse(context, ProblemKind::not_found, "no console session: this request is a bearer one");
    return session_body(context, http::status::ok, *found, sessions_.limits(), now_ms);
}

Response Console::sign_out(const RequestContext& context) {
    if (const auto id = console_cookie(context.request); id && sessions_.close(*id))
        log::info("console.signed_out", {log::kv("name", context.caller.name)});
    Response response{http::status::no_content, context.request.version()};
    response.set(http::field::set_cookie, console_cookie_removal());
    response.set(http::field::cache_control, "no-store");
    return response;
}

}  // namespace kiosk::mgmt
