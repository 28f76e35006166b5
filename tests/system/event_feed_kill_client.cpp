#include "tests/system/event_feed_kill_client.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>

namespace kiosk::testing::feed_kill {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

FeedConnection::FeedConnection(std::shared_ptr<net::ssl::context> context, std::chrono::milliseconds deadline)
    : context_(std::move(context)), deadline_(deadline), stream_(io_, *context_) {}

error_code FeedConnection::connect(std::uint16_t port) {
    error_code ec;
    beast::get_lowest_layer(stream_).async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                                   [&](error_code e) { ec = e; });
    if (!run()) return beast::error::timeout;
    if (ec) return ec;
    stream_.set_verify_mode(net::ssl::verify_peer);
    stream_.set_verify_callback(net::ssl::host_name_verification("127.0.0.1"));
    stream_.async_handshake(net::ssl::stream_base::client, [&](error_code e) { ec = e; });
    if (!run()) return beast::error::timeout;
    return ec;
}

error_code FeedConnection::send(const Request& request) {
    error_code ec;
    http::async_write(stream_, request, [&](error_code e, std::size_t) { ec = e; });
    if (!run()) return beast::error::timeout;
    return ec;
}

error_code FeedConnection::read_header() {
    error_code ec;
    parser_.emplace();
    http::async_read_header(stream_, buffer_, *parser_, [&](error_code e, std::size_t) { ec = e; });
    if (!run()) return beast::error::timeout;
    return ec;
}

error_code FeedConnection::read_body() {
    error_code ec;
    http::async_read(stream_, buffer_, *parser_, [&](error_code e, std::size_t) { ec = e; });
    if (!run()) return beast::error::timeout;
    return ec;
}

const FeedConnection::Response& FeedConnection::response() const {
    return parser_->get();
}

bool FeedConnection::run() {
    io_.restart();
    io_.run_for(deadline_);
    if (io_.stopped()) return true;
    // The deadline: close the socket so that the operation completes (with an error), and let it.
    beast::get_lowest_layer(stream_).close();
    io_.restart();
    io_.run_for(std::chrono::seconds(1));
    return false;
}

FeedConnection::Request feed_request(http::verb method, std::string target, std::string body) {
    FeedConnection::Request request{method, std::move(target), 11};
    request.set(http::field::host, "127.0.0.1");
    if (!body.empty()) {
        request.set(http::field::content_type, "application/json");
        request.body() = std::move(body);
    }
    request.prepare_payload();
    return request;
}

}  // namespace kiosk::testing::feed_kill
