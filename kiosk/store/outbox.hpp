// The outbox: events for the central system (pickups, captures, ...), served to it as an
// at-least-once feed that it pulls and acknowledges (kiosk/app/event_feed.hpp over HTTPS).
//
// An event is enqueued in the same transaction as the change it reports, so the two cannot disagree
// after a power cut. Each event has
//   - a cursor: its place in the feed, the table's AUTOINCREMENT rowid. Cursors only grow and are
//     never handed out twice, even after the events before them were purged (SQLite keeps the
//     highest one in sqlite_sequence), so "after CURSOR" means the same thing across restarts.
//     SQLite has one writer at a time and a cursor is drawn under its lock, so events commit in
//     cursor order: no reader sees cursor N+1 before N, and a page never skips one that commits late;
//   - an id: 32 lower-case hex digits (128 random bits) drawn when the row is inserted and stored
//     with it, so a redelivered event carries the id it had, whatever happened in between. Random
//     rather than made of the kiosk's name and the cursor: a kiosk whose database was restored from
//     a backup or made anew hands out old cursors again, and the central system, which de-duplicates
//     by id, would then drop new events as repeats of old ones.
// The feed serves every retained event after a cursor, acknowledged or not: the central system can
// go back over the retention period (after restoring its own backup, say). An acknowledged event is
// purged once it has been acknowledged for the retention period; an unacknowledged one never is.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiosk::store {

struct OutboxEvent {
    std::int64_t cursor = 0;
    std::string id;            // 32 lower-case hex digits
    std::string kind;          // e.g. "card.picked_up" (outbox_payloads.hpp)
    std::string payload_json;  // a JSON document; the schema refuses anything else
    std::int64_t created_at_s = 0;
    std::optional<std::int64_t> acknowledged_at_s;
    friend bool operator==(const OutboxEvent&, const OutboxEvent&) = default;
};

struct OutboxPage {
    std::vector<OutboxEvent> events;  // cursor > after, in cursor order
    bool more = false;                // further events follow the last one here
};

struct AckCounts {
    std::int64_t acknowledged = 0;          // acknowledged by this call
    std::int64_t already_acknowledged = 0;  // acknowledged before, and not yet purged
    std::int64_t unknown = 0;               // no such event: never enqueued, or purged already
    friend bool operator==(const AckCounts&, const AckCounts&) = default;
};

class Outbox {
public:
    explicit Outbox(Database& database) : database_(&database) {}

    // The new event's cursor. Joins the caller's transaction, as any single statement does.
    Result<std::int64_t> enqueue(const std::string& kind, const std::string& payload_json, std::int64_t created_at_s);

    // At most `limit` (> 0) retained events with a cursor above `after`, oldest first.
    Result<OutboxPage> page_after(std::int64_t after, std::int64_t limit);
    // The oldest events not yet acknowledged, at most `limit`.
    Result<std::vector<OutboxEvent>> peek(std::int64_t limit);
    Result<std::int64_t> pending_count();
    // The lowest cursor not yet acknowledged; nullopt when every event is.
    Result<std::optional<std::int64_t>> oldest_unacknowledged_cursor();
    // The highest cursor ever handed out (0 before the first event), purged events included.
    Result<std::int64_t> last_cursor();

    // Marks the events with these ids acknowledged at `now_s`, in one IMMEDIATE transaction with an
    // audit row naming `actor` (written only when an event changed: a repeated ack changes nothing).
    // Idempotent: ids already acknowledged or unknown are counted, not refused; an id given twice
    // counts once. Must not be called inside another transaction.
    Result<AckCounts> acknowledge(std::span<const std::string> ids, const std::string& actor, std::int64_t now_s);
    // Deletes up to `batch` events acknowledged at or before `acknowledged_up_to_s`, oldest cursor
    // first, in one short transaction of its own with an audit row when any went. Returns how many
    // went; call again while it returns `batch`. Must not be called inside another transaction.
    Result<std::int64_t> purge_acknowledged(std::int64_t acknowledged_up_to_s, std::int64_t batch, std::int64_t now_s);

private:
    Database* database_;
};

}  // namespace kiosk::store
