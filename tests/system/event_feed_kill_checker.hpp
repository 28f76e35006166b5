// The verdict of tests/system/event_feed_kill_test.cpp: what the central system received over the
// feed, held against what the producer committed (event_feed_kill_ledger.hpp). Pure: no I/O, so
// the test can also feed it a record with one event dropped and see it report the loss.
#pragma once

#include "tests/system/event_feed_kill_ledger.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kiosk::testing::feed_kill {

// One event as a page delivered it.
struct ReceivedEvent {
    std::string id;
    std::int64_t cursor = 0;
    std::string kind;
    boost::json::value payload;
};

// What the central system kept: every delivery in the order it arrived (duplicates included), and
// for each acknowledged id how many deliveries had arrived when the ack's 200 response came back
// (the first such response: a later ack of the same id changes nothing).
struct CentralRecord {
    std::vector<ReceivedEvent> deliveries;
    std::map<std::string, std::size_t> acked_at_delivery;
};

struct FeedFigures {
    std::size_t committed = 0;
    std::size_t deliveries = 0;
    std::size_t distinct = 0;    // events received at least once
    std::size_t duplicates = 0;  // deliveries beyond each event's first
};

struct FeedVerdict {
    FeedFigures figures;
    // One line per fault, naming the event by n, id and cursor (never its payload):
    //   - a committed event never received (lost);
    //   - a delivery whose id, cursor, kind or payload differs from the event's as committed;
    //   - a delivery no committed event accounts for;
    //   - a delivery of an event after the response to its ack had been received.
    std::vector<std::string> faults;
};

[[nodiscard]] FeedVerdict check_feed(const std::vector<CommittedEvent>& committed, const CentralRecord& record);

}  // namespace kiosk::testing::feed_kill
