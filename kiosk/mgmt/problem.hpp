// RFC 9457 problem details: every error the management interface returns is
// `application/problem+json` with a stable `type` URI for each kind of error, so a client can act on
// the kind without parsing the words.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/mgmt/http.hpp"

namespace kiosk::mgmt {

// The kinds of error, each with its own type URI and HTTP status.
enum class ProblemKind {
    bad_request,         // 400: malformed syntax, a bad query parameter, invalid JSON
    unauthenticated,     // 401: no credential, or one that is not valid (revoked, expired, unknown)
    forbidden,           // 403: a valid credential whose role may not call this route
    not_found,           // 404: no such route or resource
    method_not_allowed,  // 405: the route exists with other methods (Allow header set)
    conflict,            // 409: the kiosk's state refuses it now (a resident's data on screen, a pickup)
    payload_too_large,   // 413: the body exceeds the route's limit
    unsupported_media,   // 415: a body of the wrong Content-Type
    header_too_large,    // 431: the request's header exceeds the limit
    unavailable,         // 503: the kiosk is shutting down or overloaded
    internal,            // 500: a failure inside the kiosk (the detail says where, never personal data)
    records_import_failed,  // 503: PUT /api/v1/records stopped at a database failure; resending is safe
};

[[nodiscard]] http::status problem_status(ProblemKind kind);
// "https://ktp-kiosk.example/problems/<slug>": stable identifiers, not links to fetch.
[[nodiscard]] std::string problem_type_uri(ProblemKind kind);

// A problem response: {"type", "title", "status", "detail"}. `detail` is for a person and must not
// hold personal data. Keep-alive and version follow the request's.
[[nodiscard]] Response problem(ProblemKind kind, std::string_view detail, unsigned version = 11,
                               bool keep_alive = false);

}  // namespace kiosk::mgmt
