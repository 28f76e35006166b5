#include "tests/system/event_feed_kill_checker.hpp"

#include "kiosk/store/outbox_payloads.hpp"

#include <boost/json/parse.hpp>

namespace kiosk::testing::feed_kill {

namespace {

std::string name_of(const CommittedEvent& event) {
    return "event " + std::to_string(event.n) + " (id " + event.id + ", cursor " + std::to_string(event.cursor) + ")";
}

}  // namespace

FeedVerdict check_feed(const std::vector<CommittedEvent>& committed, const CentralRecord& record) {
    FeedVerdict verdict;
    verdict.figures.committed = committed.size();
    verdict.figures.deliveries = record.deliveries.size();
    std::map<std::string, const CommittedEvent*> by_id;
    std::map<std::int64_t, const CommittedEvent*> by_cursor;
    for (const CommittedEvent& event : committed) {
        by_id.emplace(event.id, &event);
        by_cursor.emplace(event.cursor, &event);
    }
    std::map<std::string, std::size_t> received;  // id -> deliveries of it
    const auto fault = [&](std::string line) { verdict.faults.push_back(std::move(line)); };

    for (std::size_t index = 0; index < record.deliveries.size(); ++index) {
        const ReceivedEvent& delivery = record.deliveries[index];
        const std::string where = "delivery " + std::to_string(index) + ": ";
        const auto found = by_id.find(delivery.id);
        if (found == by_id.end()) {
            const auto same_cursor = by_cursor.find(delivery.cursor);
            if (same_cursor != by_cursor.end()) {
                fault(where + name_of(*same_cursor->second) + " delivered with another id, " + delivery.id);
            } else {
                fault(where + "id " + delivery.id + " at cursor " + std::to_string(delivery.cursor) +
                      " was never committed");
            }
            continue;
        }
        const CommittedEvent& event = *found->second;
        if (delivery.cursor != event.cursor) {
            fault(where + name_of(event) + " delivered at another cursor, " + std::to_string(delivery.cursor));
        }
        if (delivery.kind != store::kOutboxCardPickedUp) fault(where + name_of(event) + " delivered as another kind");
        if (delivery.payload != boost::json::parse(event.payload_json)) {
            fault(where + name_of(event) + " delivered with another payload");
        }
        if (const auto acked = record.acked_at_delivery.find(delivery.id);
            acked != record.acked_at_delivery.end() && index >= acked->second) {
            fault(where + name_of(event) + " delivered again after its ack's response (which came after " +
                  std::to_string(acked->second) + " deliveries)");
        }
        ++received[delivery.id];
    }
    for (const CommittedEvent& event : committed) {
        if (!received.contains(event.id)) fault(name_of(event) + " was committed and never received");
    }
    verdict.figures.distinct = received.size();
    for (const auto& [id, count] : received) verdict.figures.duplicates += count - 1;
    return verdict;
}

}  // namespace kiosk::testing::feed_kill
