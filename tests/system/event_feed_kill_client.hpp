// The central system's connection to a kiosk's central listener, for
// tests/system/event_feed_kill_test.cpp: HTTPS over loopback with Beast and OpenSSL, presenting the
// central client certificate (mutual TLS) and verifying the kiosk's certificate against its CA, as
// docs/api/openapi.json describes the listener.
//
// A request and its response go in steps (send; read the header; read the body) so that the test
// can kill the kiosk between any two of them. Every step has a deadline: a kiosk that hangs fails
// the test instead of stalling it. A connection whose step failed is not used again; the central
// system opens a new one (the kiosk it talked to may be gone).
//
// Not thread-safe: one thread drives a connection.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::testing::feed_kill {

namespace http = boost::beast::http;
using error_code = boost::system::error_code;

class FeedConnection {
public:
    using Request = http::request<http::string_body>;
    using Response = http::response<http::string_body>;

    // `context` holds the client certificate and the CA that issued the kiosk's certificate.
    FeedConnection(std::shared_ptr<boost::asio::ssl::context> context, std::chrono::milliseconds deadline);

    // TCP to 127.0.0.1:port and the TLS handshake, the kiosk's name checked (its certificate names
    // IP:127.0.0.1).
    error_code connect(std::uint16_t port);
    error_code send(const Request& request);
    error_code read_header();
    // The rest of the response that read_header() began; then response() holds it.
    error_code read_body();
    [[nodiscard]] const Response& response() const;

private:
    // Runs the queued operation to completion or to the deadline; false on the deadline.
    bool run();

    boost::asio::io_context io_;
    std::shared_ptr<boost::asio::ssl::context> context_;
    std::chrono::milliseconds deadline_;
    boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<http::response_parser<http::string_body>> parser_;
};

// A request as the document describes it: Host, and for a body, Content-Type application/json.
[[nodiscard]] FeedConnection::Request feed_request(http::verb method, std::string target, std::string body = {});

}  // namespace kiosk::testing::feed_kill
