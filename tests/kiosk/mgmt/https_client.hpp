// A real HTTPS client for the management server's tests: Beast over OpenSSL on loopback, every
// operation bounded by a deadline so that a server that hangs fails the test instead of stalling it.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/mgmt/demo_certificates.hpp"

namespace kiosk::mgmt::test {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// TLS settings of a client: which versions it offers, and the certificate it presents (if any).
struct ClientTls {
    int min_version = TLS1_2_VERSION;
    int max_version = TLS1_3_VERSION;
    std::string trust_ca_pem;                // the server's CA; empty: do not verify the server
    std::optional<CertifiedKey> certificate;  // a client certificate for mutual TLS
    std::string tls12_ciphers;               // empty: OpenSSL's default
};

inline std::shared_ptr<ssl::context> client_context(const ClientTls& tls) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX* native = context->native_handle();
    // Security level 0 lets this client offer what a careless client would (TLS 1.0, weak suites),
    // so that a refusal is the server's doing.
    SSL_CTX_set_security_level(native, 0);
    SSL_CTX_set_min_proto_version(native, tls.min_version);
    SSL_CTX_set_max_proto_version(native, tls.max_version);
    if (!tls.tls12_ciphers.empty()) SSL_CTX_set_cipher_list(native, tls.tls12_ciphers.c_str());
    if (!tls.trust_ca_pem.empty()) {
        context->add_certificate_authority(net::buffer(tls.trust_ca_pem));
        context->set_verify_mode(ssl::verify_peer);
    } else {
        context->set_verify_mode(ssl::verify_none);
    }
    if (tls.certificate) {
        context->use_certificate(net::buffer(tls.certificate->certificate_pem), ssl::context::pem);
        context->use_private_key(net::buffer(tls.certificate->private_key_pem), ssl::context::pem);
    }
    return context;
}

class HttpsClient {
public:
    using Response = beast::http::response<beast::http::string_body>;

    explicit HttpsClient(const ClientTls& tls = {}, std::chrono::milliseconds deadline = std::chrono::seconds(10))
        : context_(client_context(tls)), deadline_(deadline), stream_(io_, *context_) {}

    // TCP connect and TLS handshake; the error is the handshake's when TLS refuses. `from_address`,
    // when given, is the client's own loopback address (127.0.0.2, ...): the server's per-client cap
    // then counts it apart from other clients on the same machine.
    error_code connect(std::uint16_t port, bool handshake = true, const std::string& from_address = {}) {
        error_code ec;
        if (!from_address.empty()) {
            auto& socket = beast::get_lowest_layer(stream_).socket();
            if (socket.open(tcp::v4(), ec); ec) return ec;
            if (socket.bind(tcp::endpoint(net::ip::make_address(from_address), 0), ec); ec) return ec;
        }
        beast::get_lowest_layer(stream_).async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                                       [&](error_code e) { ec = e; });
        if (!run()) return beast::error::timeout;
        if (ec || !handshake) return ec;
        stream_.async_handshake(ssl::stream_base::client, [&](error_code e) { ec = e; });
        if (!run()) return beast::error::timeout;
        return ec;
    }

    // One request and its response on the open connection.
    error_code send(const beast::http::request<beast::http::string_body>& request, Response& response) {
        error_code ec;
        beast::http::async_write(stream_, request, [&](error_code e, std::size_t) { ec = e; });
        if (!run()) return beast::error::timeout;
        if (ec) return ec;
        return receive(response);
    }

    error_code receive(Response& response) {
        error_code ec;
        response = {};
        beast::http::async_read(stream_, buffer_, response, [&](error_code e, std::size_t) { ec = e; });
        if (!run()) return beast::error::timeout;
        return ec;
    }

    // Raw bytes after the handshake (garbage, a hand-made oversized header).
    error_code write_raw(const std::string& bytes) {
        error_code ec;
        net::async_write(stream_, net::buffer(bytes), [&](error_code e, std::size_t) { ec = e; });
        if (!run()) return beast::error::timeout;
        return ec;
    }

    // Waits until the server closes the connection (any read error) or the deadline passes; true
    // when it closed. The first reads TLS records, the second raw TCP (a connection that never
    // began TLS).
    bool wait_closed_by_server() { return read_until_error(stream_); }
    bool wait_tcp_closed_by_server() { return read_until_error(beast::get_lowest_layer(stream_).socket()); }

    // A clean TLS close (close_notify both ways), after which a TLS 1.2 session may be resumed.
    error_code shutdown() {
        error_code ec;
        stream_.async_shutdown([&](error_code e) { ec = e; });
        if (!run()) return beast::error::timeout;
        return ec;
    }

    beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

private:
    template <class Stream>
    bool read_until_error(Stream& stream) {
        bool closed = false;
        std::array<char, 512> buffer{};
        std::function<void()> read_more = [&] {
            stream.async_read_some(net::buffer(buffer), [&](error_code ec, std::size_t) {
                if (ec) {
                    closed = true;
                } else {
                    read_more();
                }
            });
        };
        read_more();
        // A read ended by the deadline (run() closes the socket) is not the server's doing.
        const bool in_time = run();
        return in_time && closed;
    }

    // Runs the queued operation to completion or to the deadline; false on the deadline.
    bool run() {
        io_.restart();
        io_.run_for(deadline_);
        if (!io_.stopped()) {
            beast::get_lowest_layer(stream_).close();
            io_.restart();
            io_.run_for(std::chrono::seconds(1));
            return false;
        }
        return true;
    }

    net::io_context io_;
    std::shared_ptr<ssl::context> context_;
    std::chrono::milliseconds deadline_;
    beast::ssl_stream<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
};

inline beast::http::request<beast::http::string_body> make_request(beast::http::verb method, std::string target,
                                                                   std::string bearer = {}, std::string body = {}) {
    beast::http::request<beast::http::string_body> request{method, target, 11};
    request.set(beast::http::field::host, "localhost");
    if (!bearer.empty()) request.set(beast::http::field::authorization, "Bearer " + bearer);
    if (!body.empty()) {
        request.set(beast::http::field::content_type, "application/json");
        request.body() = std::move(body);
    }
    request.prepare_payload();
    return request;
}

}  // namespace kiosk::mgmt::test
