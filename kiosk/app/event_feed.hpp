// StoreEventFeed: the central system's event feed (kiosk/mgmt/event_routes.hpp) over the store's
// outbox (kiosk/store/outbox.hpp) and audit log, on a database connection of its own.
//
// A page is read in one read transaction, so its events, its cursors and the audit head agree with
// each other. An ack is one write transaction with its audit row (store::Outbox::acknowledge); the
// purge of events acknowledged longer than the retention period ago follows it, in short
// transactions of its own, so a kill -9 at any instant leaves either the ack or nothing, and a purge
// that fails is retried at the next ack.
//
// Thread safety: every call takes the feed's mutex, so the connection is used by one thread at a
// time (the management server's, one request at a time).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/event_routes.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kiosk::app {

// How long an acknowledged event stays in the feed, for a central system that must go back over
// what it had (after restoring a backup of its own). Unacknowledged events are never purged.
inline constexpr std::int64_t kEventRetention_s = 7 * 24 * 60 * 60;
// Events purged after one ack, at most: an ack's latency stays bounded however large the backlog.
inline constexpr std::int64_t kEventPurgeBatch = 1000;

struct EventFeedOptions {
    std::string kiosk_id;  // what each page names as its source
    std::int64_t retention_s = kEventRetention_s;
    std::function<std::int64_t()> now_s;  // unix seconds: acknowledgement times and the purge's cut-off
};

class StoreEventFeed final : public mgmt::EventFeed {
public:
    // Opens its own connection to the kiosk's database (already checked and migrated by the kiosk).
    [[nodiscard]] static Result<std::unique_ptr<StoreEventFeed>> open(const std::string& database_path,
                                                                      EventFeedOptions options);

    Result<mgmt::EventPage> page(std::int64_t after, std::int64_t limit) override;
    // The audit row's actor is "<role>:<name>", e.g. "central:dukcapil-sync".
    Result<mgmt::EventAck> acknowledge(const std::vector<std::string>& ids, const mgmt::Caller& caller) override;

private:
    StoreEventFeed(store::Database database, EventFeedOptions options)
        : database_(std::move(database)), options_(std::move(options)) {}

    std::mutex mutex_;
    store::Database database_;
    EventFeedOptions options_;
};

}  // namespace kiosk::app
