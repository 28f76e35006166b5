// The management server over real TLS on loopback: routes, credentials, limits, deadlines, caps,
// TLS versions, mutual TLS and the drain.
#include "kiosk/mgmt/server.hpp"
#include "kiosk/mgmt/thread_nice.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "kiosk/mgmt/demo_certificates.hpp"
#include "kiosk/mgmt/problem.hpp"
#include "tests/kiosk/mgmt/https_client.hpp"
#include "tests/kiosk/mgmt/test_server_material.hpp"

using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;
using namespace std::chrono_literals;
namespace http = boost::beast::http;

namespace {

Response text(const RequestContext& context, std::string body) {
    Response response{http::status::ok, context.request.version()};
    response.set(http::field::content_type, "text/plain");
    response.body() = std::move(body);
    return response;
}

RouteTable test_routes() {
    RouteTable routes;
    routes.add({http::verb::get, "/healthz", Role::anonymous, 0, [](const RequestContext& c) { return text(c, "pass"); }});
    routes.add({http::verb::get, "/api/v1/status", Role::monitor, 0,
                [](const RequestContext& c) { return text(c, std::string("status for ") + c.caller.name); }});
    routes.add({http::verb::put, "/api/v1/maintenance", Role::operator_, 64,
                [](const RequestContext& c) { return text(c, "got " + c.request.body()); }});
    routes.add({http::verb::put, "/api/v1/records", Role::central, 1024,
                [](const RequestContext& c) { return text(c, "central " + c.caller.name + " sent " + c.request.body()); }});
    routes.add({http::verb::get, "/api/v1/query", Role::anonymous, 0,
                [](const RequestContext& c) { return text(c, std::string(c.path) + "|" + std::string(c.query)); }});
    routes.add({http::verb::get, "/api/v1/nice", Role::anonymous, 0, [](const RequestContext& c) {
                    const auto nice = this_thread_nice();
                    return text(c, nice ? std::to_string(nice.value()) : nice.error().to_string());
                }});
    return routes;
}

// Tokens "op" and "mon"; a verified client certificate is the central system.
kiosk::Result<std::optional<Caller>> test_authenticate(const Request& request, const Peer& peer) {
    const auto authorization = request[http::field::authorization];
    if (authorization == "Bearer op") return std::optional{Caller{Role::operator_, "operator-1"}};
    if (authorization == "Bearer mon") return std::optional{Caller{Role::monitor, "monitor-1"}};
    if (authorization == "Bearer store-down") return kiosk::fail("test.tokens", "database is locked");
    if (!authorization.empty()) return std::optional<Caller>{};
    if (peer.client_certificate_verified) return std::optional{Caller{Role::central, peer.certificate_common_name}};
    return std::optional<Caller>{};
}

struct Rig {
    explicit Rig(ServerLimits limits = fast_limits(), ClientCertificates clients = ClientCertificates::not_requested) {
        auto tls = make_server_tls_context(material(), clients);
        REQUIRE(tls.ok());
        auto started = Server::start({ListenerSpec{"127.0.0.1", 0, tls.value()}}, test_routes(), test_authenticate,
                                     limits, [this](const RequestRecord& r) {
                                         const std::lock_guard lock(mutex);
                                         records.push_back({std::string(r.route_label), r.status});
                                     });
        REQUIRE(started.ok());
        server = std::move(started).value();
    }
    // Deadlines long enough that a busy machine never trips them in a test about something else;
    // short_deadlines() is for the tests about deadlines.
    static ServerLimits fast_limits() { return long_deadlines(); }
    static ServerLimits short_deadlines() {
        ServerLimits limits = fast_limits();
        limits.handshake_timeout_ms = 300ms;
        limits.header_timeout_ms = 300ms;
        limits.body_timeout_ms = 300ms;
        limits.idle_timeout_ms = 300ms;
        return limits;
    }
    std::uint16_t port() const { return server->port(); }

    std::mutex mutex;
    std::vector<std::pair<std::string, unsigned>> records;
    std::unique_ptr<Server> server;
};

HttpsClient::Response get(Rig& rig, const std::string& target, const std::string& bearer = {}) {
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    HttpsClient::Response response;
    REQUIRE_FALSE(client.send(make_request(http::verb::get, target, bearer), response));
    return response;
}

std::string problem_type(const HttpsClient::Response& response) {
    CHECK(response[http::field::content_type] == "application/problem+json");
    return std::string(boost::json::parse(response.body()).as_object().at("type").as_string());
}

}  // namespace

TEST_CASE("an anonymous route answers without a credential; a query is split off the path") {
    Rig rig;
    auto response = get(rig, "/healthz");
    CHECK(response.result() == http::status::ok);
    CHECK(response.body() == "pass");
    CHECK(response[http::field::strict_transport_security] == "max-age=31536000");
    CHECK(get(rig, "/api/v1/query?after=5&limit=2").body() == "/api/v1/query|after=5&limit=2");
}

TEST_CASE("a missing or unknown credential gets 401, a wrong role 403, the right role the handler") {
    Rig rig;
    auto missing = get(rig, "/api/v1/status");
    CHECK(missing.result() == http::status::unauthorized);
    CHECK(problem_type(missing) == problem_type_uri(ProblemKind::unauthenticated));
    CHECK(missing[http::field::www_authenticate].starts_with("Bearer"));
    CHECK(get(rig, "/api/v1/status", "revoked-or-made-up").result() == http::status::unauthorized);
    // A credential that cannot be checked is not called bad.
    auto unavailable = get(rig, "/api/v1/status", "store-down");
    CHECK(unavailable.result() == http::status::service_unavailable);
    CHECK(problem_type(unavailable) == problem_type_uri(ProblemKind::unavailable));

    auto monitor_status = get(rig, "/api/v1/status", "mon");
    CHECK(monitor_status.result() == http::status::ok);
    CHECK(monitor_status.body() == "status for monitor-1");
    CHECK(get(rig, "/api/v1/status", "op").body() == "status for operator-1");  // an operator may read too

    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    HttpsClient::Response forbidden;
    REQUIRE_FALSE(client.send(make_request(http::verb::put, "/api/v1/maintenance", "mon", "{}"), forbidden));
    CHECK(forbidden.result() == http::status::forbidden);
    CHECK(problem_type(forbidden) == problem_type_uri(ProblemKind::forbidden));

    // An operator token cannot call a central route.
    HttpsClient operator_client;
    REQUIRE_FALSE(operator_client.connect(rig.port()));
    HttpsClient::Response central_refused;
    REQUIRE_FALSE(operator_client.send(make_request(http::verb::put, "/api/v1/records", "op", "{}"), central_refused));
    CHECK(central_refused.result() == http::status::forbidden);
}

TEST_CASE("unknown routes get 404, a known path with another method 405 with Allow") {
    Rig rig;
    auto missing = get(rig, "/nope");
    CHECK(missing.result() == http::status::not_found);
    CHECK(problem_type(missing) == problem_type_uri(ProblemKind::not_found));

    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    HttpsClient::Response wrong_method;
    REQUIRE_FALSE(client.send(make_request(http::verb::delete_, "/healthz"), wrong_method));
    CHECK(wrong_method.result() == http::status::method_not_allowed);
    CHECK(wrong_method[http::field::allow] == "GET");

    const std::lock_guard lock(rig.mutex);
    REQUIRE(rig.records.size() == 2);
    CHECK(rig.records[0] == std::pair<std::string, unsigned>{"unmatched", 404});
    CHECK(rig.records[1] == std::pair<std::string, unsigned>{"/healthz", 405});
}

TEST_CASE("a body over the route's limit gets 413 before it is read; a route without a body refuses one") {
    Rig rig;
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        HttpsClient::Response fits;
        REQUIRE_FALSE(client.send(make_request(http::verb::put, "/api/v1/maintenance", "op", R"({"on":true})"), fits));
        CHECK(fits.result() == http::status::ok);
        CHECK(fits.body() == R"(got {"on":true})");
    }
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        HttpsClient::Response too_large;
        REQUIRE_FALSE(client.send(make_request(http::verb::put, "/api/v1/maintenance", "op", std::string(65, 'x')), too_large));
        CHECK(too_large.result() == http::status::payload_too_large);
        CHECK(problem_type(too_large) == problem_type_uri(ProblemKind::payload_too_large));
    }
    {
        // Chunked, so the size is learnt only while reading: the parser's limit stops it.
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw("PUT /api/v1/maintenance HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer op\r\n"
                                       "Transfer-Encoding: chunked\r\n\r\n50\r\n" + std::string(80, 'y') + "\r\n0\r\n\r\n"));
        HttpsClient::Response too_large;
        REQUIRE_FALSE(client.receive(too_large));
        CHECK(too_large.result() == http::status::payload_too_large);
    }
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        auto request = make_request(http::verb::get, "/healthz");
        request.body() = "unexpected";
        request.prepare_payload();
        HttpsClient::Response refused;
        REQUIRE_FALSE(client.send(request, refused));
        CHECK(refused.result() == http::status::payload_too_large);
    }
}

TEST_CASE("an oversized header gets 431, garbage gets 400, and the server still serves others") {
    Rig rig;
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n"));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::request_header_fields_too_large);
    }
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw("\x01\x02 not http at all\r\n\r\n"));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::bad_request);
    }
    CHECK(get(rig, "/healthz").body() == "pass");
}

TEST_CASE("an answer sent before the request was read whole reaches a client that sends it all: the server lingers") {
    Rig rig;
    for (int i = 0; i < 3; ++i) {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        // Far more than the 2 KiB header limit and the socket buffers: without the lingering close the
        // server's close would reset the connection under this write or before the answer is read.
        REQUIRE_FALSE(client.write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(256 * 1024, 'a') +
                                       "\r\n\r\n"));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::request_header_fields_too_large);
        CHECK(client.wait_closed_by_server());
    }
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    REQUIRE_FALSE(client.write_raw("PUT /api/v1/maintenance HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer op\r\n"
                                   "Content-Length: 300000\r\n\r\n" + std::string(300'000, 'b')));
    HttpsClient::Response response;
    REQUIRE_FALSE(client.receive(response));
    CHECK(response.result() == http::status::payload_too_large);
    CHECK(get(rig, "/healthz").body() == "pass");
}

TEST_CASE("keep-alive serves several requests on one connection, and Expect: 100-continue gets its interim answer") {
    Rig rig;
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    for (int i = 0; i < 3; ++i) {
        HttpsClient::Response response;
        REQUIRE_FALSE(client.send(make_request(http::verb::get, "/healthz"), response));
        CHECK(response.body() == "pass");
        CHECK(response.keep_alive());
    }
    HttpsClient::Response interim;
    REQUIRE_FALSE(client.write_raw(std::string("PUT /api/v1/maintenance HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer op\r\n"
                                               "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n")));
    REQUIRE_FALSE(client.receive(interim));  // Beast reads the 100 as a response of its own
    CHECK(interim.result() == http::status::continue_);
    REQUIRE_FALSE(client.write_raw("{}"));
    HttpsClient::Response final_response;
    REQUIRE_FALSE(client.receive(final_response));
    CHECK(final_response.body() == "got {}");
}

TEST_CASE("deadlines close a silent TCP client, a stalled header and an idle keep-alive connection") {
    Rig rig(Rig::short_deadlines());
    HttpsClient silent;  // connects and never starts TLS
    REQUIRE_FALSE(silent.connect(rig.port(), false));
    CHECK(silent.wait_tcp_closed_by_server());

    HttpsClient stalled;  // starts a header and stops
    REQUIRE_FALSE(stalled.connect(rig.port()));
    REQUIRE_FALSE(stalled.write_raw("GET /healthz HTTP/1.1\r\nHost:"));
    CHECK(stalled.wait_closed_by_server());

    HttpsClient idle;
    REQUIRE_FALSE(idle.connect(rig.port()));
    HttpsClient::Response response;
    REQUIRE_FALSE(idle.send(make_request(http::verb::get, "/healthz"), response));
    CHECK(idle.wait_closed_by_server());

    // The client sees the close a moment before the server's handler counts it.
    for (int i = 0; i < 200 && rig.server->counters().timeouts < 3; ++i) std::this_thread::sleep_for(10ms);
    CHECK(rig.server->counters().timeouts >= 3);
    CHECK(get(rig, "/healthz").body() == "pass");
}

TEST_CASE("connections over the per-client cap are closed before TLS; the cap frees as they end") {
    Rig rig;  // 3 per client
    std::vector<std::unique_ptr<HttpsClient>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<HttpsClient>());
        REQUIRE_FALSE(held.back()->connect(rig.port()));
    }
    HttpsClient over;
    REQUIRE_FALSE(over.connect(rig.port(), false));
    CHECK(over.wait_tcp_closed_by_server());
    CHECK(rig.server->counters().connections_refused == 1);
    held.clear();
    // The server notices the closes asynchronously: retry until a slot is free.
    bool served = false;
    for (int attempt = 0; attempt < 100 && !served; ++attempt) {
        HttpsClient client;
        HttpsClient::Response response;
        served = !client.connect(rig.port()) && !client.send(make_request(http::verb::get, "/healthz"), response) &&
                 response.body() == "pass";
        if (!served) std::this_thread::sleep_for(20ms);
    }
    CHECK(served);
}

TEST_CASE("TLS 1.0 and 1.1 and weak TLS 1.2 suites are refused; TLS 1.2 and 1.3 are served") {
    Rig rig;
    for (const int version : {TLS1_VERSION, TLS1_1_VERSION}) {
        ClientTls old_tls;
        old_tls.min_version = version;
        old_tls.max_version = version;
        HttpsClient client(old_tls);
        CHECK(client.connect(rig.port()));
    }
    ClientTls weak;
    weak.max_version = TLS1_2_VERSION;
    // CBC with SHA-1 MACs and a NULL cipher: what the server (ECDSA) could sign for if it allowed them.
    weak.tls12_ciphers = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-NULL-SHA";
    HttpsClient weak_client(weak);
    CHECK(weak_client.connect(rig.port()));

    for (const int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
        ClientTls good;
        good.min_version = version;
        good.max_version = version;
        good.trust_ca_pem = certificates().ca.certificate_pem;  // and the server's certificate verifies
        HttpsClient client(good);
        REQUIRE_FALSE(client.connect(rig.port()));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.send(make_request(http::verb::get, "/healthz"), response));
        CHECK(response.body() == "pass");
    }
}

TEST_CASE("mutual TLS: no client certificate or one from another CA is refused; the CA's gets the central role") {
    Rig rig(Rig::fast_limits(), ClientCertificates::required);
    HttpsClient anonymous;
    // TLS 1.3 reports a missing certificate after the handshake, on the first read.
    bool refused = static_cast<bool>(anonymous.connect(rig.port()));
    if (!refused) {
        HttpsClient::Response response;
        refused = static_cast<bool>(anonymous.send(make_request(http::verb::get, "/healthz"), response));
    }
    CHECK(refused);

    ClientTls rogue_tls;
    rogue_tls.certificate = make_self_signed_client("central-demo").value();
    HttpsClient rogue(rogue_tls);
    bool rogue_refused = static_cast<bool>(rogue.connect(rig.port()));
    if (!rogue_refused) {
        HttpsClient::Response response;
        rogue_refused = static_cast<bool>(rogue.send(make_request(http::verb::get, "/healthz"), response));
    }
    CHECK(rogue_refused);

    ClientTls central_tls;
    central_tls.certificate = certificates().client;
    HttpsClient central(central_tls);
    REQUIRE_FALSE(central.connect(rig.port()));
    HttpsClient::Response response;
    REQUIRE_FALSE(central.send(make_request(http::verb::put, "/api/v1/records", {}, "{}"), response));
    CHECK(response.result() == http::status::ok);
    CHECK(response.body() == "central central-demo sent {}");
}

TEST_CASE("stop() closes idle keep-alive connections at once instead of waiting out the drain deadline") {
    ServerLimits limits = Rig::fast_limits();
    limits.idle_timeout_ms = 60s;
    limits.drain_timeout_ms = 60s;
    Rig rig(limits);
    const std::uint16_t port = rig.port();
    HttpsClient idle;
    REQUIRE_FALSE(idle.connect(rig.port()));
    HttpsClient::Response response;
    REQUIRE_FALSE(idle.send(make_request(http::verb::get, "/healthz"), response));
    const auto started = std::chrono::steady_clock::now();
    rig.server->stop();
    CHECK(std::chrono::steady_clock::now() - started < 30s);  // far below both 60 s deadlines
    CHECK(rig.server->counters().connections_open == 0);
    CHECK(idle.wait_closed_by_server());
    HttpsClient late;
    CHECK(late.connect(port, false));  // nothing listens any more
}

TEST_CASE("mutual TLS: a client resumes its TLS 1.2 session and is still the central system") {
    Rig rig(Rig::fast_limits(), ClientCertificates::required);
    ClientTls tls;
    tls.certificate = certificates().client;
    tls.max_version = TLS1_2_VERSION;
    SSL_SESSION* session = nullptr;
    {
        HttpsClient first(tls);
        REQUIRE_FALSE(first.connect(rig.port()));
        HttpsClient::Response response;
        REQUIRE_FALSE(first.send(make_request(http::verb::put, "/api/v1/records", {}, "{}"), response));
        session = SSL_get1_session(first.stream().native_handle());
        REQUIRE(session != nullptr);
        const auto closed = first.shutdown();
        CHECK((!closed || closed == boost::asio::ssl::error::stream_truncated));
    }
    HttpsClient second(tls);
    REQUIRE(SSL_set_session(second.stream().native_handle(), session) == 1);
    SSL_SESSION_free(session);
    REQUIRE_FALSE(second.connect(rig.port()));
    CHECK(SSL_session_reused(second.stream().native_handle()) == 1);
    HttpsClient::Response response;
    REQUIRE_FALSE(second.send(make_request(http::verb::put, "/api/v1/records", {}, "{}"), response));
    CHECK(response.body() == "central central-demo sent {}");
}

TEST_CASE("each listener has its own authenticator: the central one knows only verified client certificates") {
    auto operators_tls = make_server_tls_context(material(), ClientCertificates::not_requested);
    auto central_tls = make_server_tls_context(material(), ClientCertificates::required);
    REQUIRE(operators_tls.ok());
    REQUIRE(central_tls.ok());
    auto started = Server::start({ListenerSpec{"127.0.0.1", 0, operators_tls.value()},
                                  ListenerSpec{"127.0.0.1", 0, central_tls.value(), client_certificate_authenticator()}},
                                 test_routes(), test_authenticate, Rig::fast_limits());
    REQUIRE(started.ok());
    auto& server = *started.value();
    ClientTls central_tls_client;
    central_tls_client.certificate = certificates().client;
    auto send = [](std::uint16_t port, const ClientTls& tls, const Request& request) {
        HttpsClient client(tls);
        REQUIRE_FALSE(client.connect(port));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.send(request, response));
        return response;
    };
    // The central system on its listener; an operator's token beside its certificate changes nothing.
    CHECK(send(server.port(1), central_tls_client, make_request(http::verb::put, "/api/v1/records", {}, "{}")).body() ==
          "central central-demo sent {}");
    CHECK(send(server.port(1), central_tls_client, make_request(http::verb::put, "/api/v1/maintenance", "op", "{}"))
              .result() == http::status::forbidden);
    CHECK(send(server.port(1), central_tls_client, make_request(http::verb::get, "/api/v1/status", "op")).result() ==
          http::status::forbidden);
    // The operators' listener asks for no certificate: central routes there are 401 without a token
    // and 403 with an operator's.
    CHECK(send(server.port(0), {}, make_request(http::verb::put, "/api/v1/records", {}, "{}")).result() ==
          http::status::unauthorized);
    CHECK(send(server.port(0), {}, make_request(http::verb::put, "/api/v1/records", "op", "{}")).result() ==
          http::status::forbidden);
    CHECK(send(server.port(0), {}, make_request(http::verb::get, "/api/v1/status", "op")).body() ==
          "status for operator-1");
}

TEST_CASE("the client certificate authenticator wants a verified certificate with a common name") {
    const Authenticate authenticate = client_certificate_authenticator();
    const Request request = make_request(http::verb::get, "/", "op");
    CHECK_FALSE(authenticate(request, Peer{"127.0.0.1", false, "central-demo"}).value().has_value());
    CHECK_FALSE(authenticate(request, Peer{"127.0.0.1", true, ""}).value().has_value());
    const auto central = authenticate(request, Peer{"127.0.0.1", true, "dukcapil"}).value();
    REQUIRE(central.has_value());
    CHECK(central->role == Role::central);
    CHECK(central->name == "dukcapil");
}

TEST_CASE("the server thread runs at its configured nice value, below the UI thread's priority") {
    const int starter_nice = this_thread_nice().value();
    ServerLimits limits = Rig::fast_limits();
    {
        Rig rig(limits);
        CHECK(get(rig, "/api/v1/nice").body() == std::to_string(std::max(starter_nice, ServerLimits{}.thread_nice)));
    }
    limits.thread_nice = std::min(19, starter_nice + 3);  // raised from wherever the test runs
    Rig rig(limits);
    CHECK(get(rig, "/api/v1/nice").body() == std::to_string(limits.thread_nice));
    limits.thread_nice = starter_nice - 1;  // never lowered below the process's own
    Rig lower(limits);
    CHECK(get(lower, "/api/v1/nice").body() == std::to_string(starter_nice));
    // The thread that started the server keeps its own.
    CHECK(this_thread_nice().value() == starter_nice);
}
