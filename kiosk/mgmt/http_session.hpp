// One TLS connection of the management server: handshake, then requests one after another under
// the server's deadlines and limits (server.hpp). Owned by its pending asynchronous operations;
// lives on the server's I/O thread only.
#pragma once

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <optional>

#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/server_state.hpp"

namespace kiosk::mgmt {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    // `address` was admitted by the state's gate; the session releases it when destroyed.
    HttpSession(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls, Server::State& state,
                std::string address);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start();
    // Drain: an idle connection closes now; one with a request under way closes after its response.
    void drain();
    void close_now();

private:
    void on_handshake(boost::system::error_code ec);
    void await_request();
    void on_first_bytes(boost::system::error_code ec, std::size_t bytes);
    void read_header();
    void on_header(boost::system::error_code ec);
    void on_continue_sent(boost::system::error_code ec);
    void read_body();
    void on_body(boost::system::error_code ec);
    void refuse(ProblemKind kind, std::string_view detail);
    void respond(Response response);
    void on_written(boost::system::error_code ec, bool close);
    void shut_down();
    void on_read_failure(boost::system::error_code ec);
    [[nodiscard]] Peer peer();
    [[nodiscard]] Result<std::optional<Caller>> authenticate(const Request& request);

    boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
    Server::State& state_;
    std::string address_;
    boost::beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    const Route* route_ = nullptr;
    Caller caller_;
    bool idle_ = false;
    bool first_request_ = true;
    bool closing_ = false;
    std::chrono::steady_clock::time_point request_started_;
    std::string_view route_label_ = "unmatched";
    std::shared_ptr<Response> response_;  // alive until its write completes
};

}  // namespace kiosk::mgmt
