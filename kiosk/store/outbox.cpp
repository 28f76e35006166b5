#include "kiosk/store/outbox.hpp"

#include "kiosk/core/assert.hpp"
#include "kiosk/store/audit.hpp"

#include <set>
#include <string_view>

namespace kiosk::store {
namespace {

constexpr std::string_view kColumns = "SELECT cursor, event_id, kind, payload, created_at, acked_at FROM outbox ";

OutboxEvent event_from_row(const Statement& row) {
    return OutboxEvent{row.column_int(0),  row.column_text(1), row.column_text(2),
                       row.column_text(3), row.column_int(4),  row.column_optional_int(5)};
}

}  // namespace

Result<std::int64_t> Outbox::enqueue(const std::string& kind, const std::string& payload_json,
                                     std::int64_t created_at_s) {
    auto statement = TRY(database_->cached("INSERT INTO outbox (kind, payload, created_at) VALUES (?1, ?2, ?3)",
                                           "store.outbox.enqueue"));
    TRY(statement->bind_all(kind, payload_json, created_at_s));
    TRY(statement->run());
    return database_->last_insert_rowid();
}

Result<OutboxPage> Outbox::page_after(std::int64_t after, std::int64_t limit) {
    VERIFY_MSG(limit > 0, "an outbox page holds at least one event");
    auto statement = TRY(database_->cached(std::string(kColumns) + "WHERE cursor > ?1 ORDER BY cursor LIMIT ?2",
                                           "store.outbox.page_after"));
    // One more than asked for: whether more follow, without a second query.
    TRY(statement->bind_all(after, limit + 1));
    OutboxPage page;
    while (TRY(statement->step())) {
        if (static_cast<std::int64_t>(page.events.size()) == limit) {
            page.more = true;
            break;
        }
        page.events.push_back(event_from_row(*statement));
    }
    return page;
}

Result<std::vector<OutboxEvent>> Outbox::peek(std::int64_t limit) {
    auto statement = TRY(database_->cached(std::string(kColumns) + "WHERE acked_at IS NULL ORDER BY cursor LIMIT ?1",
                                           "store.outbox.peek"));
    TRY(statement->bind(1, limit));
    std::vector<OutboxEvent> events;
    while (TRY(statement->step())) events.push_back(event_from_row(*statement));
    return events;
}

Result<std::int64_t> Outbox::pending_count() {
    return database_->query_int("SELECT count(*) FROM outbox WHERE acked_at IS NULL", "store.outbox.pending_count");
}

Result<std::optional<std::int64_t>> Outbox::oldest_unacknowledged_cursor() {
    auto statement = TRY(database_->cached("SELECT min(cursor) FROM outbox WHERE acked_at IS NULL",
                                           "store.outbox.oldest_unacknowledged_cursor"));
    if (!TRY(statement->step())) return std::optional<std::int64_t>{};
    return statement->column_optional_int(0);
}

Result<std::int64_t> Outbox::last_cursor() {
    // sqlite_sequence has the outbox's row from its first insert on; max(cursor) covers a file whose
    // sequence row was lost (a sqlite3 .dump restores it, a hand-made copy may not).
    return database_->query_int(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0), "
        "coalesce((SELECT max(cursor) FROM outbox), 0))",
        "store.outbox.last_cursor");
}

Result<AckCounts> Outbox::acknowledge(std::span<const std::string> ids, const std::string& actor, std::int64_t now_s) {
    constexpr const char* where = "store.outbox.acknowledge";
    const std::set<std::string_view> distinct(ids.begin(), ids.end());
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    AckCounts counts;
    for (const std::string_view id : distinct) {
        {
            auto mark = TRY(
                database_->cached("UPDATE outbox SET acked_at = ?2 WHERE event_id = ?1 AND acked_at IS NULL", where));
            TRY(mark->bind_all(id, now_s));
            TRY(mark->run());
        }
        if (database_->changes() == 1) {
            ++counts.acknowledged;
            continue;
        }
        auto known = TRY(database_->cached("SELECT count(*) FROM outbox WHERE event_id = ?1", where));
        TRY(known->bind(1, id));
        const bool found = TRY(known->step()) && known->column_int(0) > 0;
        ++(found ? counts.already_acknowledged : counts.unknown);
    }
    if (counts.acknowledged > 0) {
        const std::string detail = "acknowledged=" + std::to_string(counts.acknowledged) +
                                   " already=" + std::to_string(counts.already_acknowledged) +
                                   " unknown=" + std::to_string(counts.unknown);
        TRY(AuditLog(*database_).append(actor, "events.ack", detail, now_s));
    }
    TRY(transaction.commit());
    return counts;
}

Result<std::int64_t> Outbox::purge_acknowledged(std::int64_t acknowledged_up_to_s, std::int64_t batch,
                                                std::int64_t now_s) {
    constexpr const char* where = "store.outbox.purge_acknowledged";
    VERIFY_MSG(batch > 0, "a purge removes at least one event at a time");
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    std::int64_t last_purged = 0;
    {
        auto newest = TRY(database_->cached(
            "SELECT max(cursor) FROM (SELECT cursor FROM outbox WHERE acked_at IS NOT NULL AND acked_at <= ?1 "
            "ORDER BY cursor LIMIT ?2)",
            where));
        TRY(newest->bind_all(acknowledged_up_to_s, batch));
        if (TRY(newest->step())) last_purged = newest->column_optional_int(0).value_or(0);
    }
    if (last_purged == 0) return std::int64_t{0};  // nothing due; the transaction rolls back, empty
    auto purge = TRY(
        database_->cached("DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at <= ?1 AND cursor <= ?2", where));
    TRY(purge->bind_all(acknowledged_up_to_s, last_purged));
    TRY(purge->run());
    const std::int64_t purged = database_->changes();
    const std::string detail = "events=" + std::to_string(purged) + " up_to_cursor=" + std::to_string(last_purged);
    TRY(AuditLog(*database_).append("kiosk.outbox", "events.purge", detail, now_s));
    TRY(transaction.commit());
    return purged;
}

}  // namespace kiosk::store
