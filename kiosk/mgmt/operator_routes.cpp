#include "kiosk/mgmt/operator_routes.hpp"

#include "kiosk/mgmt/json_response.hpp"

#include "kiosk/mgmt/problem.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <cctype>
#include <cstdio>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;

// The code point that starts at `at` in valid UTF-8, and `at` moved past it.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 1;
    char32_t c = lead;
    if (lead >= 0xF0) {
        length = 4;
        c = lead & 0x07U;
    } else if (lead >= 0xE0) {
        length = 3;
        c = lead & 0x0FU;
    } else if (lead >= 0xC0) {
        length = 2;
        c = lead & 0x1FU;
    }
    for (std::size_t i = 1; i < length && at + i < text.size(); ++i) c = (c << 6) | (byte(at + i) & 0x3FU);
    at += length;
    return c;
}

// Characters that draw nothing a person can read, or that change how the rest is drawn.
bool invisible(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;               // C0, DEL, C1
    if (c == 0x2028 || c == 0x2029) return true;                          // line, paragraph separators
    if (c == 0x00AD || c == 0x061C || c == 0x180E || c == 0xFEFF) return true;  // soft hyphen, marks, BOM
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)) return true;  // zero-width, bidi
    if (c >= 0x2060 && c <= 0x206F) return true;                         // word joiner, bidi isolates
    if (c >= 0xFFF9 && c <= 0xFFFB) return true;                         // interlinear annotation
    if (c >= 0xE0000 && c <= 0xE007F) return true;                       // tags
    if (c >= 0xE000 && c <= 0xF8FF) return true;                         // private use
    if (c >= 0xF0000) return true;                                       // supplementary private use
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFEU) == 0xFFFEU) return true;  // noncharacters
    return false;
}

bool space(char32_t c) {
    return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

std::string code_point_name(char32_t c) {
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "U+%04X", static_cast<unsigned>(c));
    return text.data();
}

// A member name as a problem may quote it: JSON-escaped (so control characters show as escapes) and
// cut to a length that cannot carry a body's worth of anything.
std::string quoted_name(std::string_view name) {
    constexpr std::size_t kMax = 40;
    std::string quoted = json::serialize(json::string(name.substr(0, kMax)));
    if (name.size() > kMax) quoted.insert(quoted.size() - 1, "...");
    return quoted;
}

// "application/json" with any parameters ("; charset=utf-8"), in any case.
bool is_json(std::string_view content_type) {
    const std::string_view type = content_type.substr(0, content_type.find(';'));
    std::string lowered;
    for (const char c : type)
        if (c != ' ' && c != '\t') lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return lowered == "application/json";
}

ProblemKind problem_kind_of(OrderFailure failure) {
    switch (failure) {
        case OrderFailure::personal_data_on_screen: return ProblemKind::personal_data_on_screen;
        case OrderFailure::not_recorded: return ProblemKind::unavailable;
        case OrderFailure::screen_not_answering: return ProblemKind::screen_not_answering;
        case OrderFailure::failed: return ProblemKind::internal;
    }
    return ProblemKind::internal;
}

Response order_problem(const RequestContext& context, const OrderError& error) {
    return problem(problem_kind_of(error.failure), error.detail, context.request.version());
}

}  // namespace

std::optional<std::string> maintenance_reason_problem(std::string_view reason) {
    std::size_t characters = 0;
    bool visible = false;
    for (std::size_t at = 0; at < reason.size();) {
        const char32_t c = next_code_point(reason, at);
        ++characters;
        if (invisible(c)) {
            return "must not contain control or invisible formatting characters (" + code_point_name(c) +
                   " at character " + std::to_string(characters) + ")";
        }
        if (!space(c)) visible = true;
    }
    if (!visible) return std::string("must not be empty or only spaces");
    if (characters > kMaintenanceReasonMaxChars) {
        return "must be at most " + std::to_string(kMaintenanceReasonMaxChars) + " characters (it has " +
               std::to_string(characters) + ")";
    }
    return std::nullopt;
}

Result<MaintenanceChange, BodyError> parse_maintenance_change(std::string_view body) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(body, ec);
    if (ec) return fail(BodyError{"", "the body is not JSON (" + ec.message() + ")"});
    const json::object* object = parsed.if_object();
    if (object == nullptr) return fail(BodyError{"", "the body must be a JSON object"});
    for (const auto& member : *object) {
        if (member.key() != "on" && member.key() != "reason")
            return fail(BodyError{std::string(member.key()), "is not a member of this request (on, reason)"});
    }

    MaintenanceChange change;
    const json::value* on = object->if_contains("on");
    if (on == nullptr) return fail(BodyError{"on", "is required"});
    if (!on->is_bool()) return fail(BodyError{"on", "must be true or false"});
    change.on = on->as_bool();

    const json::value* reason = object->if_contains("reason");
    if (reason != nullptr && !reason->is_null()) {
        if (!reason->is_string()) return fail(BodyError{"reason", "must be a string"});
        change.reason = std::string(reason->as_string());
        if (auto problem = maintenance_reason_problem(change.reason)) return fail(BodyError{"reason", *problem});
    } else if (change.on) {
        return fail(BodyError{"reason", "is required when \"on\" is true (it is shown on the kiosk's screen)"});
    }
    return change;
}

Response handle_put_maintenance(const RequestContext& context, MaintenanceControl& control) {
    const unsigned version = context.request.version();
    if (!is_json(context.request[http::field::content_type]))
        return problem(ProblemKind::unsupported_media, "the body must be application/json", version);
    auto change = parse_maintenance_change(context.request.body());
    if (!change) {
        const BodyError& error = change.error();
        if (error.field.empty()) return problem(ProblemKind::bad_request, error.reason, version);
        return field_problem(error.field, quoted_name(error.field) + " " + error.reason, version);
    }
    const auto applied = control.apply(*change, context.caller);
    if (!applied) return order_problem(context, applied.error());
    json::object body;
    body["state"] = maintenance_state_code(applied->state);
    body["reason"] = applied->state == MaintenanceState::off ? json::value(nullptr) : json::value(applied->reason);
    const bool pending = applied->state == MaintenanceState::pending;
    return json_response(context, pending ? http::status::accepted : http::status::ok, body);
}

Response handle_get_screenshot(const RequestContext& context, ScreenCapture& capture) {
    auto png = capture.capture_png();
    if (!png) return order_problem(context, png.error());
    Response response{http::status::ok, context.request.version()};
    response.set(http::field::content_type, "image/png");
    // A frame is a moment of the kiosk's screen: no cache may keep it or hand it to anyone else.
    response.set(http::field::cache_control, "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.body() = std::move(png).value();
    return response;
}

void add_operator_routes(RouteTable& routes, MaintenanceControl& control, ScreenCapture& capture) {
    using http::verb;
    routes.add({verb::put, "/api/v1/maintenance", Role::operator_, kMaintenanceBodyLimitBytes,
                [&control](const RequestContext& c) { return handle_put_maintenance(c, control); }});
    routes.add({verb::get, "/api/v1/screenshot", Role::operator_, 0,
                [&capture](const RequestContext& c) { return handle_get_screenshot(c, capture); }});
}

}  // namespace kiosk::mgmt
