// The console's credential without sockets: the cookie's parsing and attributes, and the
// authenticator that puts a session's caller on the same path as a bearer token's.
#include "kiosk/mgmt/console_auth.hpp"

#include <doctest/doctest.h>

using namespace kiosk::mgmt;

namespace {

NewSecret numbered_secrets() {
    auto next = std::make_shared<int>(0);
    return [next]() -> kiosk::Result<std::string> { return "s" + std::to_string(++*next) + std::string(40, 'q'); };
}

kiosk::Result<std::optional<Caller>> bearer(const Request& request, const Peer&) {
    if (request[http::field::authorization] == "Bearer op") return std::optional{Caller{Role::operator_, "ops-laptop"}};
    return std::optional<Caller>{};
}

Request with_cookie(http::verb method, std::string_view cookie_header) {
    Request request{method, "/api/v1/maintenance", 11};
    request.set(http::field::cookie, cookie_header);
    return request;
}

struct Rig {
    ConsoleSessions sessions{numbered_secrets()};
    std::int64_t now_ms = 1'000;
    bool token_active = true;
    bool token_store_down = false;
    Authenticate authenticate = console_authenticator(bearer, sessions,
        [this](const Caller&) -> kiosk::Result<bool> {
            if (token_store_down) return kiosk::fail("store.tokens.is_active", "database is locked");
            return token_active;
        },
        [this] { return now_ms; });
    OpenedSession opened = sessions.open(Caller{Role::operator_, "ops-laptop"}, now_ms).value();

    std::optional<Caller> caller_of(const Request& request) {
        auto result = authenticate(request, Peer{"127.0.0.1", false, {}});
        REQUIRE(result.ok());
        return std::move(result).value();
    }
    std::string cookie() const { return std::string(kConsoleCookieName) + "=" + opened.id; }
};

}  // namespace

TEST_CASE("the console cookie is found among others in any Cookie header") {
    Request request{http::verb::get, "/", 11};
    CHECK_FALSE(console_cookie(request).has_value());
    request.insert(http::field::cookie, "theme=dark; lang=id");
    request.insert(http::field::cookie, "a=1;  __Host-console = abc123 ; b=2");
    REQUIRE(console_cookie(request).has_value());
    CHECK(*console_cookie(request) == "abc123");
    Request other{http::verb::get, "/", 11};
    other.set(http::field::cookie, "console=abc; __Host-consoles=x; broken");
    CHECK_FALSE(console_cookie(other).has_value());
}

TEST_CASE("the cookie is Secure, HttpOnly, SameSite=Strict, for the whole path, with an expiry; removal expires it") {
    const std::string cookie = console_cookie_header("abc", 28'800);
    CHECK(cookie == "__Host-console=abc; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800");
    CHECK(console_cookie_removal() == "__Host-console=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
}

TEST_CASE("a session's cookie is its operator for reading; a change needs the CSRF token as well") {
    Rig rig;
    const auto read = rig.caller_of(with_cookie(http::verb::get, rig.cookie()));
    REQUIRE(read.has_value());
    CHECK(read->role == Role::operator_);
    CHECK(read->name == "ops-laptop");

    Request change = with_cookie(http::verb::put, rig.cookie());
    CHECK_FALSE(rig.caller_of(change).has_value());
    change.set(kCsrfHeader, rig.opened.session.csrf_token + "x");
    CHECK_FALSE(rig.caller_of(change).has_value());
    change.set(kCsrfHeader, rig.opened.id);  // the cookie's own value is no CSRF token
    CHECK_FALSE(rig.caller_of(change).has_value());
    change.set(kCsrfHeader, rig.opened.session.csrf_token);
    const auto changed = rig.caller_of(change);
    REQUIRE(changed.has_value());
    CHECK(changed->name == "ops-laptop");
    for (const auto method : {http::verb::post, http::verb::patch, http::verb::delete_}) {
        Request other = with_cookie(method, rig.cookie());
        CHECK_FALSE(rig.caller_of(other).has_value());
    }
}

TEST_CASE("an unknown, ended or expired session is no credential, and a bearer token wins over any cookie") {
    Rig rig;
    CHECK_FALSE(rig.caller_of(with_cookie(http::verb::get, "__Host-console=made-up")).has_value());
    Request both = with_cookie(http::verb::get, "__Host-console=made-up");
    both.set(http::field::authorization, "Bearer op");
    REQUIRE(rig.caller_of(both).has_value());
    Request wrong_token = with_cookie(http::verb::get, rig.cookie());
    wrong_token.set(http::field::authorization, "Bearer nope");
    CHECK_FALSE(rig.caller_of(wrong_token).has_value());  // not rescued by the good cookie

    rig.now_ms += rig.sessions.limits().idle_timeout_ms;
    CHECK_FALSE(rig.caller_of(with_cookie(http::verb::get, rig.cookie())).has_value());
}

TEST_CASE("a request with neither goes to the bearer check, which finds no credential") {
    Rig rig;
    CHECK_FALSE(rig.caller_of(Request{http::verb::get, "/api/v1/status", 11}).has_value());
}

TEST_CASE("a refused change keeps the session from idling out no longer; an accepted request restarts its idle time") {
    Rig rig;
    const std::int64_t idle = rig.sessions.limits().idle_timeout_ms;
    rig.now_ms += idle - 1;
    (void)rig.caller_of(with_cookie(http::verb::put, rig.cookie()));  // refused: no CSRF token
    rig.now_ms += 1;
    CHECK_FALSE(rig.caller_of(with_cookie(http::verb::get, rig.cookie())).has_value());

    Rig used;
    used.now_ms += idle - 1;
    REQUIRE(used.caller_of(with_cookie(http::verb::get, used.cookie())).has_value());
    used.now_ms += idle - 1;
    CHECK(used.caller_of(with_cookie(http::verb::get, used.cookie())).has_value());
}

TEST_CASE("a session whose token is no longer active ends; a token store that cannot answer is an error") {
    Rig rig;
    rig.token_store_down = true;
    const auto unknown = rig.authenticate(with_cookie(http::verb::get, rig.cookie()), Peer{});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().what == "database is locked");
    rig.token_store_down = false;
    REQUIRE(rig.caller_of(with_cookie(http::verb::get, rig.cookie())).has_value());  // still there

    rig.token_active = false;
    CHECK_FALSE(rig.caller_of(with_cookie(http::verb::get, rig.cookie())).has_value());
    CHECK(rig.sessions.size() == 0);
    rig.token_active = true;  // a token cannot come back, but if it did, the session stays ended
    CHECK_FALSE(rig.caller_of(with_cookie(http::verb::get, rig.cookie())).has_value());
}

TEST_CASE("only GET and HEAD are not changes") {
    CHECK_FALSE(is_change(http::verb::get));
    CHECK_FALSE(is_change(http::verb::head));
    for (const auto method : {http::verb::post, http::verb::put, http::verb::patch, http::verb::delete_, http::verb::options})
        CHECK(is_change(method));
}
