// The process that tests/system/event_feed_kill_test.cpp kills with SIGKILL at random instants: the
// kiosk's event feed (kiosk/app/event_feed.hpp, its own connection to the database) and a central
// system that pulls from it, both in this one process, so that a kill lands anywhere in a pull, an
// ack or a purge, on either side.
//
//   event_feed_kill_child DB DELIVERIES CURSOR_FILE [--drain]
//
// The central side keeps the state a real central system keeps, in files that outlive the kill:
// DELIVERIES, one NDJSON line per event received ({"id", "cursor", "kind", "payload"}), appended
// before the ack; CURSOR_FILE, the next page's `after`, replaced (write and rename) after the ack.
// A line a kill cut short is dropped at the next start, as a central system's own recovery would.
// It loops until killed; with --drain it stops, exit 0, once every event is delivered and acknowledged.
//
// Requests go through the route table's handlers in process (Transport below): the same handlers,
// query parsing and JSON that HTTPS serves, without the socket. To point the test at the real route,
// replace Transport with an HTTPS client holding a client certificate (tests/kiosk/mgmt/https_client.hpp)
// against a kiosk's central listener, and kill the kiosk instead of this process.
#include "kiosk/app/event_feed.hpp"
#include "kiosk/mgmt/event_routes.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

namespace {

namespace json = boost::json;
namespace mgmt = kiosk::mgmt;

int die(const std::string& what) {
    std::fprintf(stderr, "event_feed_kill_child: %s\n", what.c_str());
    return 2;
}

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One request to the feed's routes and its response.
class Transport {
public:
    explicit Transport(mgmt::EventFeed& feed) { mgmt::add_event_routes(routes_, feed); }

    mgmt::Response call(mgmt::http::verb method, const std::string& target, const std::string& body) {
        mgmt::Request request{method, target, 11};
        if (!body.empty()) {
            request.set(mgmt::http::field::content_type, "application/json");
            request.body() = body;
            request.prepare_payload();
        }
        const mgmt::Target split = mgmt::split_target(target);
        const mgmt::RouteMatch match = routes_.match(method, split.path);
        if (match.kind != mgmt::RouteMatch::Kind::found) return mgmt::Response{mgmt::http::status::not_found, 11};
        return match.route->handler({request, caller_, split.path, split.query});
    }

private:
    mgmt::RouteTable routes_;
    mgmt::Caller caller_{mgmt::Role::central, "kill-test"};
};

// Drops a last line that a kill cut short.
bool drop_torn_tail(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return true;  // nothing received yet
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto last_newline = text.rfind('\n');
    const std::size_t keep = last_newline == std::string::npos ? 0 : last_newline + 1;
    return keep == text.size() || ::truncate(path.c_str(), static_cast<off_t>(keep)) == 0;
}

bool append_line(int fd, const std::string& line) {
    // One write per line: a kill leaves whole lines and at most one torn last line.
    return ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
}

std::int64_t read_cursor(const std::string& path) {
    std::ifstream in(path);
    std::int64_t cursor = 0;
    if (in) in >> cursor;
    return cursor;
}

bool write_cursor(const std::string& path, std::int64_t cursor) {
    const std::string temporary = path + ".new";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << cursor << '\n';
        if (!out.flush()) return false;
    }
    return std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return die("usage: event_feed_kill_child DB DELIVERIES CURSOR_FILE [--drain]");
    const std::string database = argv[1];
    const std::string deliveries = argv[2];
    const std::string cursor_file = argv[3];
    const bool drain = argc > 4 && std::strcmp(argv[4], "--drain") == 0;

    if (!drop_torn_tail(deliveries)) return die("cannot repair the deliveries file");
    const int out = ::open(deliveries.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out < 0) return die("cannot open the deliveries file");
    // Retention 0: an ack purges at once, so kills also land in purges.
    auto feed = kiosk::app::StoreEventFeed::open(database, {"kill-test", 0, unix_now_s});
    if (!feed) return die(feed.error().to_string());
    Transport transport(**feed);
    std::mt19937 random(static_cast<unsigned>(::getpid()));
    std::int64_t cursor = read_cursor(cursor_file);

    for (;;) {
        const int limit = std::uniform_int_distribution<int>(1, 7)(random);
        const auto response =
            transport.call(mgmt::http::verb::get,
                           "/api/v1/events?after=" + std::to_string(cursor) + "&limit=" + std::to_string(limit), "");
        if (response.result() != mgmt::http::status::ok) return die("page: " + response.body());
        const json::object page = json::parse(response.body()).as_object();
        const json::array& events = page.at("events").as_array();
        json::array ids;
        for (const auto& value : events) {
            const json::object& event = value.as_object();
            json::object line;
            line["id"] = event.at("id");
            line["cursor"] = event.at("cursor");
            line["kind"] = event.at("kind");
            line["payload"] = event.at("payload");
            if (!append_line(out, json::serialize(line) + "\n")) return die("cannot record a delivery");
            ids.push_back(event.at("id"));
        }
        if (!events.empty()) {
            json::object ack;
            ack["ids"] = std::move(ids);
            const auto acked = transport.call(mgmt::http::verb::post, "/api/v1/events/ack", json::serialize(ack));
            if (acked.result() != mgmt::http::status::ok) return die("ack: " + acked.body());
            cursor = page.at("next_cursor").as_int64();
            if (!write_cursor(cursor_file, cursor)) return die("cannot save the cursor");
            continue;
        }
        if (drain && !page.at("more").as_bool() && page.at("oldest_unacknowledged_cursor").is_null()) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // caught up: poll again soon
    }
}
