// The event feed's handlers as plain functions over a hand-made feed: no socket, no database.
#include "kiosk/mgmt/event_routes.hpp"

#include "kiosk/mgmt/problem.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <set>

using namespace kiosk;
using namespace kiosk::mgmt;
namespace json = boost::json;

namespace {

const std::string kHead(64, 'a');
const std::string kId1 = "00112233445566778899aabbccddeeff";
const std::string kId2 = "ffeeddccbbaa99887766554433221100";

// Answers from what the test sets; remembers what it was asked.
class FakeFeed final : public EventFeed {
public:
    EventPage next_page;
    EventAck next_ack;
    bool failing = false;
    std::vector<std::pair<std::int64_t, std::int64_t>> pages_asked;  // (after, limit)
    std::vector<std::string> acked_ids;
    Caller acked_by;
    int ack_calls = 0;

    Result<EventPage> page(std::int64_t after, std::int64_t limit) override {
        pages_asked.emplace_back(after, limit);
        if (failing) return fail("store.outbox.page_after", "database is locked (SQLITE_BUSY)");
        return next_page;
    }
    Result<EventAck> acknowledge(const std::vector<std::string>& ids, const Caller& caller) override {
        ++ack_calls;
        if (failing) return fail("store.outbox.acknowledge", "database is locked (SQLITE_BUSY)");
        acked_ids = ids;
        acked_by = caller;
        return next_ack;
    }
};

EventPage two_events() {
    EventPage page;
    page.kiosk_id = "kiosk-07";
    page.events = {FeedEvent{kId1, 11, "card.picked_up", 1'767'225'600, 1'767'225'700, R"({"nik":"3171014101900001"})"},
                   FeedEvent{kId2, 14, "card.captured", 1'767'225'601, std::nullopt, R"({"slot":2})"}};
    page.more = true;
    page.last_cursor = 20;
    page.oldest_unacknowledged_cursor = 14;
    page.audit_head = {77, kHead};
    return page;
}

struct Call {
    Request request;
    Caller caller{Role::central, "dukcapil-sync"};
    std::string target;

    explicit Call(http::verb method, std::string target_text)
        : request{method, target_text, 11}, target(std::move(target_text)) {}
    RequestContext context() const {
        const Target split = split_target(target);
        return {request, caller, split.path, split.query};
    }
};

Response get_page(FakeFeed& feed, const std::string& target) {
    Call call(http::verb::get, target);
    return handle_events_page(call.context(), feed);
}

Response post_ack(FakeFeed& feed, const std::string& body, const std::string& content_type = "application/json") {
    Call call(http::verb::post, "/api/v1/events/ack");
    if (!content_type.empty()) call.request.set(http::field::content_type, content_type);
    call.request.body() = body;
    call.request.prepare_payload();
    return handle_events_ack(call.context(), feed);
}

json::object body_of(const Response& response) {
    return json::parse(response.body()).as_object();
}

// The problem's type slug and detail, checking that it is a problem at all.
std::pair<std::string, std::string> problem_of(const Response& response) {
    REQUIRE(response[http::field::content_type] == "application/problem+json");
    const auto body = body_of(response);
    CHECK(body.at("status").as_int64() == response.result_int());
    const std::string type(body.at("type").as_string());
    return {type.substr(type.rfind('/') + 1), std::string(body.at("detail").as_string())};
}

}  // namespace

TEST_CASE("a page: after and limit default to 0 and 100 and reach the feed as given") {
    FakeFeed feed;
    feed.next_page = two_events();
    CHECK(get_page(feed, "/api/v1/events").result() == http::status::ok);
    CHECK(get_page(feed, "/api/v1/events?after=12&limit=1000").result() == http::status::ok);
    CHECK(get_page(feed, "/api/v1/events?limit=1&after=0").result() == http::status::ok);
    CHECK(get_page(feed, "/api/v1/events?after=%31%32").result() == http::status::ok);  // percent-encoded 12
    REQUIRE(feed.pages_asked.size() == 4);
    CHECK(feed.pages_asked[0] == std::pair<std::int64_t, std::int64_t>{0, kEventPageLimitDefault});
    CHECK(feed.pages_asked[1] == std::pair<std::int64_t, std::int64_t>{12, 1000});
    CHECK(feed.pages_asked[2] == std::pair<std::int64_t, std::int64_t>{0, 1});
    CHECK(feed.pages_asked[3].first == 12);
    CHECK(kEventPageLimitDefault == 100);
    CHECK(kEventPageLimitMax == 1000);
}

TEST_CASE("bad after and limit values are 400 invalid-query-parameter naming the parameter, and reach no feed") {
    FakeFeed feed;
    feed.next_page = two_events();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"after=-1", "'after'"},   {"after=abc", "'after'"},
        {"after=", "'after'"},     {"after", "'after'"},
        {"after=1.5", "'after'"},  {"after=+3", "'after'"},
        {"after=%2B3", "'after'"}, {"after=99999999999999999999", "'after'"},
        {"after=0x10", "'after'"}, {"after=1&after=2", "'after'"},
        {"limit=0", "'limit'"},    {"limit=1001", "'limit'"},
        {"limit=-5", "'limit'"},   {"limit=ten", "'limit'"},
        {"limit=", "'limit'"},     {"limit=5&limit=5", "'limit'"},
        {"cursor=5", "'cursor'"},  {"after=1&Limit=5", "'Limit'"},
        {"after=%zz", "'%'"},
    };
    for (const auto& [query, named] : cases) {
        INFO(query);
        const Response response = get_page(feed, "/api/v1/events?" + query);
        CHECK(response.result() == http::status::bad_request);
        const auto [slug, detail] = problem_of(response);
        CHECK(slug == "invalid-query-parameter");
        CHECK(detail.find(named) != std::string::npos);
    }
    // A name that is not ours to quote back is not quoted.
    const auto [slug, detail] = problem_of(get_page(feed, "/api/v1/events?%22%0A=1"));
    CHECK(slug == "invalid-query-parameter");
    CHECK(detail.find('\n') == std::string::npos);
    CHECK(feed.pages_asked.empty());
}

TEST_CASE("the page's shape: kiosk id, events with their payloads as JSON, cursors, the audit head") {
    FakeFeed feed;
    feed.next_page = two_events();
    const Response response = get_page(feed, "/api/v1/events?after=10&limit=2");
    REQUIRE(response.result() == http::status::ok);
    CHECK(response[http::field::content_type] == "application/json");
    const auto body = body_of(response);
    CHECK(body.size() == 6);
    CHECK(body.at("kiosk_id").as_string() == "kiosk-07");
    const auto& events = body.at("events").as_array();
    REQUIRE(events.size() == 2);
    const auto& first = events[0].as_object();
    CHECK(first.size() == 6);
    CHECK(first.at("id").as_string() == kId1);
    CHECK(first.at("cursor").as_int64() == 11);
    CHECK(first.at("kind").as_string() == "card.picked_up");
    CHECK(first.at("created_at").as_int64() == 1'767'225'600);
    CHECK(first.at("acknowledged_at").as_int64() == 1'767'225'700);
    CHECK(first.at("payload").as_object().at("nik").as_string() == "3171014101900001");
    CHECK(events[1].as_object().at("acknowledged_at").is_null());
    CHECK(events[1].as_object().at("payload").as_object().at("slot").as_int64() == 2);
    CHECK(body.at("next_cursor").as_int64() == 14);  // the last event's
    CHECK(body.at("more").as_bool() == true);
    CHECK(body.at("oldest_unacknowledged_cursor").as_int64() == 14);
    const auto& head = body.at("audit_head").as_object();
    CHECK(head.at("id").as_int64() == 77);
    CHECK(head.at("hash").as_string() == kHead);
}

TEST_CASE("an empty page keeps the cursor where it was and still carries the audit head") {
    FakeFeed feed;
    feed.next_page.kiosk_id = "kiosk-07";
    feed.next_page.last_cursor = 30;
    feed.next_page.audit_head = {5, kHead};
    const auto body = body_of(get_page(feed, "/api/v1/events?after=30"));
    CHECK(body.at("events").as_array().empty());
    CHECK(body.at("next_cursor").as_int64() == 30);
    CHECK(body.at("more").as_bool() == false);
    CHECK(body.at("oldest_unacknowledged_cursor").is_null());
    CHECK(body.at("audit_head").as_object().at("id").as_int64() == 5);
}

TEST_CASE("a cursor past every cursor handed out is 409 event-cursor-ahead; a store failure is 503") {
    FakeFeed feed;
    feed.next_page.last_cursor = 30;
    const Response ahead = get_page(feed, "/api/v1/events?after=31");
    CHECK(ahead.result() == http::status::conflict);
    const auto [slug, detail] = problem_of(ahead);
    CHECK(slug == "event-cursor-ahead");
    CHECK(detail.find("30") != std::string::npos);

    feed.failing = true;
    const Response failed = get_page(feed, "/api/v1/events");
    CHECK(failed.result() == http::status::service_unavailable);
    CHECK(problem_of(failed).first == "unavailable");
    CHECK(problem_of(failed).second.find("SQLITE") == std::string::npos);  // the store's words stay in the log
}

TEST_CASE("a payload that is not JSON (a hand-edited file) is a 500, not a broken page") {
    FakeFeed feed;
    feed.next_page = two_events();
    feed.next_page.events[1].payload_json = "{not json";
    const Response response = get_page(feed, "/api/v1/events");
    CHECK(response.result() == http::status::internal_server_error);
    CHECK(problem_of(response).second.find("cursor 14") != std::string::npos);
}

TEST_CASE("an ack: the ids and the caller reach the feed; the counts come back") {
    FakeFeed feed;
    feed.next_ack = {2, 1, 0};
    const Response response = post_ack(feed, R"({"ids": [")" + kId1 + R"(", ")" + kId2 + R"(", ")" + kId1 + R"("]})");
    REQUIRE(response.result() == http::status::ok);
    CHECK(response[http::field::content_type] == "application/json");
    const auto body = body_of(response);
    CHECK(body.size() == 3);
    CHECK(body.at("acknowledged").as_int64() == 2);
    CHECK(body.at("already_acknowledged").as_int64() == 1);
    CHECK(body.at("unknown").as_int64() == 0);
    CHECK(feed.acked_ids == std::vector<std::string>{kId1, kId2, kId1});
    CHECK(feed.acked_by.role == Role::central);
    CHECK(feed.acked_by.name == "dukcapil-sync");
    // An empty list is a valid ack of nothing; a charset parameter is fine.
    CHECK(post_ack(feed, R"({"ids": []})", "Application/JSON; charset=utf-8").result() == http::status::ok);
    CHECK(feed.acked_ids.empty());
}

TEST_CASE("ack bodies that are not {\"ids\": [event ids]} are 400 invalid-event-ack saying where; nothing is acked") {
    FakeFeed feed;
    std::string too_many = R"({"ids": [)";
    for (std::size_t i = 0; i <= kEventAckIdsMax; ++i) too_many += (i ? ",\"" : "\"") + kId1 + "\"";
    too_many += "]}";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "not JSON"},
        {"{\"ids\": [", "not JSON"},
        {"[]", "object"},
        {"{}", "no ids"},
        {R"({"ids": "x"})", "array"},
        {R"({"ids": [1]})", "ids[0]"},
        {R"({"ids": [")" + kId1 + R"(", "ABCDEF00112233445566778899aabbcc"]})", "ids[1]"},
        {R"({"ids": ["0011"]})", "ids[0]"},
        {R"({"ids": [null]})", "ids[0]"},
        {R"({"ids": [], "cursor": 5})", "'cursor'"},
        {too_many, "at most 1000"},
    };
    for (const auto& [body, says] : cases) {
        INFO(body.substr(0, 80));
        const Response response = post_ack(feed, body);
        CHECK(response.result() == http::status::bad_request);
        const auto [slug, detail] = problem_of(response);
        CHECK(slug == "invalid-event-ack");
        CHECK(detail.find(says) != std::string::npos);
    }
    for (const std::string type : {"", "text/plain", "application/jsonx", "application/x-ndjson"}) {
        INFO(type);
        const Response response = post_ack(feed, R"({"ids": []})", type);
        CHECK(response.result() == http::status::unsupported_media_type);
        CHECK(problem_of(response).first == "unsupported-media-type");
    }
    CHECK(feed.ack_calls == 0);
    feed.failing = true;
    const Response failed = post_ack(feed, R"({"ids": []})");
    CHECK(failed.result() == http::status::service_unavailable);
    CHECK(problem_of(failed).first == "unavailable");
}

TEST_CASE("the routes: both for the central role, a body only on the ack, within its limit") {
    FakeFeed feed;
    RouteTable routes;
    add_event_routes(routes, feed);
    const auto page = routes.match(http::verb::get, "/api/v1/events");
    REQUIRE(page.kind == RouteMatch::Kind::found);
    CHECK(page.route->role == Role::central);
    CHECK(page.route->body_limit_bytes == 0);
    const auto ack = routes.match(http::verb::post, "/api/v1/events/ack");
    REQUIRE(ack.kind == RouteMatch::Kind::found);
    CHECK(ack.route->role == Role::central);
    CHECK(ack.route->body_limit_bytes == kEventAckBodyLimitBytes);
    // The largest valid ack fits the limit: 1000 ids of 32 digits, quoted and separated.
    CHECK(kEventAckIdsMax * 35 + 16 < kEventAckBodyLimitBytes);
    CHECK_FALSE(role_allows(Role::operator_, page.route->role));
    // The handlers bound in are the feed's.
    feed.next_page.last_cursor = 0;
    Call call(http::verb::get, "/api/v1/events");
    CHECK(page.route->handler(call.context()).result() == http::status::ok);
    CHECK(feed.pages_asked.size() == 1);
}

TEST_CASE("the feed's problem kinds: each its own type URI and status") {
    std::set<std::string> uris;
    for (const auto kind : {ProblemKind::invalid_query_parameter, ProblemKind::invalid_event_ack,
                            ProblemKind::event_cursor_ahead, ProblemKind::bad_request, ProblemKind::conflict})
        uris.insert(problem_type_uri(kind));
    CHECK(uris.size() == 5);
    CHECK(problem_status(ProblemKind::invalid_query_parameter) == http::status::bad_request);
    CHECK(problem_status(ProblemKind::invalid_event_ack) == http::status::bad_request);
    CHECK(problem_status(ProblemKind::event_cursor_ahead) == http::status::conflict);
    CHECK(problem_type_uri(ProblemKind::event_cursor_ahead) == "https://ktp-kiosk.example/problems/event-cursor-ahead");
}
