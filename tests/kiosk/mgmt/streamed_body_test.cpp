// Streamed request bodies over real TLS on loopback: the sink sees every byte once, in pieces as they
// arrive, with Content-Length and chunked framing alike; other connections are served meanwhile; a
// stalled body is cut off by the progress deadline and its sink aborted.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/route_table.hpp"
#include "kiosk/mgmt/server.hpp"
#include "tests/kiosk/mgmt/https_client.hpp"
#include "tests/kiosk/mgmt/test_server_material.hpp"

using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;
using namespace std::chrono_literals;
namespace http = boost::beast::http;

namespace {

// What the sinks saw, for the test thread to read.
struct SinkLog {
    std::mutex mutex;
    std::size_t bytes = 0;
    std::size_t pieces = 0;
    std::size_t largest_piece = 0;
    std::uint64_t checksum = 14695981039346656037ULL;  // FNV-1a over every byte, in order
    int opened = 0;
    int finished = 0;
    int aborted = 0;
    std::thread::id fed_on;
    std::thread::id aborted_on;

    std::size_t bytes_now() {
        const std::lock_guard lock(mutex);
        return bytes;
    }
};

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = 14695981039346656037ULL) {
    for (const char c : data) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return hash;
}

class CountingSink final : public BodySink {
public:
    CountingSink(SinkLog& log, unsigned version, std::size_t fail_after_bytes)
        : log_(log), version_(version), fail_after_bytes_(fail_after_bytes) {}

    kiosk::Result<void, Response> feed(std::string_view bytes) override {
        const std::lock_guard lock(log_.mutex);
        log_.fed_on = std::this_thread::get_id();
        log_.bytes += bytes.size();
        ++log_.pieces;
        log_.largest_piece = std::max(log_.largest_piece, bytes.size());
        log_.checksum = fnv1a(bytes, log_.checksum);
        if (log_.bytes > fail_after_bytes_) return kiosk::fail(problem(ProblemKind::unavailable, "sink full", version_));
        return {};
    }
    Response finish() override {
        const std::lock_guard lock(log_.mutex);
        ++log_.finished;
        Response response{http::status::ok, version_};
        response.body() = "bytes=" + std::to_string(log_.bytes) + " checksum=" + std::to_string(log_.checksum);
        return response;
    }
    void abort() override {
        const std::lock_guard lock(log_.mutex);
        ++log_.aborted;
        log_.aborted_on = std::this_thread::get_id();
    }

private:
    SinkLog& log_;
    unsigned version_;
    std::size_t fail_after_bytes_;
};

OpenSink counting_sinks(SinkLog& log, std::size_t fail_after_bytes = static_cast<std::size_t>(-1)) {
    return [&log, fail_after_bytes](const RequestContext& c) -> kiosk::Result<std::unique_ptr<BodySink>, Response> {
        if (c.request[http::field::content_type] != "application/x-ndjson")
            return kiosk::fail(problem(ProblemKind::unsupported_media, "NDJSON only", c.request.version()));
        const std::lock_guard lock(log.mutex);
        ++log.opened;
        return std::unique_ptr<BodySink>(std::make_unique<CountingSink>(log, c.request.version(), fail_after_bytes));
    };
}

kiosk::Result<std::optional<Caller>> operator_token(const Request& request, const Peer&) {
    if (request[http::field::authorization] == "Bearer op") return std::optional{Caller{Role::operator_, "op-1"}};
    return std::optional<Caller>{};
}

struct StreamRig {
    explicit StreamRig(ServerLimits limits = long_deadlines()) {
        RouteTable routes;
        routes.add({http::verb::get, "/healthz", Role::anonymous, 0, [](const RequestContext& c) {
                        Response response{http::status::ok, c.request.version()};
                        response.body() = "pass";
                        return response;
                    }});
        routes.add(streamed_route(http::verb::put, "/stream", Role::operator_, counting_sinks(log)));
        routes.add(streamed_route(http::verb::put, "/limited", Role::operator_, counting_sinks(log), 1000));
        routes.add(streamed_route(http::verb::put, "/failing", Role::operator_, counting_sinks(log, 100'000)));
        auto tls = make_server_tls_context(material(), ClientCertificates::not_requested);
        REQUIRE(tls.ok());
        auto started = Server::start({ListenerSpec{"127.0.0.1", 0, tls.value()}}, std::move(routes), operator_token, limits);
        REQUIRE(started.ok());
        server = std::move(started).value();
    }
    std::uint16_t port() const { return server->port(); }
    SinkLog log;  // before the server, which holds references to it
    std::unique_ptr<Server> server;
};

std::string header(const std::string& target, const std::string& framing) {
    return "PUT " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer op\r\nContent-Type: application/x-ndjson\r\n" +
           framing + "\r\n\r\n";
}

std::string content_length(std::size_t bytes) { return "Content-Length: " + std::to_string(bytes); }

std::string patterned(std::size_t bytes) {
    std::string body(bytes, '\0');
    for (std::size_t i = 0; i < bytes; ++i) body[i] = static_cast<char>('a' + (i * 7 + i / 977) % 26);
    return body;
}

std::string expected_answer(const std::string& body) {
    return "bytes=" + std::to_string(body.size()) + " checksum=" + std::to_string(fnv1a(body));
}

bool eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 1000; ++i) {
        if (condition()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

}  // namespace

TEST_CASE("a body of several megabytes with a Content-Length reaches the sink once, in pieces of at most 64 KiB") {
    StreamRig rig;
    const std::string body = patterned(5 * 1024 * 1024 + 17);
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    REQUIRE_FALSE(client.write_raw(header("/stream", content_length(body.size())) + body));
    HttpsClient::Response response;
    REQUIRE_FALSE(client.receive(response));
    CHECK(response.result() == http::status::ok);
    CHECK(response.body() == expected_answer(body));
    const std::lock_guard lock(rig.log.mutex);
    CHECK(rig.log.largest_piece <= 64 * 1024);
    CHECK(rig.log.pieces >= body.size() / (64 * 1024));
    CHECK(rig.log.finished == 1);
    CHECK(rig.log.aborted == 0);
}

TEST_CASE("a chunked body, chunks of any size, reaches the sink whole; the connection then serves another request") {
    StreamRig rig;
    const std::string body = patterned(300'000);
    std::string framed = header("/stream", "Transfer-Encoding: chunked");
    std::size_t at = 0;
    for (std::size_t size = 1; at < body.size(); size = size * 3 + 1) {
        const std::size_t take = std::min(size, body.size() - at);
        char length[32];
        std::snprintf(length, sizeof length, "%zx\r\n", take);
        framed += length + body.substr(at, take) + "\r\n";
        at += take;
    }
    framed += "0\r\n\r\n";
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    REQUIRE_FALSE(client.write_raw(framed));
    HttpsClient::Response response;
    REQUIRE_FALSE(client.receive(response));
    CHECK(response.body() == expected_answer(body));
    CHECK(response.keep_alive());
    HttpsClient::Response health;
    REQUIRE_FALSE(client.send(make_request(http::verb::get, "/healthz"), health));
    CHECK(health.body() == "pass");
}

TEST_CASE("a streamed body sent after Expect: 100-continue gets the interim answer first") {
    StreamRig rig;
    const std::string body = patterned(200'000);
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    REQUIRE_FALSE(client.write_raw("PUT /stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer op\r\n"
                                   "Content-Type: application/x-ndjson\r\nExpect: 100-continue\r\n" +
                                   content_length(body.size()) + "\r\n\r\n"));
    HttpsClient::Response interim;
    REQUIRE_FALSE(client.receive(interim));
    CHECK(interim.result() == http::status::continue_);
    REQUIRE_FALSE(client.write_raw(body));
    HttpsClient::Response response;
    REQUIRE_FALSE(client.receive(response));
    CHECK(response.body() == expected_answer(body));
}

TEST_CASE("an empty streamed body finishes the sink without a feed") {
    StreamRig rig;
    HttpsClient client;
    REQUIRE_FALSE(client.connect(rig.port()));
    REQUIRE_FALSE(client.write_raw(header("/stream", content_length(0))));
    HttpsClient::Response response;
    REQUIRE_FALSE(client.receive(response));
    CHECK(response.body() == expected_answer(""));
    const std::lock_guard lock(rig.log.mutex);
    CHECK(rig.log.pieces == 0);
    CHECK(rig.log.finished == 1);
}

TEST_CASE("while one body is under way the sink has its first bytes and other clients are served") {
    StreamRig rig;
    const std::string body = patterned(1'000'000);
    HttpsClient uploader;
    REQUIRE_FALSE(uploader.connect(rig.port()));
    REQUIRE_FALSE(uploader.write_raw(header("/stream", content_length(body.size())) + body.substr(0, 400'000)));
    CHECK(eventually([&] { return rig.log.bytes_now() == 400'000; }));  // fed as it came, not held back

    HttpsClient other;
    REQUIRE_FALSE(other.connect(rig.port()));
    HttpsClient::Response health;
    REQUIRE_FALSE(other.send(make_request(http::verb::get, "/healthz"), health));
    CHECK(health.body() == "pass");

    REQUIRE_FALSE(uploader.write_raw(body.substr(400'000)));
    HttpsClient::Response response;
    REQUIRE_FALSE(uploader.receive(response));
    CHECK(response.body() == expected_answer(body));
}

TEST_CASE("the sink can refuse a request before its body is read, and end one in the middle") {
    StreamRig rig;
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        auto request = make_request(http::verb::put, "/stream", "op", "{}");  // application/json
        HttpsClient::Response response;
        REQUIRE_FALSE(client.send(request, response));
        CHECK(response.result() == http::status::unsupported_media_type);
        CHECK_FALSE(response.keep_alive());
    }
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        // The byte that overfills the sink is the last one sent, so that no unread bytes make the
        // server's close a reset that could overtake its answer.
        REQUIRE_FALSE(client.write_raw(header("/failing", content_length(400'000)) + patterned(100'001)));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::service_unavailable);
        CHECK_FALSE(response.keep_alive());
        CHECK(client.wait_closed_by_server());
    }
    const std::lock_guard lock(rig.log.mutex);
    CHECK(rig.log.opened == 1);     // the 415 opened none
    CHECK(rig.log.finished == 0);
    CHECK(rig.log.aborted == 0);    // a sink that failed its feed is not called again
    CHECK(rig.log.bytes == 100'001);  // the rest is not waited for
}

TEST_CASE("no sink is opened for a caller without the role, nor for a body over a streamed route's limit") {
    StreamRig rig;
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw("PUT /stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                                       "Content-Length: 5\r\n\r\nhello"));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::unauthorized);
    }
    {
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw(header("/limited", content_length(1001)) + patterned(1001)));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::payload_too_large);
    }
    {
        // Chunked: the limit is found while reading; the sink opened is aborted.
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw(header("/limited", "Transfer-Encoding: chunked") + "7d0\r\n" + patterned(2000) +
                                       "\r\n0\r\n\r\n"));
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.result() == http::status::payload_too_large);
    }
    CHECK(eventually([&] {
        const std::lock_guard lock(rig.log.mutex);
        return rig.log.aborted == 1;
    }));
    const std::lock_guard lock(rig.log.mutex);
    CHECK(rig.log.opened == 1);
    CHECK(rig.log.finished == 0);
}

TEST_CASE("a streamed body has a progress deadline, not a total one: a slow body passes, a stalled one is cut off") {
    ServerLimits limits = long_deadlines();
    limits.body_timeout_ms = 200ms;           // a buffered body's total: not applied to streams
    limits.body_progress_timeout_ms = 1500ms;  // the longest silence
    StreamRig rig(limits);
    {
        const std::string body = patterned(6'000);
        HttpsClient client;
        REQUIRE_FALSE(client.connect(rig.port()));
        REQUIRE_FALSE(client.write_raw(header("/stream", content_length(body.size()))));
        for (std::size_t at = 0; at < body.size(); at += 1'000) {
            std::this_thread::sleep_for(150ms);  // 900 ms in all
            REQUIRE_FALSE(client.write_raw(body.substr(at, 1'000)));
        }
        HttpsClient::Response response;
        REQUIRE_FALSE(client.receive(response));
        CHECK(response.body() == expected_answer(body));
    }
    HttpsClient stalled;
    REQUIRE_FALSE(stalled.connect(rig.port()));
    REQUIRE_FALSE(stalled.write_raw(header("/stream", content_length(10'000)) + patterned(100)));
    CHECK(stalled.wait_closed_by_server());
    CHECK(eventually([&] {
        const std::lock_guard lock(rig.log.mutex);
        return rig.log.aborted == 1;
    }));
    CHECK(rig.server->counters().timeouts >= 1);
}

TEST_CASE("stop() in the middle of a streamed body aborts its sink on the server's thread") {
    StreamRig rig;
    HttpsClient uploader;
    REQUIRE_FALSE(uploader.connect(rig.port()));
    REQUIRE_FALSE(uploader.write_raw(header("/stream", content_length(1'000'000)) + patterned(1000)));
    REQUIRE(eventually([&] { return rig.log.bytes_now() == 1000; }));
    rig.server->stop();
    const std::lock_guard lock(rig.log.mutex);
    CHECK(rig.log.aborted == 1);
    CHECK(rig.log.finished == 0);
    CHECK(rig.log.aborted_on == rig.log.fed_on);
}
