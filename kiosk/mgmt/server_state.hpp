// The server's shared state and its connections: private to server.cpp and http_session.cpp.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "kiosk/mgmt/connection_gate.hpp"
#include "kiosk/mgmt/server.hpp"

namespace kiosk::mgmt {

class HttpSession;

// The server's one io_context's own executor, not the type-erased any_io_executor: every composed
// operation of a request (Beast's write_msg_op down to the socket's send) copies its executor and
// counts outstanding work through it, and through any_io_executor's type erasure that was 5 % of a
// status request's CPU time (perf, bench/mgmt_status_bench.sh).
using IoExecutor = boost::asio::io_context::executor_type;
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, IoExecutor>;
using Acceptor = boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, IoExecutor>;

struct Server::State {
    State(RouteTable routes_in, Authenticate authenticate_in, ServerLimits limits_in, Observe observe_in)
        : routes(std::move(routes_in)),
          authenticate(std::make_shared<const Authenticate>(std::move(authenticate_in))),
          limits(limits_in),
          observe(std::move(observe_in)),
          gate(limits_in.connections_max, limits_in.connections_per_client_max) {}

    const RouteTable routes;
    const std::shared_ptr<const Authenticate> authenticate;  // for listeners without their own
    const ServerLimits limits;
    const Observe observe;

    // I/O thread only.
    ConnectionGate gate;
    std::unordered_set<HttpSession*> sessions;
    bool draining = false;

    // Any thread, under `mutex`.
    mutable std::mutex mutex;
    std::condition_variable drained;  // signalled when counters.connections_open falls to 0
    ServerCounters counters;
    bool stopped = false;

    template <class Update>
    void count(Update update) {
        const std::lock_guard lock(mutex);
        update(counters);
        if (counters.connections_open == 0) drained.notify_all();
    }

    // Declared last: destroyed first, so the sessions that its handlers own can still reach the
    // members above while they are destroyed.
    struct Listener {
        Acceptor acceptor;
        std::shared_ptr<boost::asio::ssl::context> tls;
        std::shared_ptr<const Authenticate> authenticate;  // shared with the listener's sessions
        boost::asio::steady_timer backoff;
        std::uint16_t port;  // as bound, read before the I/O thread starts; never changes
    };
    boost::asio::io_context io{1};
    std::vector<std::unique_ptr<Listener>> listeners;
    std::thread thread;
};

}  // namespace kiosk::mgmt
