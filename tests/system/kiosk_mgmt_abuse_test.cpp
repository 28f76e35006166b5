// The management interface of the real `kiosk --demo`, under Xvfb, under abuse: slowloris
// (slowhttptest) throughout, 1,000 concurrent connections from one address and 1,000 from a hundred,
// stalled TLS handshakes, garbage bytes, oversized headers and bodies, and one line of a record feed
// far over the line limit. Meanwhile a fresh client (its own loopback address) keeps getting
// /healthz within a few seconds, and the kiosk keeps drawing frames for the keys xdotool presses
// (the status route's last frame time moves). At the end the kiosk is alive and exits cleanly on
// SIGTERM. The same test runs in the sanitizer build (scripts/test --sanitize), where ASan or UBSan
// would end the kiosk with an error.
//
// Loopback addresses stand for clients: 127.0.0.1 is slowhttptest's (which cannot choose), 127.0.0.2
// the fresh client's, the others the floods', so that each cap is counted exactly.
#include "kiosk/mgmt/server.hpp"
#include "tests/kiosk/mgmt/https_client.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/xvfb.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

namespace fs = std::filesystem;
namespace json = boost::json;
namespace http = boost::beast::http;
using namespace std::chrono_literals;
using kiosk::testing::ChildProcess;
using kiosk::testing::ProcessOutput;
using kiosk::testing::require_ok;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;
// The server's default caps (kiosk/mgmt/server.hpp), which the demo runs with.
constexpr int kConnectionsMax = static_cast<int>(kiosk::mgmt::ServerLimits{}.connections_max);
constexpr int kPerClientMax = static_cast<int>(kiosk::mgmt::ServerLimits{}.connections_per_client_max);
// "Within a few seconds": a fresh client's /healthz, whatever the floods do. While the global cap is
// full of stalled handshakes a new client waits for the handshake deadline to free slots.
constexpr auto kHealthBudget = 3s;
constexpr auto kHealthBudgetCapFull = kiosk::mgmt::ServerLimits{}.handshake_timeout_ms + 4s;

struct Demo {
    ChildProcess process;
    std::uint16_t port = 0;
    std::uint16_t central_port = 0;
    std::string token = {};
    std::string ca = {};
    std::string central_cert = {};
    std::string central_key = {};
};

std::uint16_t port_of(const std::string& url) {
    return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

Demo start_demo(const kiosk::testing::Xvfb& xvfb, const fs::path& demo_dir) {
    auto options = xvfb.client_options();
    // libdbus (opened by SDL's X11 backend) leaks by design; see tests/kiosk/ui. Any other ASan
    // finding still aborts the kiosk.
    options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");
    options.out = kiosk::testing::Stream::pipe;
    Demo demo{require_ok(ChildProcess::spawn({KIOSK_BIN, "--demo", "--demo-dir", demo_dir.string(), "--mgmt-port", "0",
                                              "--size", std::to_string(kWidth) + "x" + std::to_string(kHeight)},
                                             options))};
    const auto value = [](const std::string& line, const std::string& key) -> std::optional<std::string> {
        if (line.rfind(key + " ", 0) != 0) return std::nullopt;
        return line.substr(key.size() + 1);
    };
    while (auto line = demo.process.read_line(60'000)) {
        if (auto v = value(*line, "mgmt")) demo.port = port_of(*v);
        if (auto v = value(*line, "mgmt-central")) demo.central_port = port_of(*v);
        if (auto v = value(*line, "mgmt-ca")) demo.ca = *v;
        if (auto v = value(*line, "mgmt-central-cert")) demo.central_cert = *v;
        if (auto v = value(*line, "mgmt-central-key")) demo.central_key = *v;
        if (auto v = value(*line, "mgmt-operator-token")) {
            demo.token = *v;
            break;
        }
    }
    REQUIRE_MESSAGE(demo.port != 0, "the kiosk never printed its management URL");
    REQUIRE_MESSAGE(!demo.token.empty(), "the demo printed no operator token");
    return demo;
}

struct Answer {
    int http_code = 0;
    std::string body;
    std::chrono::milliseconds took{0};
};

// The fresh client: curl from 127.0.0.2, a new connection each time, verifying the demo's CA.
Answer fresh_get(const Demo& demo, const std::string& target, bool with_token) {
    std::vector<std::string> argv = {"curl", "-s", "--interface", "127.0.0.2", "--max-time", "15", "--cacert", demo.ca,
                                     "-w", "\n%{http_code}"};
    if (with_token) argv.insert(argv.end(), {"-H", "Authorization: Bearer " + demo.token});
    argv.push_back("https://127.0.0.1:" + std::to_string(demo.port) + target);
    const auto started = std::chrono::steady_clock::now();
    const ProcessOutput out = require_ok(kiosk::testing::run(argv, {}, 30'000));
    Answer answer;
    answer.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    const auto newline = out.out.rfind('\n');
    if (newline != std::string::npos) {
        answer.body = out.out.substr(0, newline);
        answer.http_code = std::atoi(out.out.c_str() + newline + 1);
    }
    return answer;
}

// /healthz from the fresh client, retried until it answers 200 or `budget` has passed; how long it took.
std::optional<std::chrono::milliseconds> health_within(const Demo& demo, std::chrono::milliseconds budget) {
    const auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - started < budget) {
        if (fresh_get(demo, "/healthz", false).http_code == 200)
            return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        std::this_thread::sleep_for(100ms);
    }
    return std::nullopt;
}

std::int64_t last_frame_ms(const Demo& demo) {
    const Answer status = fresh_get(demo, "/api/v1/status", true);
    REQUIRE_MESSAGE(status.http_code == 200, status.body);
    const auto frame = json::parse(status.body).as_object().at("last_frame_unix_ms");
    REQUIRE(frame.is_int64());
    return frame.as_int64();
}

// A key press on the NIK screen changes what is drawn; the status route's last frame time moves.
bool key_draws_a_frame(const Demo& demo, const std::string& display, const std::string& key) {
    const std::int64_t before = last_frame_ms(demo);
    if (kiosk::testing::run_xdotool(display, {"key", key}) != 0) return false;
    for (int i = 0; i < 30; ++i) {
        if (last_frame_ms(demo) > before) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

// Plain TCP connections from a chosen loopback address, for floods the server must refuse or time out.
class RawConnection {
public:
    static std::optional<RawConnection> open(const std::string& from, std::uint16_t port) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return std::nullopt;
        RawConnection connection(fd);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
            ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0)
            return std::nullopt;
        return connection;
    }
    RawConnection(RawConnection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    RawConnection& operator=(RawConnection&&) = delete;
    ~RawConnection() {
        if (fd_ >= 0) ::close(fd_);
    }

    bool send(std::string_view bytes) const {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    // Whether the server has closed it (an end of stream or a reset is waiting), without blocking.
    [[nodiscard]] bool closed_by_server() const {
        char byte = 0;
        const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0) return true;
        if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
        return false;  // the server sent something (a TLS alert): it closes next
    }

private:
    explicit RawConnection(int fd) : fd_(fd) {}
    int fd_;
};

struct Tally {
    int open = 0;
    int closed = 0;
};

Tally tally(const std::vector<RawConnection>& connections) {
    Tally t;
    for (const auto& c : connections) (c.closed_by_server() ? t.closed : t.open) += 1;
    return t;
}

// Waits until at least `closed` of them are closed, or `budget` passes; the tally then.
Tally wait_closed(const std::vector<RawConnection>& connections, int closed, std::chrono::milliseconds budget) {
    const auto deadline = std::chrono::steady_clock::now() + budget;
    Tally t = tally(connections);
    while (t.closed < closed && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
        t = tally(connections);
    }
    return t;
}

std::vector<RawConnection> flood(const std::vector<std::string>& from, int each, std::uint16_t port) {
    std::vector<RawConnection> connections;
    for (const auto& address : from)
        for (int i = 0; i < each; ++i) {
            auto c = RawConnection::open(address, port);
            REQUIRE_MESSAGE(c.has_value(), "cannot connect from " << address << ": " << std::strerror(errno));
            connections.push_back(std::move(*c));
        }
    return connections;
}

// A flood the server must cap: of `each` connections from every address, `admitted` stay open and
// the rest are closed at once, before any TLS work.
std::vector<RawConnection> flood_admitting(const std::vector<std::string>& from, int each, std::uint16_t port,
                                           int admitted) {
    std::vector<RawConnection> connections = flood(from, each, port);
    const int total = static_cast<int>(connections.size());
    const Tally refused = wait_closed(connections, total - admitted, 5s);
    CHECK(refused.closed == total - admitted);
    CHECK(refused.open == admitted);
    return connections;
}

// The start of a TLS ClientHello whose record says 512 bytes follow, which never come.
const std::string kStalledClientHello = std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + std::string(20, '\x5a');

// slowhttptest in slowloris mode, started again each time it ends until stop(); on its own thread.
class Slowloris {
public:
    explicit Slowloris(std::uint16_t port)
        : thread_([this, port] {
              kiosk::testing::SpawnOptions quiet;
              quiet.out = kiosk::testing::Stream::discard;
              quiet.err = kiosk::testing::Stream::discard;
              while (!stopping_) {
                  auto run = ChildProcess::spawn({"slowhttptest", "-H", "-c", "300", "-r", "150", "-i", "2", "-l", "30",
                                                  "-p", "3", "-u", "https://127.0.0.1:" + std::to_string(port) + "/healthz"},
                                                 quiet);
                  if (!run) {
                      ++failed_runs_;
                      return;
                  }
                  int status = -1;
                  while (status == -1 && !stopping_) status = run->wait_exit(200);
                  if (status == -1) {
                      // Cut short by stop(): it ends its test on SIGINT, or dies of it.
                      const int cut = run->stop(SIGINT);
                      status = cut == 0 || cut == 128 + SIGINT ? 0 : cut;
                  }
                  ++runs_;
                  if (status != 0) ++failed_runs_;
              }
          }) {}
    Slowloris(const Slowloris&) = delete;
    Slowloris& operator=(const Slowloris&) = delete;
    ~Slowloris() { (void)stop(); }

    // How many runs there were, and how many did not end well.
    std::pair<int, int> stop() {
        stopping_ = true;
        if (thread_.joinable()) thread_.join();
        return {runs_.load(), failed_runs_.load()};
    }

private:
    std::atomic<bool> stopping_{false};
    std::atomic<int> runs_{0};
    std::atomic<int> failed_runs_{0};
    std::thread thread_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void raise_descriptor_limit(rlim_t wanted) {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur >= wanted) return;
    REQUIRE_MESSAGE(limit.rlim_max >= wanted, "the hard limit on open files is below " << wanted);
    limit.rlim_cur = wanted;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
}

std::unique_ptr<kiosk::mgmt::test::HttpsClient> tls_client_from(const std::string& address, std::uint16_t port,
                                                                const kiosk::mgmt::test::ClientTls& tls = {}) {
    auto client = std::make_unique<kiosk::mgmt::test::HttpsClient>(tls);
    REQUIRE_FALSE(client->connect(port, true, address));
    return client;
}

}  // namespace

TEST_CASE("the management interface under abuse: the kiosk keeps drawing, a fresh client is served, nothing crashes") {
    raise_descriptor_limit(4096);
    kiosk::testing::TempDir scratch;
    const auto xvfb = require_ok(kiosk::testing::Xvfb::start(kWidth, kHeight));
    Demo demo = start_demo(xvfb, scratch.path() / "demo");
    const std::string& display = xvfb.display();

    // Before: served, and drawing. A click starts a session, whose NIK screen shows each key.
    REQUIRE(health_within(demo, 10s).has_value());
    REQUIRE(kiosk::testing::run_xdotool(display, {"mousemove", "--sync", "100", "100", "click", "1"}) == 0);
    CHECK(key_draws_a_frame(demo, display, "1"));

    // Slowloris throughout, from 127.0.0.1: slowhttptest's headers dribble in. The header deadline
    // closes its connections (10 s), after which it ends ("no open connections left"), so it starts
    // again until the phases below are done.
    Slowloris slowloris(demo.port);
    std::this_thread::sleep_for(2s);
    {
        const auto served = health_within(demo, kHealthBudget);
        CHECK_MESSAGE(served.has_value(), "no /healthz within " << kHealthBudget.count() << " s during slowloris");
        CHECK(key_draws_a_frame(demo, display, "2"));
    }

    // 1,000 concurrent connections from one address: the per-client cap admits 16, the rest are closed
    // at once, before any TLS work; the admitted ones, silent, end at the handshake deadline.
    {
        const auto started = std::chrono::steady_clock::now();
        const std::vector<RawConnection> one_address = flood_admitting({"127.0.0.3"}, 1000, demo.port, kPerClientMax);
        const auto served = health_within(demo, kHealthBudget);
        CHECK_MESSAGE(served.has_value(), "no /healthz within a few seconds beside a 1,000-connection flood");
        CHECK(key_draws_a_frame(demo, display, "BackSpace"));
        const Tally all = wait_closed(one_address, 1000, 15s);
        CHECK(all.closed == 1000);
        CHECK(std::chrono::steady_clock::now() - started >= kiosk::mgmt::ServerLimits{}.handshake_timeout_ms - 1s);
    }

    // Stalled TLS handshakes and garbage: the stalled ones end at the handshake deadline, the garbage
    // at once; a fresh client is served meanwhile.
    {
        std::vector<RawConnection> stalled = flood({"127.0.0.4"}, kPerClientMax, demo.port);
        std::vector<RawConnection> garbage = flood({"127.0.0.5"}, kPerClientMax, demo.port);
        for (const auto& c : stalled) CHECK(c.send(kStalledClientHello));
        for (std::size_t i = 0; i < garbage.size(); ++i)
            CHECK(garbage[i].send(i % 2 == 0 ? std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                                             : std::string("\x80\x01\xff\x00\x13garbage\x00\xfe", 13) + std::string(300, '\x07')));
        CHECK(wait_closed(garbage, kPerClientMax, 5s).closed == kPerClientMax);
        CHECK(health_within(demo, kHealthBudget).has_value());
        CHECK(tally(stalled).open == kPerClientMax);  // not before the deadline
        CHECK(wait_closed(stalled, kPerClientMax, 15s).closed == kPerClientMax);
    }

    // Oversized headers and bodies, and garbage inside TLS: each refused with its problem, nothing read
    // that need not be.
    {
        using kiosk::mgmt::test::make_request;
        auto big_header = tls_client_from("127.0.0.6", demo.port);
        REQUIRE_FALSE(big_header->write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') +
                                           "\r\n\r\n"));
        kiosk::mgmt::test::HttpsClient::Response response;
        REQUIRE_FALSE(big_header->receive(response));
        CHECK(response.result() == http::status::request_header_fields_too_large);

        auto big_body = tls_client_from("127.0.0.6", demo.port);
        REQUIRE_FALSE(big_body->write_raw("GET /api/v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + demo.token +
                                         "\r\nContent-Length: 10000000000\r\n\r\n"));
        REQUIRE_FALSE(big_body->receive(response));
        CHECK(response.result() == http::status::payload_too_large);

        auto chunked = tls_client_from("127.0.0.6", demo.port);
        REQUIRE_FALSE(chunked->write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        "ffffffff\r\n" + std::string(1000, 'z')));
        REQUIRE_FALSE(chunked->receive(response));
        CHECK(response.result() == http::status::payload_too_large);

        auto nonsense = tls_client_from("127.0.0.6", demo.port);
        REQUIRE_FALSE(nonsense->write_raw(std::string("\x01\x02\x03 not http\r\n\r\n")));
        REQUIRE_FALSE(nonsense->receive(response));
        CHECK(response.result() == http::status::bad_request);

        // The central system's feed with one 8 MB line: a bad line, in bounded memory, and the next
        // line imported.
        kiosk::mgmt::test::ClientTls central;
        central.certificate = kiosk::mgmt::CertifiedKey{read_file(demo.central_cert), read_file(demo.central_key)};
        auto feed = tls_client_from("127.0.0.7", demo.central_port, central);
        const std::string good =
            R"({"nik":"3201014100000001","name":"Warga","status":"PRINTED","status_time":1})" "\n";
        const std::string huge = "{\"nik\":\"" + std::string(8 * 1024 * 1024, '9') + "\n";
        REQUIRE_FALSE(feed->write_raw("PUT /api/v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                                     "Content-Length: " + std::to_string(huge.size() + good.size()) + "\r\n\r\n" + huge + good));
        REQUIRE_FALSE(feed->receive(response));
        REQUIRE(response.result() == http::status::ok);
        const auto answer = json::parse(response.body()).as_object();
        CHECK(answer.at("imported").as_int64() == 1);
        CHECK(answer.at("bad_lines").as_int64() == 1);
        CHECK(answer.at("first_bad_lines").as_array().at(0).as_object().at("reason").as_string() ==
              "line longer than 65536 bytes");
        CHECK(key_draws_a_frame(demo, display, "3"));
    }

    const auto [runs, failed_runs] = slowloris.stop();
    CHECK(runs >= 2);
    CHECK(failed_runs == 0);
    // The connections above end; the server then counts none open but the next flood's.
    REQUIRE(health_within(demo, kHealthBudgetCapFull).has_value());
    std::this_thread::sleep_for(1s);

    // 1,000 concurrent connections from a hundred addresses: the global cap admits 128, refuses the
    // rest at once; a fresh client is served again once the handshake deadline frees the slots.
    {
        std::vector<std::string> addresses;
        for (int i = 1; i <= 100; ++i) addresses.push_back("127.0.1." + std::to_string(i));
        const std::vector<RawConnection> many = flood_admitting(addresses, 10, demo.port, kConnectionsMax);
        const auto served = health_within(demo, kHealthBudgetCapFull);
        CHECK_MESSAGE(served.has_value(), "no /healthz once the global cap's slots timed out");
        CHECK(key_draws_a_frame(demo, display, "BackSpace"));
    }

    // Alive, and a clean exit on SIGTERM.
    CHECK(demo.process.wait_exit(0) == -1);
    CHECK(health_within(demo, kHealthBudget).has_value());
    demo.process.send_signal(SIGTERM);
    CHECK(demo.process.wait_or_kill(20'000) == 0);
}
