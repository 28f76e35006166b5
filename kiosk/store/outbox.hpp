// Events for the central system (pickups, captures, ...), kept until it has acknowledged them.
//
// An event is enqueued in the same transaction as the change it reports, so the two cannot disagree
// after a power cut. The sender peeks the oldest pending events, sends them, then marks them sent;
// an event is delivered at least once (the receiver de-duplicates by id).
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::store {

struct OutboxEvent {
    std::int64_t id = 0;
    std::string kind;          // e.g. "card.picked_up"
    std::string payload_json;  // a JSON document; the schema refuses anything else
    std::int64_t created_at_s = 0;
    std::int64_t attempts = 0;
    std::optional<std::int64_t> sent_at_s;
    friend bool operator==(const OutboxEvent&, const OutboxEvent&) = default;
};

class Outbox {
public:
    explicit Outbox(Database& database) : database_(&database) {}

    // The new event's id.
    Result<std::int64_t> enqueue(const std::string& kind, const std::string& payload_json, std::int64_t created_at_s);
    // The oldest pending events, at most `limit`.
    Result<std::vector<OutboxEvent>> peek(std::int64_t limit);
    // Counts a failed delivery attempt.
    Status record_attempt(std::int64_t id);
    Status mark_sent(std::int64_t id, std::int64_t sent_at_s);
    Result<std::int64_t> pending_count();

private:
    Database* database_;
};

}  // namespace kiosk::store
