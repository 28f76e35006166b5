// The operator console over real TLS on loopback, on a session clock the test moves: signing in
// and out, the cookie and the CSRF token on the same routes as a bearer token, an expired session,
// a revoked token, the sign-in limit per address, and the console's files with their headers.
#include "kiosk/mgmt/console_routes.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <atomic>
#include <regex>
#include <set>

#include "kiosk/mgmt/console_files.hpp"
#include "tests/kiosk/mgmt/https_client.hpp"
#include "tests/kiosk/mgmt/test_server_material.hpp"

using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;
namespace json = boost::json;

namespace {

// Tokens "op" (operator "ops-laptop") and "mon" (a monitor).
kiosk::Result<std::optional<Caller>> bearer(const Request& request, const Peer&) {
    const auto authorization = request[http::field::authorization];
    if (authorization == "Bearer op") return std::optional{Caller{Role::operator_, "ops-laptop"}};
    if (authorization == "Bearer mon") return std::optional{Caller{Role::monitor, "prometheus"}};
    return std::optional<Caller>{};
}

Response caller_text(const RequestContext& context) {
    Response response{http::status::ok, context.request.version()};
    response.set(http::field::content_type, "text/plain");
    response.body() = std::string(role_name(context.caller.role)) + ":" + context.caller.name;
    return response;
}

struct Rig {
    Rig() {
        ConsoleParts parts;
        parts.bearer = bearer;
        parts.still_valid = [this](const Caller&) -> kiosk::Result<bool> { return token_active.load(); };
        parts.new_secret = [this]() -> kiosk::Result<std::string> {
            return "secret-" + std::to_string(++secrets) + std::string(32, 'z');
        };
        parts.now_ms = [this] { return now_ms.load(); };
        console = std::make_unique<Console>(std::move(parts));
        RouteTable routes;
        console->add_routes(routes);
        routes.add({http::verb::get, "/api/v1/status", Role::monitor, 0, caller_text});
        routes.add({http::verb::put, "/api/v1/maintenance", Role::operator_, 64, caller_text});
        auto tls = make_server_tls_context(material(), ClientCertificates::not_requested);
        REQUIRE(tls.ok());
        auto started = Server::start({ListenerSpec{"127.0.0.1", 0, tls.value()}}, std::move(routes),
                                     console->authenticator(), long_deadlines());
        REQUIRE(started.ok());
        server = std::move(started).value();
    }
    ~Rig() { server->stop(); }

    HttpsClient::Response send(Request request, const std::string& from_address = {}) {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(server->port(), true, from_address));
        request.set(http::field::host, "localhost");
        request.prepare_payload();
        HttpsClient::Response response;
        REQUIRE_FALSE(client.send(request, response));
        return response;
    }

    std::atomic<std::int64_t> now_ms{1'000'000};
    std::atomic<bool> token_active{true};
    std::atomic<int> secrets{0};
    std::unique_ptr<Console> console;
    std::unique_ptr<Server> server;
};

struct SignedIn {
    std::string cookie;  // "__Host-console=<id>", as a browser sends it back
    std::string csrf_token;
};

Request sign_in_request(const std::string& token) {
    Request request{http::verb::post, "/api/v1/console/session", 11};
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    return request;
}

SignedIn sign_in(Rig& rig) {
    const auto response = rig.send(sign_in_request("op"));
    REQUIRE(response.result() == http::status::ok);
    const std::string set_cookie(response[http::field::set_cookie]);
    const auto semicolon = set_cookie.find(';');
    REQUIRE(semicolon != std::string::npos);
    const auto body = json::parse(response.body()).as_object();
    return {set_cookie.substr(0, semicolon), std::string(body.at("csrf_token").as_string())};
}

Request with_cookie(http::verb method, const std::string& target, const SignedIn& session, bool csrf) {
    Request request{method, target, 11};
    request.set(http::field::cookie, "lang=id; " + session.cookie);
    if (csrf) request.set(kCsrfHeader, session.csrf_token);
    if (method == http::verb::put) {
        request.set(http::field::content_type, "application/json");
        request.body() = "{}";
    }
    return request;
}

std::string problem_type(const HttpsClient::Response& response) {
    CHECK(response[http::field::content_type] == "application/problem+json");
    return std::string(json::parse(response.body()).as_object().at("type").as_string());
}

}  // namespace

TEST_CASE("signing in with an operator token sets a Secure HttpOnly SameSite=Strict cookie with an expiry") {
    Rig rig;
    const auto response = rig.send(sign_in_request("op"));
    REQUIRE(response.result() == http::status::ok);
    CHECK(response[http::field::cache_control] == "no-store");
    const std::string cookie(response[http::field::set_cookie]);
    CHECK(std::regex_match(cookie, std::regex("__Host-console=[^;]{22,}; Secure; HttpOnly; SameSite=Strict; Path=/; "
                                              "Max-Age=28800")));
    const auto body = json::parse(response.body()).as_object();
    CHECK(body.at("name").as_string() == "ops-laptop");
    CHECK(body.at("role").as_string() == "operator");
    CHECK(body.at("expires_in_s").as_int64() == 28'800);
    CHECK(body.at("idle_timeout_s").as_int64() == 1'800);
    CHECK(body.at("csrf_token").as_string().size() >= kConsoleSecretMinChars);
    CHECK(response.body().find("Bearer") == std::string::npos);
    CHECK(cookie.find(std::string(body.at("csrf_token").as_string())) == std::string::npos);
}

TEST_CASE("no token, a wrong one and a monitor's are refused, and no session is made") {
    Rig rig;
    const auto none = rig.send(sign_in_request(""));
    CHECK(none.result() == http::status::unauthorized);
    CHECK(problem_type(none) == "https://ktp-kiosk.example/problems/unauthenticated");
    CHECK(none[http::field::www_authenticate] == "Bearer realm=\"ktp-kiosk\"");
    CHECK(rig.send(sign_in_request("guess")).result() == http::status::unauthorized);
    const auto monitor = rig.send(sign_in_request("mon"));
    CHECK(monitor.result() == http::status::forbidden);
    CHECK(problem_type(monitor) == "https://ktp-kiosk.example/problems/forbidden");
    CHECK(none.find(http::field::set_cookie) == none.end());
    CHECK(rig.console->sessions().size() == 0);
}

TEST_CASE("the cookie is the operator on the same routes; a change without the CSRF token is refused") {
    Rig rig;
    const SignedIn session = sign_in(rig);
    const auto read = rig.send(with_cookie(http::verb::get, "/api/v1/status", session, false));
    CHECK(read.result() == http::status::ok);
    CHECK(read.body() == "operator:ops-laptop");  // the name audit rows get, as for the token

    const auto no_csrf = rig.send(with_cookie(http::verb::put, "/api/v1/maintenance", session, false));
    CHECK(no_csrf.result() == http::status::unauthorized);
    CHECK(problem_type(no_csrf) == "https://ktp-kiosk.example/problems/unauthenticated");
    SignedIn wrong = session;
    wrong.csrf_token[3] = wrong.csrf_token[3] == 'a' ? 'b' : 'a';
    CHECK(rig.send(with_cookie(http::verb::put, "/api/v1/maintenance", wrong, true)).result() ==
          http::status::unauthorized);
    const auto changed = rig.send(with_cookie(http::verb::put, "/api/v1/maintenance", session, true));
    CHECK(changed.result() == http::status::ok);
    CHECK(changed.body() == "operator:ops-laptop");

    const auto fetched = rig.send(with_cookie(http::verb::get, "/api/v1/console/session", session, false));
    REQUIRE(fetched.result() == http::status::ok);
    CHECK(json::parse(fetched.body()).as_object().at("csrf_token").as_string() == session.csrf_token);
    Request bearer_only{http::verb::get, "/api/v1/console/session", 11};
    bearer_only.set(http::field::authorization, "Bearer op");
    CHECK(rig.send(bearer_only).result() == http::status::not_found);
}

TEST_CASE("an expired session is refused with problem+json, idle or past its lifetime") {
    Rig rig;
    const SignedIn idle = sign_in(rig);
    rig.now_ms += 29 * 60 * 1000;
    CHECK(rig.send(with_cookie(http::verb::get, "/api/v1/status", idle, false)).result() == http::status::ok);
    rig.now_ms += 30 * 60 * 1000;  // 30 minutes since it was last used
    const auto expired = rig.send(with_cookie(http::verb::get, "/api/v1/status", idle, false));
    CHECK(expired.result() == http::status::unauthorized);
    CHECK(problem_type(expired) == "https://ktp-kiosk.example/problems/unauthenticated");

    // Used every 20 minutes, a session still ends eight hours after sign-in.
    const SignedIn busy = sign_in(rig);
    for (int used = 1; used < 24; ++used) {
        rig.now_ms += 20 * 60 * 1000;
        REQUIRE(rig.send(with_cookie(http::verb::get, "/api/v1/status", busy, false)).result() == http::status::ok);
    }
    rig.now_ms += 20 * 60 * 1000;
    CHECK(rig.send(with_cookie(http::verb::get, "/api/v1/status", busy, false)).result() == http::status::unauthorized);
}

TEST_CASE("signing out ends the session on the kiosk: the same cookie is refused afterwards") {
    Rig rig;
    const SignedIn session = sign_in(rig);
    CHECK(rig.send(with_cookie(http::verb::delete_, "/api/v1/console/session", session, false)).result() ==
          http::status::unauthorized);  // sign-out is a change: it needs the CSRF token too
    const auto out = rig.send(with_cookie(http::verb::delete_, "/api/v1/console/session", session, true));
    CHECK(out.result() == http::status::no_content);
    CHECK(out[http::field::set_cookie] == console_cookie_removal());
    CHECK(rig.send(with_cookie(http::verb::get, "/api/v1/status", session, false)).result() ==
          http::status::unauthorized);
    CHECK(rig.console->sessions().size() == 0);
}

TEST_CASE("signing in again ends the session the browser had; a revoked token ends its sessions") {
    Rig rig;
    const SignedIn first = sign_in(rig);
    Request again = sign_in_request("op");
    again.set(http::field::cookie, first.cookie);
    REQUIRE(rig.send(again).result() == http::status::ok);
    CHECK(rig.send(with_cookie(http::verb::get, "/api/v1/status", first, false)).result() == http::status::unauthorized);
    CHECK(rig.console->sessions().size() == 1);

    const SignedIn second = sign_in(rig);
    rig.token_active = false;
    CHECK(rig.send(with_cookie(http::verb::get, "/api/v1/status", second, false)).result() ==
          http::status::unauthorized);
    CHECK(rig.console->sessions().size() == 0);
}

TEST_CASE("sign-in attempts are limited per client address: 429 with Retry-After, others unaffected") {
    Rig rig;
    for (int attempt = 0; attempt < 5; ++attempt)
        CHECK(rig.send(sign_in_request("guess"), "127.0.0.2").result() == http::status::unauthorized);
    const auto limited = rig.send(sign_in_request("op"), "127.0.0.2");  // even the right token, now
    CHECK(limited.result() == http::status::too_many_requests);
    CHECK(problem_type(limited) == "https://ktp-kiosk.example/problems/too-many-requests");
    CHECK(limited[http::field::retry_after] == "60");
    CHECK(rig.send(sign_in_request("op"), "127.0.0.3").result() == http::status::ok);
    rig.now_ms += 60'000;
    CHECK(rig.send(sign_in_request("op"), "127.0.0.2").result() == http::status::ok);
}

TEST_CASE("the console's files: each at its path with its media type and headers; 304 for a known ETag") {
    Rig rig;
    std::set<std::string> served;
    for (const ConsoleFile& file : console_files()) {
        const std::string path = console_file_path(file.name);
        INFO(path);
        served.insert(path);
        const auto response = rig.send(Request{http::verb::get, path, 11});
        REQUIRE(response.result() == http::status::ok);
        CHECK(response.body() == file.bytes());
        CHECK(response[http::field::content_type] == console_media_type(file.name));
        CHECK(response["Content-Security-Policy"] == kConsoleContentSecurityPolicy);
        CHECK(response["X-Content-Type-Options"] == "nosniff");
        CHECK(response["Referrer-Policy"] == "no-referrer");
        CHECK(response["X-Frame-Options"] == "DENY");
        CHECK(response[http::field::cache_control] == "no-cache");
        const std::string tag(response[http::field::etag]);
        REQUIRE(tag.size() > 2);
        Request conditional{http::verb::get, path, 11};
        conditional.set(http::field::if_none_match, tag);
        const auto unchanged = rig.send(conditional);
        CHECK(unchanged.result() == http::status::not_modified);
        CHECK(unchanged.body().empty());
    }
    CHECK(served.count("/") == 1);
    CHECK(served.count("/console/console.js") == 1);
    CHECK(served.count("/console/strings-id.json") == 1);
    CHECK(served.count("/console/strings-en.json") == 1);
    CHECK(rig.send(Request{http::verb::get, "/console/../index.html", 11}).result() == http::status::not_found);
}

TEST_CASE("the policy admits no inline script, and the pages need none: no inline script, handler or style") {
    const std::string policy(kConsoleContentSecurityPolicy);
    CHECK(policy.find("script-src 'self'") != std::string::npos);
    CHECK(policy.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(policy.find("unsafe") == std::string::npos);
    std::set<std::string> files;
    for (const ConsoleFile& file : console_files()) files.insert(std::string(file.name));
    for (const ConsoleFile& file : console_files()) {
        INFO(file.name);
        const std::string text(file.bytes());
        if (file.name.ends_with(".html")) {
            CHECK_FALSE(std::regex_search(text, std::regex("<script(?![^>]*\\ssrc=)")));
            CHECK_FALSE(std::regex_search(text, std::regex("\\son[a-z]+\\s*=", std::regex::icase)));
            CHECK_FALSE(std::regex_search(text, std::regex("\\sstyle\\s*=")));
            // Every file the page names is one the kiosk serves.
            const std::regex named("(?:src|href)=\"/console/([^\"]+)\"");
            for (auto it = std::sregex_iterator(text.begin(), text.end(), named); it != std::sregex_iterator(); ++it)
                CHECK_MESSAGE(files.count((*it)[1]) == 1, (*it)[1]);
        }
        if (file.name.ends_with(".js")) {
            CHECK(text.find("innerHTML") == std::string::npos);
            CHECK(text.find("eval(") == std::string::npos);
            CHECK(text.find("setAttribute(\"style\"") == std::string::npos);
        }
    }
}
