#include "kiosk/mgmt/console_auth.hpp"

#include "kiosk/core/assert.hpp"

namespace kiosk::mgmt {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// RFC 6265 section 4.2.1: "name=value" pairs separated by "; ".
std::optional<std::string_view> cookie_in(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semicolon = header.find(';');
        const std::string_view pair = trim(header.substr(0, semicolon));
        header = semicolon == std::string_view::npos ? std::string_view{} : header.substr(semicolon + 1);
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos) continue;
        if (trim(pair.substr(0, equals)) == name) return trim(pair.substr(equals + 1));
    }
    return std::nullopt;
}

Result<std::optional<Caller>> session_caller(const Request& request, std::string_view session_id,
                                             ConsoleSessions& sessions, const CredentialStillValid& still_valid,
                                             std::int64_t now_ms) {
    const auto session = sessions.find(session_id, now_ms);
    if (!session) return std::optional<Caller>{};
    if (is_change(request.method())) {
        const auto sent = request[kCsrfHeader];
        if (sent.empty() || !secrets_equal(std::string_view(sent.data(), sent.size()), session->csrf_token))
            return std::optional<Caller>{};
    }
    if (!TRY(still_valid(session->caller))) {
        sessions.close_all_of(session->caller.name);
        return std::optional<Caller>{};
    }
    sessions.touch(session_id, now_ms);
    return std::optional<Caller>{session->caller};
}

}  // namespace

std::optional<std::string_view> console_cookie(const Request& request) {
    for (auto [field, end] = request.equal_range(http::field::cookie); field != end; ++field) {
        const auto value = field->value();
        if (auto found = cookie_in(std::string_view(value.data(), value.size()), kConsoleCookieName)) return found;
    }
    return std::nullopt;
}

std::string console_cookie_header(std::string_view session_id, std::int64_t max_age_s) {
    return std::string(kConsoleCookieName) + "=" + std::string(session_id) +
           "; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_s);
}

std::string console_cookie_removal() {
    return std::string(kConsoleCookieName) + "=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
}

bool is_change(http::verb method) { return method != http::verb::get && method != http::verb::head; }

Authenticate console_authenticator(Authenticate bearer, ConsoleSessions& sessions, CredentialStillValid still_valid,
                                   std::function<std::int64_t()> now_ms) {
    VERIFY(bearer && still_valid && now_ms);
    return [bearer = std::move(bearer), &sessions, still_valid = std::move(still_valid), now_ms = std::move(now_ms)](
               const Request& request, const Peer& peer) -> Result<std::optional<Caller>> {
        if (request.find(http::field::authorization) == request.end()) {
            if (const auto session_id = console_cookie(request))
                return session_caller(request, *session_id, sessions, still_valid, now_ms());
        }
        return bearer(request, peer);
    };
}

}  // namespace kiosk::mgmt
