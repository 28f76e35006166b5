#include "kiosk/mgmt/http_session.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <exception>

#include "kiosk/log/log.hpp"
#include "kiosk/mgmt/problem.hpp"

namespace kiosk::mgmt {

namespace beast = boost::beast;
namespace net = boost::asio;
using error_code = boost::system::error_code;

namespace {
constexpr std::size_t kFirstReadBytes = 4096;
constexpr std::size_t kBodyPieceBytes = 64 * 1024;  // the most a sink is fed at once
constexpr std::chrono::milliseconds kShutdownTimeout{1'000};
constexpr std::chrono::milliseconds kLingerTimeout{2'000};
constexpr std::size_t kLingerBytesMax = 1024 * 1024;

// Handlers and sinks return problems for every failure they foresee; an exception from one is a bug,
// which must not cross into Asio nor take the server down. Called inside a catch block.
Response handler_threw(const Route& route, unsigned version) {
    try {
        throw;
    } catch (const std::exception& e) {
        log::error("mgmt.handler_threw", {log::kv("route", route.path), log::kv("what", e.what())});
    } catch (...) {
        log::error("mgmt.handler_threw", {log::kv("route", route.path)});
    }
    return problem(ProblemKind::internal, "the handler failed", version, false);
}

std::string common_name_of(X509* certificate) {
    if (certificate == nullptr) return {};
    std::array<char, 256> name{};
    const int length = X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, name.data(),
                                                 static_cast<int>(name.size()));
    return length > 0 ? std::string(name.data(), static_cast<std::size_t>(length)) : std::string();
}
}  // namespace

HttpSession::HttpSession(Socket socket, net::ssl::context& tls, Server::State& state, std::string address,
                         std::shared_ptr<const Authenticate> authenticate)
    : stream_(Stream(std::move(socket)), tls),
      state_(state),
      address_(std::move(address)),
      authenticate_(std::move(authenticate)) {
    state_.sessions.insert(this);
}

HttpSession::~HttpSession() {
    abort_sink();  // a stream cut off by the server's stop, whose last read never completed
    state_.sessions.erase(this);
    state_.gate.release(address_);
    state_.count([](ServerCounters& c) { --c.connections_open; });
}

void HttpSession::start() {
    beast::get_lowest_layer(stream_).expires_after(state_.limits.handshake_timeout_ms);
    stream_.async_handshake(net::ssl::stream_base::server,
                            beast::bind_front_handler(&HttpSession::on_handshake, shared_from_this()));
}

void HttpSession::drain() {
    closing_ = true;
    if (idle_) close_now();
}

void HttpSession::close_now() {
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).close();
}

void HttpSession::on_handshake(error_code ec) {
    if (ec) {
        state_.count([&](ServerCounters& c) {
            ++c.handshakes_failed;
            if (ec == beast::error::timeout) ++c.timeouts;
        });
        log::debug("mgmt.tls_handshake_failed", {log::kv("reason", ec.message())});
        return;  // the stream closes with this session
    }
    await_request();
}

// Waits for the first bytes of the next request under the idle deadline (the header deadline for
// the first request), so that the header deadline runs from the moment the client starts sending.
void HttpSession::await_request() {
    route_ = nullptr;
    caller_ = {};
    route_label_ = "unmatched";
    if (closing_ || state_.draining) return shut_down();
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    idle_ = true;
    beast::get_lowest_layer(stream_).expires_after(first_request_ ? state_.limits.header_timeout_ms
                                                                  : state_.limits.idle_timeout_ms);
    first_request_ = false;
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            beast::bind_front_handler(&HttpSession::on_first_bytes, shared_from_this()));
}

void HttpSession::on_first_bytes(error_code ec, std::size_t bytes) {
    idle_ = false;
    if (ec) return on_read_failure(ec);
    buffer_.commit(bytes);
    read_header();
}

void HttpSession::read_header() {
    request_started_ = std::chrono::steady_clock::now();
    method_ = http::verb::unknown;
    version_ = 11;
    stream_parser_.reset();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_.limits.header_bytes_max));
    // Beast checks a Content-Length against the body limit as the header ends, before the route is
    // known; the route's own limit is set and checked in on_header.
    parser_->body_limit(boost::none);
    beast::get_lowest_layer(stream_).expires_after(state_.limits.header_timeout_ms);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(error_code ec) {
    if (ec) return on_read_failure(ec);
    const Request& request = parser_->get();
    method_ = request.method();
    version_ = request.version();
    const Target target = split_target(request.target());
    route_label_ = state_.routes.label_for(target.path);
    const RouteMatch match = state_.routes.match(request.method(), target.path);
    if (match.kind == RouteMatch::Kind::not_found) return refuse(ProblemKind::not_found, "no such route");
    if (match.kind == RouteMatch::Kind::method_not_allowed) {
        Response response = problem(ProblemKind::method_not_allowed, "this route takes " + match.allowed_methods,
                                    request.version(), false);
        response.set(http::field::allow, match.allowed_methods);
        closing_ = true;
        return respond(std::move(response));
    }
    route_ = match.route;
    if (route_->role != Role::anonymous) {
        Result<std::optional<Caller>> authenticated = authenticate(request);
        if (!authenticated) {
            log::error("mgmt.authentication_failed", {log::kv("reason", authenticated.error().to_string())});
            return refuse(ProblemKind::unavailable, "credentials cannot be checked now; try again later");
        }
        std::optional<Caller> caller = std::move(authenticated).value();
        if (!caller) {
            Response response = problem(ProblemKind::unauthenticated, "this route needs a valid credential",
                                        request.version(), false);
            response.set(http::field::www_authenticate, "Bearer realm=\"ktp-kiosk\"");
            closing_ = true;
            return respond(std::move(response));
        }
        if (!role_allows(caller->role, route_->role))
            return refuse(ProblemKind::forbidden, std::string("this route needs the ") + role_name(route_->role) +
                                                      " role");
        caller_ = std::move(*caller);
    }
    const bool unlimited = route_->body_limit_bytes == kNoBodyLimit;
    if (unlimited) {
        parser_->body_limit(boost::none);
    } else {
        parser_->body_limit(route_->body_limit_bytes);
    }
    if (!parser_->is_done()) {
        if (route_->body_limit_bytes == 0) return refuse(ProblemKind::payload_too_large, "this route takes no body");
        if (const auto length = parser_->content_length(); !unlimited && length && *length > route_->body_limit_bytes)
            return refuse(ProblemKind::payload_too_large,
                          "this route takes at most " + std::to_string(route_->body_limit_bytes) + " bytes");
    }
    // Read before a streamed route's parser takes the header over (and `request` is moved from).
    const bool expects_continue = beast::iequals(request[http::field::expect], "100-continue");
    if (route_->open_sink) {
        auto opened = [&]() -> Result<std::unique_ptr<BodySink>, Response> {
            try {
                return route_->open_sink(RequestContext{request, caller_, target.path, target.query, address_});
            } catch (...) {
                return fail(handler_threw(*route_, version_));
            }
        }();
        if (!opened) {
            // Refused before the body is read: the connection cannot carry another request.
            closing_ = true;
            return respond(opened.error());
        }
        sink_ = std::move(opened).value();
        VERIFY_MSG(sink_ != nullptr, "open_sink gave no sink");
        if (parser_->is_done()) return end_stream();
        stream_parser_.emplace(std::move(*parser_));
    } else if (parser_->is_done()) {
        return on_body({});
    }
    if (expects_continue) {
        auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, version_);
        beast::get_lowest_layer(stream_).expires_after(state_.limits.write_timeout_ms);
        http::async_write(stream_, *interim, [self = shared_from_this(), interim](error_code write_ec, std::size_t) {
            self->on_continue_sent(write_ec);
        });
        return;
    }
    start_body();
}

void HttpSession::on_continue_sent(error_code ec) {
    if (ec) {
        abort_sink();
        return on_read_failure(ec);
    }
    start_body();
}

void HttpSession::start_body() {
    if (stream_parser_) return read_body_piece();
    read_body();
}

void HttpSession::read_body() {
    beast::get_lowest_layer(stream_).expires_after(state_.limits.body_timeout_ms);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpSession::on_body(error_code ec) {
    if (ec) return on_read_failure(ec);
    Request request = parser_->release();
    const Target target = split_target(request.target());
    const bool keep_alive = request.keep_alive() && !closing_ && !state_.draining;
    Response response;
    try {
        response = route_->handler(RequestContext{request, caller_, target.path, target.query, address_});
    } catch (...) {
        response = handler_threw(*route_, version_);
    }
    response.version(request.version());
    response.keep_alive(keep_alive);
    if (!keep_alive) closing_ = true;
    respond(std::move(response));
}

// One read of a streamed body: whatever has arrived, up to one piece, under the progress deadline
// (the time since the last bytes, not since the body began: see ServerLimits).
void HttpSession::read_body_piece() {
    if (body_piece_.empty()) body_piece_.resize(kBodyPieceBytes);
    auto& body = stream_parser_->get().body();
    body.data = body_piece_.data();
    body.size = body_piece_.size();
    body.more = true;
    beast::get_lowest_layer(stream_).expires_after(state_.limits.body_progress_timeout_ms);
    http::async_read_some(stream_, buffer_, *stream_parser_,
                          [self = shared_from_this()](error_code ec, std::size_t) { self->on_body_piece(ec); });
}

void HttpSession::on_body_piece(error_code ec) {
    if (ec == http::error::need_buffer) ec = {};  // the piece is full: not an error
    if (ec) {
        abort_sink();
        return on_read_failure(ec);
    }
    const std::size_t filled = body_piece_.size() - stream_parser_->get().body().size;
    if (filled > 0) {
        Result<void, Response> fed;
        try {
            fed = sink_->feed(std::string_view(body_piece_.data(), filled));
        } catch (...) {
            const Response failure = handler_threw(*route_, version_);
            abort_sink();
            closing_ = true;
            return respond(failure);
        }
        if (!fed) {
            sink_.reset();  // the sink is done (BodySink::feed)
            closing_ = true;
            return respond(fed.error());
        }
    }
    if (stream_parser_->is_done()) return end_stream();
    read_body_piece();
}

// The streamed body has ended: the sink's answer.
void HttpSession::end_stream() {
    std::unique_ptr<BodySink> sink = std::move(sink_);
    Response response;
    try {
        response = sink->finish();
    } catch (...) {
        response = handler_threw(*route_, version_);
    }
    const bool request_keep_alive = stream_parser_ ? stream_parser_->get().keep_alive() : parser_->get().keep_alive();
    const bool keep_alive = request_keep_alive && !closing_ && !state_.draining;
    response.version(version_);
    response.keep_alive(keep_alive);
    if (!keep_alive) closing_ = true;
    respond(std::move(response));
}

void HttpSession::abort_sink() {
    if (!sink_) return;
    std::unique_ptr<BodySink> sink = std::move(sink_);
    try {
        sink->abort();
    } catch (...) {
        if (route_ != nullptr) (void)handler_threw(*route_, version_);
    }
}

void HttpSession::refuse(ProblemKind kind, std::string_view detail) {
    // A request refused before its body was read leaves the body on the wire: the connection cannot
    // carry another request, so it closes after the answer.
    closing_ = true;
    respond(problem(kind, detail, version_, false));
}

void HttpSession::respond(Response response) {
    response.set(http::field::strict_transport_security, "max-age=31536000");
    response.set("X-Content-Type-Options", "nosniff");
    if (response.find(http::field::cache_control) == response.end()) response.set(http::field::cache_control, "no-store");
    if (closing_ || state_.draining) response.keep_alive(false);
    response.prepare_payload();
    const bool close = !response.keep_alive();
    linger_ = close && !request_read_whole();
    const auto status = response.result_int();
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                               request_started_);
    const http::verb method = method_;
    state_.count([](ServerCounters& c) { ++c.requests; });
    if (state_.observe) {
        try {
            state_.observe(RequestRecord{route_label_, method, status, latency});
        } catch (...) {
            log::error("mgmt.observe_threw");  // accounting lost for one request; the answer still goes
        }
    }
    response_ = std::make_shared<Response>(std::move(response));
    beast::get_lowest_layer(stream_).expires_after(state_.limits.write_timeout_ms);
    http::async_write(stream_, *response_, [self = shared_from_this(), close](error_code ec, std::size_t) {
        self->on_written(ec, close);
    });
}

void HttpSession::on_written(error_code ec, bool close) {
    response_.reset();
    if (ec) {
        if (ec == beast::error::timeout) state_.count([](ServerCounters& c) { ++c.timeouts; });
        return;
    }
    if (close) return linger_ ? linger() : shut_down();
    await_request();
}

bool HttpSession::request_read_whole() const {
    if (stream_parser_) return stream_parser_->is_done();
    return parser_ && parser_->is_done();
}

// A request answered before it was read whole (refused at its header, a body over the limit, a sink
// that gave up) leaves bytes on the way: closing at once would make the kernel answer them with a
// reset, which can overtake the answer before the client reads it. So the sending side closes and
// whatever still arrives is read and dropped, for at most kLingerTimeout and kLingerBytesMax
// (nginx's lingering close), then the connection closes. No TLS close_notify: the answer is whole
// by its Content-Length.
void HttpSession::linger() {
    auto& tcp = beast::get_lowest_layer(stream_);
    error_code ignored;
    tcp.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    tcp.expires_after(kLingerTimeout);  // for all the reads below together
    lingered_bytes_ = 0;
    discard_input();
}

void HttpSession::discard_input() {
    if (body_piece_.empty()) body_piece_.resize(kBodyPieceBytes);
    beast::get_lowest_layer(stream_).async_read_some(
        net::buffer(body_piece_), [self = shared_from_this()](error_code ec, std::size_t bytes) {
            self->lingered_bytes_ += bytes;
            if (ec || self->lingered_bytes_ >= kLingerBytesMax) return self->close_now();
            self->discard_input();
        });
}

void HttpSession::shut_down() {
    beast::get_lowest_layer(stream_).expires_after(kShutdownTimeout);
    stream_.async_shutdown([self = shared_from_this()](error_code) { self->close_now(); });
}

void HttpSession::on_read_failure(error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::ssl::error::stream_truncated ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::eof)
        return;
    if (ec == beast::error::timeout) {
        state_.count([](ServerCounters& c) { ++c.timeouts; });
        return;  // tcp_stream closed the socket
    }
    if (ec == http::error::header_limit) return refuse(ProblemKind::header_too_large, "the request header is too large");
    if (ec == http::error::body_limit) return refuse(ProblemKind::payload_too_large, "the body is larger than this route takes");
    if (ec == http::error::partial_message) return;  // the client went away in the middle
    if (ec.category() == http::make_error_code(http::error::bad_target).category())
        return refuse(ProblemKind::bad_request, "the request is not valid HTTP/1.1: " + ec.message());
    log::debug("mgmt.connection_failed", {log::kv("reason", ec.message())});
}

// The application's authenticator, with nothing it throws reaching Asio (an exception there would end
// the server's thread and with it the process).
Result<std::optional<Caller>> HttpSession::authenticate(const Request& request) {
    if (!authenticate_ || !*authenticate_) return std::optional<Caller>{};
    try {
        return (*authenticate_)(request, peer());
    } catch (...) {
        return fail("mgmt.authenticate", "the authenticator threw");
    }
}

Peer HttpSession::peer() {
    Peer p;
    p.address = address_;
    SSL* ssl = stream_.native_handle();
    if (X509* certificate = SSL_get1_peer_certificate(ssl)) {
        p.client_certificate_verified = SSL_get_verify_result(ssl) == X509_V_OK;
        p.certificate_common_name = common_name_of(certificate);
        X509_free(certificate);
    }
    return p;
}

}  // namespace kiosk::mgmt
