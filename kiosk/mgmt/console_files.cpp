#include "kiosk/mgmt/console_files.hpp"

#include <cstdint>
#include <cstdio>

#include "kiosk/core/assert.hpp"

namespace kiosk::mgmt {

namespace {

constexpr std::string_view kIndex = "index.html";

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// FNV-1a over the content: an ETag only has to change when the bytes do (not a security measure).
std::string entity_tag(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    char text[24];
    std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
    return text;
}

Response serve(const RequestContext& context, const ConsoleFile& file, const std::string& tag) {
    const bool unchanged = context.request[http::field::if_none_match] == tag;
    Response response{unchanged ? http::status::not_modified : http::status::ok, context.request.version()};
    response.set(http::field::etag, tag);
    response.set(http::field::cache_control, "no-cache");
    response.set("Content-Security-Policy", kConsoleContentSecurityPolicy);
    response.set("Referrer-Policy", "no-referrer");
    response.set("X-Frame-Options", "DENY");
    if (!unchanged) {
        response.set(http::field::content_type, console_media_type(file.name));
        response.body() = std::string(file.bytes());
    }
    return response;
}

}  // namespace

std::string console_file_path(std::string_view name) {
    return name == kIndex ? std::string("/") : "/console/" + std::string(name);
}

std::string_view console_media_type(std::string_view name) {
    if (ends_with(name, ".html")) return "text/html; charset=utf-8";
    if (ends_with(name, ".css")) return "text/css; charset=utf-8";
    if (ends_with(name, ".js")) return "text/javascript; charset=utf-8";
    if (ends_with(name, ".json")) return "application/json";
    if (ends_with(name, ".svg")) return "image/svg+xml";
    VERIFY_NOT_REACHED();
}

void add_console_file_routes(RouteTable& routes) {
    for (const ConsoleFile& file : console_files()) {
        (void)console_media_type(file.name);  // an unknown kind of file fails at start, not at a request
        routes.add({http::verb::get, console_file_path(file.name), Role::anonymous, 0,
                    [&file, tag = entity_tag(file.bytes())](const RequestContext& context) {
                        return serve(context, file, tag);
                    }});
    }
}

}  // namespace kiosk::mgmt
