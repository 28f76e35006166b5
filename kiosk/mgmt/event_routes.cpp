#include "kiosk/mgmt/event_routes.hpp"

#include "kiosk/mgmt/json_response.hpp"

#include "kiosk/log/log.hpp"
#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/query_string.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <limits>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;

struct PageQuery {
    std::int64_t after = 0;
    std::int64_t limit = kEventPageLimitDefault;
};

Response refuse(const RequestContext& context, ProblemKind kind, std::string_view detail) {
    return problem(kind, detail, context.request.version(), context.request.keep_alive());
}

std::string quoted_name(std::string_view name) {
    return quotable(name) ? "'" + std::string(name) + "'" : std::string("(a name not quoted here)");
}

// The page's query, or the problem that names what is wrong with it.
Result<PageQuery, std::string> page_query(std::string_view query) {
    const auto parameters = parse_query(query);
    if (!parameters) return fail(std::string("the query has a '%' that is not followed by two hex digits"));
    PageQuery parsed;
    bool seen_after = false;
    bool seen_limit = false;
    for (const QueryParameter& parameter : *parameters) {
        const bool is_after = parameter.name == "after";
        if (!is_after && parameter.name != "limit")
            return fail("unknown query parameter " + quoted_name(parameter.name) +
                        "; this route takes after and limit");
        bool& seen = is_after ? seen_after : seen_limit;
        if (seen) return fail("query parameter '" + parameter.name + "' is given more than once");
        seen = true;
        if (is_after) {
            const auto after = parse_decimal(parameter.value, 0, std::numeric_limits<std::int64_t>::max());
            if (!after) return fail(std::string("query parameter 'after' must be a cursor: a whole number from 0"));
            parsed.after = *after;
        } else {
            const auto limit = parse_decimal(parameter.value, 1, kEventPageLimitMax);
            if (!limit)
                return fail("query parameter 'limit' must be a whole number from 1 to " +
                            std::to_string(kEventPageLimitMax));
            parsed.limit = *limit;
        }
    }
    return parsed;
}

json::value optional_int(const std::optional<std::int64_t>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

Response store_unavailable(const RequestContext& context, const Error& error) {
    log::error("mgmt.events_store_failed", {log::kv("route", context.path), log::kv("reason", error.to_string())});
    return refuse(context, ProblemKind::unavailable, "the event store cannot be read now; try again later");
}

bool is_event_id(std::string_view text) {
    if (text.size() != 32) return false;
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// The ids of an ack body, or the words that say where it is wrong.
Result<std::vector<std::string>, std::string> ack_ids(std::string_view body) {
    boost::system::error_code parse_error;
    const json::value parsed = json::parse(body, parse_error);
    if (parse_error) return fail("the body is not JSON (" + parse_error.message() + ")");
    const json::object* object = parsed.if_object();
    if (object == nullptr) return fail(std::string(R"(the body must be an object: {"ids": [...]})"));
    for (const auto& member : *object)
        if (member.key() != "ids") return fail("unknown member " + quoted_name(member.key()) + "; the body takes ids");
    const auto found = object->find("ids");
    if (found == object->end()) return fail(std::string("the body has no ids"));
    const json::array* list = found->value().if_array();
    if (list == nullptr) return fail(std::string("ids must be an array of event ids"));
    if (list->size() > kEventAckIdsMax)
        return fail("ids holds " + std::to_string(list->size()) + " ids; at most " + std::to_string(kEventAckIdsMax) +
                    " at a time");
    std::vector<std::string> ids;
    ids.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json::string* id = (*list)[i].if_string();
        if (id == nullptr || !is_event_id(*id))
            return fail("ids[" + std::to_string(i) + "] is not an event id (32 lower-case hex digits)");
        ids.emplace_back(*id);
    }
    return ids;
}

bool is_json_media_type(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    std::string_view media = content_type.substr(0, semicolon);
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
    return boost::beast::iequals(media, "application/json");
}

}  // namespace

Response handle_events_page(const RequestContext& context, EventFeed& feed) {
    const auto query = page_query(context.query);
    if (!query) return refuse(context, ProblemKind::invalid_query_parameter, query.error());
    auto page = feed.page(query->after, query->limit);
    if (!page) return store_unavailable(context, page.error());
    if (query->after > page->last_cursor)
        return refuse(context, ProblemKind::event_cursor_ahead,
                      "after=" + std::to_string(query->after) +
                          " is past the newest cursor this kiosk has handed out (" + std::to_string(page->last_cursor) +
                          "): its outbox was reset or restored; start again from 0 and de-duplicate by id");

    json::array events;
    for (const FeedEvent& event : page->events) {
        boost::system::error_code parse_error;
        json::value payload = json::parse(event.payload_json, parse_error);
        if (parse_error) {
            // The schema refuses a payload that is not JSON; one here means the file was edited.
            log::error("mgmt.events_payload_unreadable", {log::kv("cursor", event.cursor)});
            return refuse(context, ProblemKind::internal,
                          "the event at cursor " + std::to_string(event.cursor) + " has a payload that is not JSON");
        }
        json::object entry;
        entry["id"] = event.id;
        entry["cursor"] = event.cursor;
        entry["kind"] = event.kind;
        entry["created_at"] = event.created_at_s;
        entry["acknowledged_at"] = optional_int(event.acknowledged_at_s);
        entry["payload"] = std::move(payload);
        events.push_back(std::move(entry));
    }
    json::object head;
    head["id"] = page->audit_head.id;
    head["hash"] = page->audit_head.hash_hex;
    json::object body;
    body["kiosk_id"] = page->kiosk_id;
    body["events"] = std::move(events);
    body["next_cursor"] = page->events.empty() ? query->after : page->events.back().cursor;
    body["more"] = page->more;
    body["oldest_unacknowledged_cursor"] = optional_int(page->oldest_unacknowledged_cursor);
    body["audit_head"] = std::move(head);
    return json_response(context, http::status::ok, body);
}

Response handle_events_ack(const RequestContext& context, EventFeed& feed) {
    if (!is_json_media_type(context.request[http::field::content_type]))
        return refuse(context, ProblemKind::unsupported_media, "the body must be application/json");
    const auto ids = ack_ids(context.request.body());
    if (!ids) return refuse(context, ProblemKind::invalid_event_ack, ids.error());
    const auto acked = feed.acknowledge(*ids, context.caller);
    if (!acked) return store_unavailable(context, acked.error());
    json::object body;
    body["acknowledged"] = acked->acknowledged;
    body["already_acknowledged"] = acked->already_acknowledged;
    body["unknown"] = acked->unknown;
    return json_response(context, http::status::ok, body);
}

void add_event_routes(RouteTable& routes, EventFeed& feed) {
    routes.add({http::verb::get, "/api/v1/events", Role::central, 0,
                [&feed](const RequestContext& context) { return handle_events_page(context, feed); }});
    routes.add({http::verb::post, "/api/v1/events/ack", Role::central, kEventAckBodyLimitBytes,
                [&feed](const RequestContext& context) { return handle_events_ack(context, feed); }});
}

}  // namespace kiosk::mgmt
