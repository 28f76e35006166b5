// One TLS connection of the management server: handshake, then requests one after another under
// the server's deadlines and limits (server.hpp). Owned by its pending asynchronous operations;
// lives on the server's I/O thread only.
#pragma once

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/server_state.hpp"

namespace kiosk::mgmt {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    // `address` was admitted by the state's gate; the session releases it when destroyed.
    // `authenticate` is the listener's.
    HttpSession(Socket socket, boost::asio::ssl::context& tls, Server::State& state, std::string address,
                std::shared_ptr<const Authenticate> authenticate);
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
    void start_body();
    void read_body();
    void on_body(boost::system::error_code ec);
    void read_body_piece();
    void on_body_piece(boost::system::error_code ec);
    void end_stream();
    void abort_sink();
    void refuse(ProblemKind kind, std::string_view detail);
    void respond(Response response);
    void on_written(boost::system::error_code ec, bool close);
    void shut_down();
    [[nodiscard]] bool request_read_whole() const;
    void linger();
    void discard_input();
    void on_read_failure(boost::system::error_code ec);
    [[nodiscard]] Peer peer();
    [[nodiscard]] Result<std::optional<Caller>> authenticate(const Request& request);

    using Stream = boost::beast::basic_stream<boost::asio::ip::tcp, IoExecutor, boost::beast::unlimited_rate_policy>;
    boost::beast::ssl_stream<Stream> stream_;
    Server::State& state_;
    std::string address_;
    std::shared_ptr<const Authenticate> authenticate_;
    boost::beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    // A streamed route's: the parser takes over from parser_ after the header, and writes the body
    // into body_piece_ for the sink.
    std::optional<http::request_parser<http::buffer_body>> stream_parser_;
    std::unique_ptr<BodySink> sink_;
    std::vector<char> body_piece_;
    const Route* route_ = nullptr;
    // Of the request under way, kept apart from the parser that may have moved on.
    http::verb method_ = http::verb::unknown;
    unsigned version_ = 11;
    Caller caller_;
    bool idle_ = false;
    bool first_request_ = true;
    bool closing_ = false;
    bool linger_ = false;  // the answer goes before the request was read whole: linger() after it
    std::size_t lingered_bytes_ = 0;
    std::chrono::steady_clock::time_point request_started_;
    std::string_view route_label_ = "unmatched";
    std::shared_ptr<Response> response_;  // alive until its write completes
};

}  // namespace kiosk::mgmt
