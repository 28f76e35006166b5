#include "tests/system/event_feed_kill_central.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <thread>
#include <vector>

namespace kiosk::testing::feed_kill {

namespace json = boost::json;

namespace {

constexpr const char* kWhere = "central";

Result<json::object> parse_object(const std::string& body, const char* what) {
    boost::system::error_code ec;
    json::value parsed = json::parse(body, ec);
    if (ec || !parsed.is_object()) return fail(kWhere, std::string(what) + " is not a JSON object: " + body);
    return std::move(parsed.as_object());
}

Result<std::int64_t> integer_at(const json::object& object, std::string_view key, const char* what) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || !value->is_int64())
        return fail(kWhere, std::string(what) + " has no integer " + std::string(key));
    return value->as_int64();
}

Result<std::string> string_at(const json::object& object, std::string_view key, const char* what) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || !value->is_string())
        return fail(kWhere, std::string(what) + " has no string " + std::string(key));
    return std::string(value->as_string());
}

struct Page {
    std::vector<ReceivedEvent> events;
    std::int64_t next_cursor = 0;
    FeedState state;
};

// An EventPage (docs/api/openapi.json) after `after`: its events in cursor order above `after`, and
// next_cursor the last one's (`after` on an empty page).
Result<Page> parse_page(const std::string& body, std::int64_t after) {
    const json::object object = TRY(parse_object(body, "the page"));
    Page page;
    page.next_cursor = TRY(integer_at(object, "next_cursor", "the page"));
    const json::value* more = object.if_contains("more");
    const json::value* events = object.if_contains("events");
    const json::value* oldest = object.if_contains("oldest_unacknowledged_cursor");
    if (more == nullptr || !more->is_bool() || events == nullptr || !events->is_array() || oldest == nullptr ||
        !(oldest->is_null() || oldest->is_int64())) {
        return fail(kWhere, "the page is not an EventPage: " + body);
    }
    page.state.more = more->as_bool();
    if (oldest->is_int64()) page.state.oldest_unacknowledged_cursor = oldest->as_int64();
    std::int64_t previous = after;
    for (const json::value& item : events->as_array()) {
        if (!item.is_object()) return fail(kWhere, "an event is not an object");
        const json::object& event = item.as_object();
        ReceivedEvent received;
        received.id = TRY(string_at(event, "id", "an event"));
        received.cursor = TRY(integer_at(event, "cursor", "an event"));
        received.kind = TRY(string_at(event, "kind", "an event"));
        const json::value* payload = event.if_contains("payload");
        if (payload == nullptr || !payload->is_object()) return fail(kWhere, "an event has no payload object");
        received.payload = *payload;
        if (received.cursor <= previous) {
            return fail(kWhere, "cursor " + std::to_string(received.cursor) + " after " + std::to_string(previous) +
                                    " in a page after " + std::to_string(after));
        }
        previous = received.cursor;
        page.events.push_back(std::move(received));
    }
    if (page.next_cursor != previous) {
        return fail(kWhere, "next_cursor " + std::to_string(page.next_cursor) + ", the page ends at " +
                                std::to_string(previous));
    }
    return page;
}

}  // namespace

std::string_view kill_point_name(KillPoint point) {
    switch (point) {
        case KillPoint::none: return "none";
        case KillPoint::before_request: return "before_request";
        case KillPoint::in_pull: return "in_pull";
        case KillPoint::mid_response: return "mid_response";
        case KillPoint::between_pull_and_ack: return "between_pull_and_ack";
        case KillPoint::in_ack: return "in_ack";
        case KillPoint::after_ack_response: return "after_ack_response";
    }
    return "?";
}

Result<RoundResult> CentralSystem::round(std::uint16_t port, std::int64_t limit, const KillPlan& plan) {
    RoundResult result;
    const auto kill_at = [&](KillPoint point) {
        if (point == KillPoint::none || plan.at != point || result.killed) return;
        if (point == KillPoint::in_pull || point == KillPoint::in_ack) std::this_thread::sleep_for(plan.delay);
        plan.kill();
        result.killed = true;
    };
    const auto broken = [&](std::string failure) {
        connection_.reset();
        result.outcome = RoundOutcome::failed;
        result.failure = std::move(failure);
        return result;
    };
    // One request and its whole response, with the kill points around it; what failed, or "".
    const auto exchange = [&](const FeedConnection::Request& request, KillPoint in_flight, KillPoint mid_response,
                              std::chrono::microseconds& took) -> std::string {
        const std::string name = std::string(request.method_string()) + " " + std::string(request.target());
        const auto sent = std::chrono::steady_clock::now();
        if (const error_code ec = connection_->send(request)) return name + ": sending: " + ec.message();
        kill_at(in_flight);
        if (const error_code ec = connection_->read_header()) return name + ": the header: " + ec.message();
        kill_at(mid_response);
        if (const error_code ec = connection_->read_body()) return name + ": the body: " + ec.message();
        if (result.killed) result.answered_after_kill = true;
        took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - sent);
        return {};
    };

    if (connection_ && connection_port_ != port) connection_.reset();
    if (!connection_) {
        connection_ = std::make_unique<FeedConnection>(tls_, deadline_);
        connection_port_ = port;
        if (const error_code ec = connection_->connect(port)) return broken("connecting: " + ec.message());
    }
    kill_at(KillPoint::before_request);
    const std::string target = "/api/v1/events?after=" + std::to_string(cursor_) + "&limit=" + std::to_string(limit);
    if (auto failure = exchange(feed_request(http::verb::get, target), KillPoint::in_pull, KillPoint::mid_response,
                                result.pull_took);
        !failure.empty()) {
        return broken(std::move(failure));
    }
    const auto& pulled = connection_->response();
    if (pulled.result() != http::status::ok) {
        return fail(kWhere, "GET " + target + ": " + std::to_string(pulled.result_int()) + " " + pulled.body());
    }
    Page page = TRY(parse_page(pulled.body(), cursor_));
    feed_state_ = page.state;
    json::array ids;
    for (ReceivedEvent& event : page.events) {
        ids.emplace_back(event.id);
        record_.deliveries.push_back(std::move(event));  // stored before the ack, as the document says
    }
    if (ids.empty()) {
        result.outcome = RoundOutcome::caught_up;
        return result;
    }

    kill_at(KillPoint::between_pull_and_ack);
    json::object ack;
    const std::size_t sent = ids.size();
    ack["ids"] = std::move(ids);
    if (auto failure = exchange(feed_request(http::verb::post, "/api/v1/events/ack", json::serialize(ack)),
                                KillPoint::in_ack, KillPoint::none, result.ack_took);
        !failure.empty()) {
        return broken(std::move(failure));
    }
    const auto& acked = connection_->response();
    if (acked.result() != http::status::ok) {
        return fail(kWhere, "POST /api/v1/events/ack: " + std::to_string(acked.result_int()) + " " + acked.body());
    }
    const json::object counts = TRY(parse_object(acked.body(), "the ack's answer"));
    const std::int64_t acknowledged = TRY(integer_at(counts, "acknowledged", "the ack's answer"));
    const std::int64_t already = TRY(integer_at(counts, "already_acknowledged", "the ack's answer"));
    const std::int64_t unknown = TRY(integer_at(counts, "unknown", "the ack's answer"));
    // Nothing is purged within the retention period (7 days), so every id just delivered is known.
    if (unknown != 0 || acknowledged + already != static_cast<std::int64_t>(sent)) {
        return fail(kWhere, "the ack of " + std::to_string(sent) + " delivered ids answered " + acked.body());
    }
    for (const json::value& id : ack.at("ids").as_array()) {
        record_.acked_at_delivery.emplace(std::string(id.as_string()), record_.deliveries.size());
    }
    cursor_ = page.next_cursor;
    kill_at(KillPoint::after_ack_response);
    result.outcome = RoundOutcome::acknowledged;
    return result;
}

}  // namespace kiosk::testing::feed_kill
