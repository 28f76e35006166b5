// The management HTTPS server: Boost.Beast over Asio and OpenSSL, on a thread of its own.
//
// It serves only TLS (1.2 and 1.3, see tls_context.hpp) on one or more listeners, each with its TLS
// context and authenticator (operators' bearer tokens on one, the central system's mutual TLS on
// another), and every connection lives under limits, so that no client, slow or hostile, can hold
// more than its share:
//   - a cap on open connections, in all and from one client address (checked before any TLS work);
//   - deadlines for the TLS handshake, for the request header, for the body and for the response,
//     and an idle deadline between keep-alive requests;
//   - a header size limit and a body limit per route (0 for routes that take no body);
//   - a streamed route's body is fed to its sink piece by piece as it arrives, under a progress
//     deadline, with other connections served between pieces, so its size never shows in memory.
// The header is authenticated and authorised before the body is read: a request that will be
// refused never makes the server read its body.
//
// Handlers run on the server's thread, one at a time; they must not block on the UI (DESIGN.md:
// nothing a remote client does may stall a frame, and the UI never waits on the server).
//
// stop() drains: listeners close, idle keep-alive connections close, requests under way finish and
// their responses say "Connection: close"; after drain_timeout_ms whatever is left is closed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/http.hpp"
#include "kiosk/mgmt/route_table.hpp"
#include "kiosk/mgmt/tls_context.hpp"

namespace boost::asio::ssl {
class context;
}

namespace kiosk::mgmt {

struct ServerLimits {
    std::size_t header_bytes_max = 8 * 1024;
    std::chrono::milliseconds handshake_timeout_ms{5'000};
    std::chrono::milliseconds header_timeout_ms{10'000};  // first byte of the request to the end of its header
    std::chrono::milliseconds body_timeout_ms{60'000};    // end of the header to the end of the body
    // A streamed body (streamed_route) has no total deadline, as its size has no bound (a million
    // records take minutes on an office's uplink); instead the time from one piece's arrival to the
    // next's is bounded. Only an authenticated and authorised caller gets this far (the header is
    // checked first), and the connection caps still hold.
    std::chrono::milliseconds body_progress_timeout_ms{30'000};
    std::chrono::milliseconds write_timeout_ms{30'000};   // one response
    std::chrono::milliseconds idle_timeout_ms{30'000};    // after a response, until the next request begins
    std::size_t connections_max = 128;
    std::size_t connections_per_client_max = 16;
    std::chrono::milliseconds drain_timeout_ms{5'000};  // stop(): at most this long, then close
    // The server thread's nice value (at least; a process started nicer keeps its own). Handlers and a streamed import run on that thread; above the
    // UI thread's 0 it yields the CPU to drawing whenever both want it (DESIGN.md: management
    // requests never delay a frame). 10 gives it about a tenth of a core that the UI also wants,
    // and all of one the UI leaves idle (bench/mgmt_import_bench.sh measures both sides).
    int thread_nice = 10;
};

// What the TLS layer says about the peer.
struct Peer {
    std::string address;                   // the client's IP address, as text
    bool client_certificate_verified = false;
    std::string certificate_common_name;   // of a verified client certificate
};

// Authentication: the caller a request's credential names, or nullopt when it carries none that is
// valid (the server answers 401); an error when it cannot tell (the token store cannot be read: the
// server answers 503, never a 401 that would send an operator looking for a new token). Called on
// the server's thread, only for routes that need a role.
using Authenticate = std::function<Result<std::optional<Caller>>(const Request&, const Peer&)>;

// One line of request accounting, after the response is written: for metrics and the access log.
struct RequestRecord {
    std::string_view route_label;  // a route's path, or "unmatched"
    http::verb method;
    unsigned status;
    std::chrono::microseconds latency_us;
};
using Observe = std::function<void(const RequestRecord&)>;

struct ListenerSpec {
    std::string address = "127.0.0.1";  // an IPv4 or IPv6 literal
    std::uint16_t port = 0;              // 0: any free port (tests); see Server::port()
    std::shared_ptr<boost::asio::ssl::context> tls;
    Authenticate authenticate = {};  // this listener's; empty: the one given to Server::start
};

// The central system's listener's authenticator: a client certificate that mutual TLS verified
// (tls_context.hpp, ClientCertificates::required) with a subject CN is Caller{central, CN}; nothing
// else is a credential there, a bearer token included.
[[nodiscard]] Authenticate client_certificate_authenticator();

// Counters since start, for metrics and tests. Read with Server::counters() from any thread.
struct ServerCounters {
    std::uint64_t connections_accepted = 0;
    std::uint64_t connections_refused = 0;  // over a cap
    std::uint64_t handshakes_failed = 0;
    std::uint64_t timeouts = 0;             // a deadline closed a connection
    std::uint64_t requests = 0;
    std::size_t connections_open = 0;
};

class Server {
public:
    // Binds every listener (an error names the address and port) and starts the server's thread.
    [[nodiscard]] static Result<std::unique_ptr<Server>> start(std::vector<ListenerSpec> listeners,
                                                               RouteTable routes, Authenticate authenticate,
                                                               ServerLimits limits = {}, Observe observe = {});
    ~Server();  // stop(), if not done yet
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The bound port of listener `index` (the given one, or the one the system chose for 0), also
    // after stop().
    [[nodiscard]] std::uint16_t port(std::size_t index = 0) const;
    [[nodiscard]] ServerCounters counters() const;

    // Drains and joins the thread; returns within drain_timeout_ms plus a little. Idempotent.
    void stop();

    struct State;

private:
    explicit Server(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

}  // namespace kiosk::mgmt
