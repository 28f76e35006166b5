// RFC 9457 problem details: every error the management interface returns is
// `application/problem+json` with a stable `type` URI for each kind of error, so a client can act on
// the kind without parsing the words.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "kiosk/mgmt/http.hpp"

namespace kiosk::mgmt {

// The kinds of error, each with its own type URI and HTTP status.
enum class ProblemKind {
    bad_request,              // 400: malformed syntax, invalid JSON, a body of the wrong shape
    invalid_field,            // 400: a JSON body's field is missing, of the wrong type or out of range ("field")
    invalid_query_parameter,  // 400: a query parameter that is unknown, repeated or malformed ("parameter")
    config_key_unknown,       // 400: a configuration key kiosk.toml does not have ("key")
    config_key_not_live,      // 400: a configuration key that only a restart changes ("key")
    invalid_config_value,     // 400: a value the configuration's rules refuse ("key")
    invalid_event_ack,        // 400: an events/ack body that is not {"ids": [event ids]}; the detail says where
    unauthenticated,          // 401: no credential, or one that is not valid (revoked, expired, unknown)
    forbidden,                // 403: a valid credential whose role may not call this route
    not_found,                // 404: no such route or resource
    method_not_allowed,       // 405: the route exists with other methods (Allow header set)
    conflict,                 // 409: the kiosk's state refuses it now (a pickup under way)
    personal_data_on_screen,  // 409: a resident's personal data is on screen; nothing was captured
    event_cursor_ahead,       // 409: `after` is past the newest cursor the kiosk handed out (its outbox was reset)
    payload_too_large,        // 413: the body exceeds the route's limit
    unsupported_media,        // 415: a body of the wrong Content-Type
    header_too_large,         // 431: the request's header exceeds the limit
    unavailable,              // 503: the kiosk is shutting down or overloaded
    screen_not_answering,     // 503: the UI thread did not answer within the route's deadline
    internal,                 // 500: a failure inside the kiosk (the detail says where, never personal data)
    records_import_failed,    // 503: PUT /api/v1/records stopped at a database failure; resending is safe
    too_many_requests,        // 429: this client tried too often; Retry-After says when it may again
};

[[nodiscard]] http::status problem_status(ProblemKind kind);
// "https://ktp-kiosk.example/problems/<slug>": stable identifiers, not links to fetch.
[[nodiscard]] std::string problem_type_uri(ProblemKind kind);

// A problem response: {"type", "title", "status", "detail"}. `detail` is for a person and must not
// hold personal data. Keep-alive and version follow the request's.
[[nodiscard]] Response problem(ProblemKind kind, std::string_view detail, unsigned version = 11,
                               bool keep_alive = false);
// The same with extension members (RFC 9457 section 3.2) that name what was refused, e.g.
// {"parameter": "limit"} or {"key": "session.idle_timeout_s"}. They must not hold personal data.
[[nodiscard]] Response problem(ProblemKind kind, std::string_view detail, const boost::json::object& extensions,
                               unsigned version = 11, bool keep_alive = false);
// An invalid_field problem that also names the field in an extension member, {"field": "reason"},
// so that a client can point at it without parsing the detail.
[[nodiscard]] Response field_problem(std::string_view field, std::string_view detail, unsigned version = 11,
                                     bool keep_alive = false);

}  // namespace kiosk::mgmt
