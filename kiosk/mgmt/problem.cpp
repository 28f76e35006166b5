#include "kiosk/mgmt/problem.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kiosk::mgmt {
namespace {

struct ProblemInfo {
    http::status status;
    const char* slug;
    const char* title;
};

ProblemInfo info_of(ProblemKind kind) {
    switch (kind) {
        case ProblemKind::bad_request: return {http::status::bad_request, "bad-request", "The request is malformed"};
        case ProblemKind::invalid_field:
            return {http::status::bad_request, "invalid-field", "A field of the request body is not valid"};
        case ProblemKind::invalid_query_parameter:
            return {http::status::bad_request, "invalid-query-parameter", "A query parameter is not accepted"};
        case ProblemKind::config_key_unknown:
            return {http::status::bad_request, "config-key-unknown", "The configuration has no such key"};
        case ProblemKind::config_key_not_live:
            return {http::status::bad_request, "config-key-not-live",
                    "This key cannot be changed while the kiosk runs"};
        case ProblemKind::invalid_config_value:
            return {http::status::bad_request, "invalid-config-value", "The configuration's rules refuse this value"};
        case ProblemKind::unauthenticated:
            return {http::status::unauthorized, "unauthenticated", "A valid credential is needed"};
        case ProblemKind::forbidden:
            return {http::status::forbidden, "forbidden", "This credential may not call this route"};
        case ProblemKind::not_found: return {http::status::not_found, "not-found", "No such resource"};
        case ProblemKind::method_not_allowed:
            return {http::status::method_not_allowed, "method-not-allowed", "The route does not take this method"};
        case ProblemKind::conflict: return {http::status::conflict, "conflict", "The kiosk cannot do this now"};
        case ProblemKind::personal_data_on_screen:
            return {http::status::conflict, "personal-data-on-screen", "A resident's personal data is on screen"};
        case ProblemKind::payload_too_large:
            return {http::status::payload_too_large, "payload-too-large", "The body is larger than this route takes"};
        case ProblemKind::unsupported_media:
            return {http::status::unsupported_media_type, "unsupported-media-type", "The body's type is not accepted"};
        case ProblemKind::header_too_large:
            return {http::status::request_header_fields_too_large, "header-too-large", "The request header is too large"};
        case ProblemKind::unavailable:
            return {http::status::service_unavailable, "unavailable", "The kiosk cannot serve requests now"};
        case ProblemKind::screen_not_answering:
            return {http::status::service_unavailable, "screen-not-answering", "The kiosk's screen did not answer in time"};
        case ProblemKind::internal:
            return {http::status::internal_server_error, "internal", "The kiosk failed to handle the request"};
        case ProblemKind::invalid_event_ack:
            return {http::status::bad_request, "invalid-event-ack", "The acknowledgement is not a list of event ids"};
        case ProblemKind::event_cursor_ahead:
            return {http::status::conflict, "event-cursor-ahead", "The cursor is past the kiosk's newest event"};
        case ProblemKind::records_import_failed:
            return {http::status::service_unavailable, "records-import-failed",
                    "The kiosk's database could not take the records"};
        case ProblemKind::too_many_requests:
            return {http::status::too_many_requests, "too-many-requests", "Too many attempts from this client"};
    }
    return {http::status::internal_server_error, "internal", "The kiosk failed to handle the request"};
}

}  // namespace

http::status problem_status(ProblemKind kind) { return info_of(kind).status; }

std::string problem_type_uri(ProblemKind kind) {
    return std::string("https://ktp-kiosk.example/problems/") + info_of(kind).slug;
}

namespace {

boost::json::object problem_body(ProblemKind kind, std::string_view detail, const boost::json::object& extensions) {
    const ProblemInfo info = info_of(kind);
    boost::json::object body = extensions;
    body["type"] = problem_type_uri(kind);
    body["title"] = info.title;
    body["status"] = static_cast<int>(info.status);
    body["detail"] = detail;
    return body;
}

Response problem_response(ProblemKind kind, const boost::json::object& body, unsigned version, bool keep_alive) {
    const ProblemInfo info = info_of(kind);
    Response response{info.status, version};
    response.set(http::field::content_type, "application/problem+json");
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(keep_alive);
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

}  // namespace

Response problem(ProblemKind kind, std::string_view detail, unsigned version, bool keep_alive) {
    return problem(kind, detail, boost::json::object{}, version, keep_alive);
}

Response problem(ProblemKind kind, std::string_view detail, const boost::json::object& extensions, unsigned version,
                 bool keep_alive) {
    return problem_response(kind, problem_body(kind, detail, extensions), version, keep_alive);
}

Response field_problem(std::string_view field, std::string_view detail, unsigned version, bool keep_alive) {
    return problem(ProblemKind::invalid_field, detail, boost::json::object{{"field", field}}, version, keep_alive);
}

}  // namespace kiosk::mgmt
