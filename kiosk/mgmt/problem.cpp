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
        case ProblemKind::unauthenticated:
            return {http::status::unauthorized, "unauthenticated", "A valid credential is needed"};
        case ProblemKind::forbidden:
            return {http::status::forbidden, "forbidden", "This credential may not call this route"};
        case ProblemKind::not_found: return {http::status::not_found, "not-found", "No such resource"};
        case ProblemKind::method_not_allowed:
            return {http::status::method_not_allowed, "method-not-allowed", "The route does not take this method"};
        case ProblemKind::conflict: return {http::status::conflict, "conflict", "The kiosk cannot do this now"};
        case ProblemKind::payload_too_large:
            return {http::status::payload_too_large, "payload-too-large", "The body is larger than this route takes"};
        case ProblemKind::unsupported_media:
            return {http::status::unsupported_media_type, "unsupported-media-type", "The body's type is not accepted"};
        case ProblemKind::header_too_large:
            return {http::status::request_header_fields_too_large, "header-too-large", "The request header is too large"};
        case ProblemKind::unavailable:
            return {http::status::service_unavailable, "unavailable", "The kiosk cannot serve requests now"};
        case ProblemKind::internal:
            return {http::status::internal_server_error, "internal", "The kiosk failed to handle the request"};
        case ProblemKind::records_import_failed:
            return {http::status::service_unavailable, "records-import-failed",
                    "The kiosk's database could not take the records"};
    }
    return {http::status::internal_server_error, "internal", "The kiosk failed to handle the request"};
}

}  // namespace

http::status problem_status(ProblemKind kind) { return info_of(kind).status; }

std::string problem_type_uri(ProblemKind kind) {
    return std::string("https://ktp-kiosk.example/problems/") + info_of(kind).slug;
}

Response problem(ProblemKind kind, std::string_view detail, unsigned version, bool keep_alive) {
    const ProblemInfo info = info_of(kind);
    boost::json::object body;
    body["type"] = problem_type_uri(kind);
    body["title"] = info.title;
    body["status"] = static_cast<int>(info.status);
    body["detail"] = detail;
    Response response{info.status, version};
    response.set(http::field::content_type, "application/problem+json");
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(keep_alive);
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

}  // namespace kiosk::mgmt
