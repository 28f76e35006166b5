// The central system's event feed: the kiosk's outbox as an at-least-once feed that the central
// system pulls and acknowledges, both routes for the `central` role (mutual TLS).
//
//   GET  /api/v1/events?after=CURSOR&limit=N
//        The retained events with a cursor above `after` (default 0), oldest first, at most `limit`
//        (default 100, at most 1000); acknowledged ones included until they are purged, so the
//        central system can go back. 200:
//          {"kiosk_id", "events": [{"id", "cursor", "kind", "created_at", "acknowledged_at",
//           "payload"}], "next_cursor", "more", "oldest_unacknowledged_cursor",
//           "audit_head": {"id", "hash"}}
//        next_cursor is the last event's cursor (`after` on an empty page): the next page's `after`.
//        audit_head is the newest audit row's id and SHA-256 (64 hex digits; id 0 and zeros for an
//        empty log): a head that goes back, or a chain that no longer reaches it, shows a truncated
//        audit log. oldest_unacknowledged_cursor (null when all are acknowledged) shows an event
//        left behind a cursor that moved on without acknowledging it.
//        400 invalid-query-parameter (unknown, repeated, or out of range; the detail names it),
//        409 event-cursor-ahead (`after` is past every cursor handed out: the outbox was reset or
//        restored, so start again from 0 and de-duplicate by id), 503 unavailable (store failure).
//   POST /api/v1/events/ack   {"ids": ["<event id>", ...]}  (application/json, at most 1000 ids)
//        Marks those events acknowledged; idempotent: an id already acknowledged, or unknown (never
//        seen, or purged), is counted, not refused. 200:
//          {"acknowledged", "already_acknowledged", "unknown"}
//        400 invalid-event-ack (not JSON, not that shape, or an id that is not 32 lower-case hex
//        digits; the detail says where), 415 unsupported-media-type, 503 unavailable.
//
// The contract for the central system: store the events of a page, then acknowledge them, then move
// the cursor on. A failure anywhere in that (its own or the kiosk's, a kill -9 included) leaves it
// seeing some events again, each with the id and payload it had: it de-duplicates by id.
//
// Handlers are plain functions over EventFeed, which kiosk/app implements over the store (this layer
// never sees the database). Called on the server's thread.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/route_table.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::mgmt {

inline constexpr std::int64_t kEventPageLimitDefault = 100;
inline constexpr std::int64_t kEventPageLimitMax = 1000;
inline constexpr std::size_t kEventAckIdsMax = 1000;
inline constexpr std::size_t kEventAckBodyLimitBytes = 64 * 1024;  // 1000 ids of 34 bytes, and room

struct FeedEvent {
    std::string id;  // 32 lower-case hex digits
    std::int64_t cursor = 0;
    std::string kind;
    std::int64_t created_at_s = 0;                  // unix seconds
    std::optional<std::int64_t> acknowledged_at_s;  // unix seconds
    std::string payload_json;                       // the kind's payload (its schema: docs/api/openapi.json)
};

struct AuditChainHead {
    std::int64_t id = 0;
    std::string hash_hex;  // 64 lower-case hex digits
};

struct EventPage {
    std::string kiosk_id;
    std::vector<FeedEvent> events;  // cursor > after, in cursor order
    bool more = false;
    std::int64_t last_cursor = 0;  // the highest cursor ever handed out (0: none yet)
    std::optional<std::int64_t> oldest_unacknowledged_cursor;
    AuditChainHead audit_head;  // read in the same snapshot as the events
};

struct EventAck {
    std::int64_t acknowledged = 0;
    std::int64_t already_acknowledged = 0;
    std::int64_t unknown = 0;
};

// What the handlers need of the outbox. Errors are the store's (no personal data); the handlers
// answer them with 503.
class EventFeed {
public:
    virtual ~EventFeed() = default;
    // At most `limit` (1..kEventPageLimitMax) events with a cursor above `after` (>= 0).
    virtual Result<EventPage> page(std::int64_t after, std::int64_t limit) = 0;
    // Acknowledges the events with these ids (each well-formed, at most kEventAckIdsMax) on behalf
    // of `caller`, whom the audit row names.
    virtual Result<EventAck> acknowledge(const std::vector<std::string>& ids, const Caller& caller) = 0;
};

[[nodiscard]] Response handle_events_page(const RequestContext& context, EventFeed& feed);
[[nodiscard]] Response handle_events_ack(const RequestContext& context, EventFeed& feed);

// Adds both routes, for the `central` role, over `feed` (which must outlive the table).
void add_event_routes(RouteTable& routes, EventFeed& feed);

}  // namespace kiosk::mgmt
