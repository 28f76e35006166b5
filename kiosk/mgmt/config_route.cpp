#include "kiosk/mgmt/config_route.hpp"

#include "kiosk/mgmt/json_response.hpp"
#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/query_parameters.hpp"

#include <boost/json/parse.hpp>

#include <cctype>
#include <string_view>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;

constexpr std::string_view kMergePatch = "application/merge-patch+json";

// The media type without parameters ("; charset=utf-8"), compared without regard to case.
bool is_merge_patch(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    std::string_view type = content_type.substr(0, semicolon);
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    if (type.size() != kMergePatch.size()) return false;
    for (std::size_t i = 0; i < type.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(type[i])) != kMergePatch[i]) return false;
    return true;
}

const char* kind_name(json::kind kind) {
    switch (kind) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_: return "a number";
        case json::kind::string: return "a string";
        case json::kind::array: return "an array";
        case json::kind::object: return "an object";
    }
    return "a value";
}

ProblemKind problem_kind(ConfigPatchError::Kind kind) {
    switch (kind) {
        case ConfigPatchError::Kind::key_unknown: return ProblemKind::config_key_unknown;
        case ConfigPatchError::Kind::key_not_live: return ProblemKind::config_key_not_live;
        case ConfigPatchError::Kind::invalid_value: return ProblemKind::invalid_config_value;
        case ConfigPatchError::Kind::not_stored: return ProblemKind::unavailable;
    }
    return ProblemKind::internal;
}

}  // namespace

Response handle_config_get(const RequestContext& context, ConfigSource& source) {
    if (auto read = read_integer_parameters(context.query, {}); !read) return query_problem(context, read.error());
    return json_response(context, http::status::ok, source.effective());
}

Response handle_config_patch(const RequestContext& context, ConfigSource& source) {
    const unsigned version = context.request.version();
    if (auto read = read_integer_parameters(context.query, {}); !read) return query_problem(context, read.error());
    if (!is_merge_patch(context.request[http::field::content_type]))
        return problem(ProblemKind::unsupported_media,
                       "PATCH /api/v1/config takes application/merge-patch+json (RFC 7396)", version);
    json::error_code error;
    const json::value body = json::parse(context.request.body(), error);
    if (error) return problem(ProblemKind::bad_request, "the body is not JSON: " + error.message(), version);
    if (!body.is_object())
        return problem(
            ProblemKind::bad_request,
            std::string("a merge patch of the configuration is a JSON object, got ") + kind_name(body.kind()), version);
    auto patched = source.patch(body.get_object(), context.caller);
    if (!patched) {
        const ConfigPatchError& refused = patched.error();
        if (refused.kind == ConfigPatchError::Kind::not_stored)
            return problem(ProblemKind::unavailable,
                           "the change could not be stored, nothing changed: " + refused.message, version);
        return problem(problem_kind(refused.kind), refused.message, json::object{{"key", refused.key}}, version);
    }
    return json_response(context, http::status::ok, *patched);
}

void add_config_routes(RouteTable& routes, ConfigSource& source) {
    routes.add({http::verb::get, "/api/v1/config", Role::operator_, 0,
                [&source](const RequestContext& context) { return handle_config_get(context, source); }});
    routes.add({http::verb::patch, "/api/v1/config", Role::operator_, kConfigPatchBodyMax,
                [&source](const RequestContext& context) { return handle_config_patch(context, source); }});
}

}  // namespace kiosk::mgmt
