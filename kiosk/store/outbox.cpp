#include "kiosk/store/outbox.hpp"

#include <string_view>

namespace kiosk::store {

Result<std::int64_t> Outbox::enqueue(const std::string& kind, const std::string& payload_json,
                                     std::int64_t created_at_s) {
    auto statement = TRY(database_->cached("INSERT INTO outbox (kind, payload, created_at) VALUES (?1, ?2, ?3)",
                                           "store.outbox.enqueue"));
    TRY(statement->bind_all(kind, payload_json, created_at_s));
    TRY(statement->run());
    return database_->last_insert_rowid();
}

Result<std::vector<OutboxEvent>> Outbox::peek(std::int64_t limit) {
    auto statement = TRY(
        database_->cached("SELECT id, kind, payload, created_at, attempts, sent_at FROM outbox WHERE sent_at IS NULL "
                          "ORDER BY id LIMIT ?1",
                          "store.outbox.peek"));
    TRY(statement->bind(1, limit));
    std::vector<OutboxEvent> events;
    while (TRY(statement->step())) {
        events.push_back(OutboxEvent{statement->column_int(0), statement->column_text(1), statement->column_text(2),
                                     statement->column_int(3), statement->column_int(4),
                                     statement->column_optional_int(5)});
    }
    return events;
}

Status Outbox::record_attempt(std::int64_t id) {
    auto statement = TRY(
        database_->cached("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1", "store.outbox.record_attempt"));
    TRY(statement->bind(1, id));
    return statement->run();
}

Status Outbox::mark_sent(std::int64_t id, std::int64_t sent_at_s) {
    constexpr const char* where = "store.outbox.mark_sent";
    auto statement = TRY(database_->cached("UPDATE outbox SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL", where));
    TRY(statement->bind_all(id, sent_at_s));
    TRY(statement->run());
    if (database_->changes() == 0) return fail(where, "no pending event " + std::to_string(id));
    return {};
}

Result<std::int64_t> Outbox::pending_count() {
    return database_->query_int("SELECT count(*) FROM outbox WHERE sent_at IS NULL", "store.outbox.pending_count");
}

}  // namespace kiosk::store
