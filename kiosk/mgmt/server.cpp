#include "kiosk/mgmt/server.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include "kiosk/log/log.hpp"
#include "kiosk/mgmt/http_session.hpp"
#include "kiosk/mgmt/thread_nice.hpp"

#include <algorithm>
#include <future>

namespace kiosk::mgmt {

namespace net = boost::asio;
using error_code = boost::system::error_code;
using tcp = net::ip::tcp;

namespace {

constexpr std::chrono::milliseconds kAcceptBackoff{100};

void accept_next(Server::State& state, Server::State::Listener& listener);

void on_accept(Server::State& state, Server::State::Listener& listener, error_code ec, Socket socket) {
    if (ec == net::error::operation_aborted || state.draining) return;
    if (ec) {
        // Out of file descriptors and the like: wait a little rather than spin on the error.
        log::warn("mgmt.accept_failed", {log::kv("reason", ec.message())});
        listener.backoff.expires_after(kAcceptBackoff);
        listener.backoff.async_wait([&state, &listener](error_code wait_ec) {
            if (!wait_ec) accept_next(state, listener);
        });
        return;
    }
    error_code endpoint_ec;
    const tcp::endpoint remote = socket.remote_endpoint(endpoint_ec);
    if (endpoint_ec) {
        accept_next(state, listener);
        return;  // the client is already gone
    }
    const std::string address = remote.address().to_string();
    if (state.gate.admit(address) != ConnectionGate::Verdict::admitted) {
        state.count([](ServerCounters& c) { ++c.connections_refused; });
        error_code ignored;
        socket.close(ignored);
    } else {
        state.count([](ServerCounters& c) {
            ++c.connections_accepted;
            ++c.connections_open;
        });
        // Without TCP_NODELAY the last segment of a response larger than one TLS record waits for
        // the client's delayed ACK (Nagle): ~40 ms a response, 178 requests/s for the OpenAPI
        // document on 8 connections before this line. A failure only costs that latency.
        error_code nodelay_ignored;
        socket.set_option(tcp::no_delay(true), nodelay_ignored);
        std::make_shared<HttpSession>(std::move(socket), *listener.tls, state, address, listener.authenticate)->start();
    }
    accept_next(state, listener);
}

void accept_next(Server::State& state, Server::State::Listener& listener) {
    listener.acceptor.async_accept([&state, &listener](error_code ec, Socket socket) {
        on_accept(state, listener, ec, std::move(socket));
    });
}

Result<std::unique_ptr<Server::State::Listener>> bind(Server::State& state, const ListenerSpec& spec) {
    net::io_context& io = state.io;
    const std::string where = "mgmt.listen " + spec.address + " port " + std::to_string(spec.port);
    if (!spec.tls) return fail(where, "no TLS context");
    error_code ec;
    const net::ip::address address = net::ip::make_address(spec.address, ec);
    if (ec) return fail(where, "not an IPv4 or IPv6 address");
    const tcp::endpoint endpoint(address, spec.port);
    auto listener = std::make_unique<Server::State::Listener>(
        Server::State::Listener{Acceptor(io.get_executor()), spec.tls,
                                spec.authenticate ? std::make_shared<const Authenticate>(spec.authenticate)
                                                  : state.authenticate,
                                net::steady_timer(io), 0});
    Acceptor& acceptor = listener->acceptor;
    if (acceptor.open(endpoint.protocol(), ec); ec) return fail(where, "cannot open a socket: " + ec.message());
    if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec)
        return fail(where, "cannot set SO_REUSEADDR: " + ec.message());
    if (acceptor.bind(endpoint, ec); ec) return fail(where, "cannot bind: " + ec.message());
    if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
        return fail(where, "cannot listen: " + ec.message());
    const tcp::endpoint bound = acceptor.local_endpoint(ec);
    if (ec) return fail(where, "cannot read the bound port: " + ec.message());
    listener->port = bound.port();
    return listener;
}

}  // namespace

Authenticate client_certificate_authenticator() {
    return [](const Request&, const Peer& peer) -> Result<std::optional<Caller>> {
        if (!peer.client_certificate_verified || peer.certificate_common_name.empty()) return std::optional<Caller>{};
        return std::optional{Caller{Role::central, peer.certificate_common_name}};
    };
}

Result<std::unique_ptr<Server>> Server::start(std::vector<ListenerSpec> listeners, RouteTable routes,
                                             Authenticate authenticate, ServerLimits limits, Observe observe) {
    if (listeners.empty()) return fail("mgmt.server", "no listener");
    auto state = std::make_shared<State>(std::move(routes), std::move(authenticate), limits, std::move(observe));
    for (const ListenerSpec& spec : listeners) state->listeners.push_back(TRY(bind(*state, spec)));
    for (auto& listener : state->listeners) accept_next(*state, *listener);
    for (std::size_t i = 0; i < state->listeners.size(); ++i)
        log::info("mgmt.listening", {log::kv("address", listeners[i].address), log::kv("port", state->listeners[i]->port)});
    // The thread sets its own priority before it serves anything, and start() fails with it if the
    // kernel refuses (a sandbox whose seccomp filter forbids setpriority must say so, not serve
    // requests that take frames from the UI).
    std::promise<Status> prioritised;
    std::future<Status> priority = prioritised.get_future();
    state->thread = std::thread([raw = state.get(), nice = limits.thread_nice, prioritised = std::move(prioritised)]() mutable {
        // Only ever raised: a process already started nicer keeps its own value (lowering it would
        // need CAP_SYS_NICE).
        const Result<int> current = this_thread_nice();
        Status set = current ? set_this_thread_nice(std::max(current.value(), nice)) : Status(fail(current.error()));
        const bool serve = set.ok();
        prioritised.set_value(std::move(set));
        // The sessions catch what handlers, the authenticator and the observer throw; anything else
        // reaching here is a bug in the server itself, and terminates loudly.
        if (serve) raw->io.run();
    });
    if (Status set = priority.get(); !set) {
        state->thread.join();
        return fail(set.error());
    }
    return std::unique_ptr<Server>(new Server(std::move(state)));
}

Server::Server(std::shared_ptr<State> state) : state_(std::move(state)) {}

Server::~Server() { stop(); }

std::uint16_t Server::port(std::size_t index) const { return state_->listeners.at(index)->port; }

ServerCounters Server::counters() const {
    const std::lock_guard lock(state_->mutex);
    return state_->counters;
}

void Server::stop() {
    {
        const std::lock_guard lock(state_->mutex);
        if (state_->stopped) return;
        state_->stopped = true;
    }
    State& state = *state_;
    net::post(state.io, [&state] {
        state.draining = true;
        for (auto& listener : state.listeners) {
            error_code ignored;
            listener->acceptor.close(ignored);
            listener->backoff.cancel();
        }
        // Copy: closing a session may destroy it, which edits the set.
        const std::vector<HttpSession*> sessions(state.sessions.begin(), state.sessions.end());
        for (HttpSession* session : sessions) session->drain();
    });
    {
        std::unique_lock lock(state.mutex);
        state.drained.wait_for(lock, state.limits.drain_timeout_ms, [&state] { return state.counters.connections_open == 0; });
    }
    net::post(state.io, [&state] {
        const std::vector<HttpSession*> sessions(state.sessions.begin(), state.sessions.end());
        for (HttpSession* session : sessions) session->close_now();
        // Not at once: the reads just cancelled complete first (queued before this), so that a
        // streamed body's sink is aborted on this thread, as every other call to it was.
        net::post(state.io, [&state] { state.io.stop(); });
    });
    if (state.thread.joinable()) state.thread.join();
    log::info("mgmt.stopped");
}

}  // namespace kiosk::mgmt
