#include "kiosk/app/event_feed.hpp"

#include "kiosk/core/hex.hpp"
#include "kiosk/log/log.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/store.hpp"

namespace kiosk::app {

Result<std::unique_ptr<StoreEventFeed>> StoreEventFeed::open(const std::string& database_path,
                                                             EventFeedOptions options) {
    VERIFY_MSG(static_cast<bool>(options.now_s), "an event feed needs a clock");
    store::OpenOptions open_options;
    open_options.integrity = store::IntegrityCheck::none;  // the kiosk's store-check worker does that
    open_options.cache_size_kib = 1024;                    // pages of recent events: a small working set
    auto database = TRY(store::open_store(database_path, open_options));
    return std::unique_ptr<StoreEventFeed>(new StoreEventFeed(std::move(database), std::move(options)));
}

Result<mgmt::EventPage> StoreEventFeed::page(std::int64_t after, std::int64_t limit) {
    const std::lock_guard lock(mutex_);
    auto snapshot = TRY(store::Transaction::begin(database_, store::TransactionKind::deferred, "app.event_feed.page"));
    store::Outbox outbox(database_);
    auto found = TRY(outbox.page_after(after, limit));
    mgmt::EventPage page;
    page.kiosk_id = options_.kiosk_id;
    page.more = found.more;
    page.events.reserve(found.events.size());
    for (store::OutboxEvent& event : found.events) {
        page.events.push_back(mgmt::FeedEvent{std::move(event.id), event.cursor, std::move(event.kind),
                                              event.created_at_s, event.acknowledged_at_s,
                                              std::move(event.payload_json)});
    }
    page.last_cursor = TRY(outbox.last_cursor());
    page.oldest_unacknowledged_cursor = TRY(outbox.oldest_unacknowledged_cursor());
    const store::AuditHead head = TRY(store::AuditLog(database_).head());
    page.audit_head = {head.id, core::format_hex_bytes(head.hash, core::HexCase::lower)};
    TRY(snapshot.commit());
    return page;
}

Result<mgmt::EventAck> StoreEventFeed::acknowledge(const std::vector<std::string>& ids, const mgmt::Caller& caller) {
    const std::lock_guard lock(mutex_);
    const std::int64_t now_s = options_.now_s();
    store::Outbox outbox(database_);
    const std::string actor = std::string(mgmt::role_name(caller.role)) + ":" + caller.name;
    const store::AckCounts counts = TRY(outbox.acknowledge(ids, actor, now_s));
    // The ack stands whatever the purge does: a purge that fails leaves its events for the next ack.
    if (auto purged = outbox.purge_acknowledged(now_s - options_.retention_s, kEventPurgeBatch, now_s); !purged) {
        log::warn("events.purge_failed", {log::kv("reason", purged.error().to_string())});
    }
    return mgmt::EventAck{counts.acknowledged, counts.already_acknowledged, counts.unknown};
}

}  // namespace kiosk::app
