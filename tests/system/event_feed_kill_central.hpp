// The central system of tests/system/event_feed_kill_test.cpp: it pulls the kiosk's event feed and
// acknowledges it exactly as docs/api/openapi.json tells a central system to (getEvents, ackEvents):
//
//   GET  /api/v1/events?after=CURSOR&limit=N        store the page's events;
//   POST /api/v1/events/ack {"ids": [...]}          acknowledge their ids;
//   once the ack's 200 arrived, CURSOR = next_cursor.
//
// Any failure (a connection reset, a response cut short) leaves the cursor where it was: the next
// round pulls the same events again on a new connection, and the record keeps both deliveries. The
// test's kill lands at a chosen point of a round (KillPoint), so that every point is covered.
//
// An answer the document does not allow for this exchange (a status other than 200, a page out of
// order, an ack that calls a delivered id unknown) is an error: the kiosk, not the transport, failed.
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/system/event_feed_kill_checker.hpp"
#include "tests/system/event_feed_kill_client.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::testing::feed_kill {

// Where in a round the kiosk is killed.
enum class KillPoint {
    none,
    before_request,        // connected and idle: the next request meets a dead kiosk
    in_pull,               // the GET sent, `delay` later: before, in or after the kiosk's handling
    mid_response,          // the page's header received, its body not yet read
    between_pull_and_ack,  // the page stored, its ack not yet sent
    in_ack,                // the ack sent, `delay` later: before, in or after its transaction
    after_ack_response,    // the ack's 200 received, before the next request
};
inline constexpr std::array kKillPoints = {KillPoint::before_request, KillPoint::in_pull,
                                           KillPoint::mid_response,   KillPoint::between_pull_and_ack,
                                           KillPoint::in_ack,         KillPoint::after_ack_response};
[[nodiscard]] std::string_view kill_point_name(KillPoint point);

struct KillPlan {
    KillPoint at = KillPoint::none;
    std::chrono::microseconds delay{0};  // in_pull and in_ack: after the request was sent
    std::function<void()> kill;
};

enum class RoundOutcome {
    acknowledged,  // a page of events stored and acknowledged; the cursor moved on
    caught_up,     // an empty page: nothing to acknowledge
    failed,        // the transport failed; the connection is dropped, the cursor kept
};

struct RoundResult {
    RoundOutcome outcome = RoundOutcome::failed;
    bool killed = false;
    // The kill did not stop the request in flight at the time: its response still arrived whole.
    bool answered_after_kill = false;
    // Each exchange's time from sending the request to the end of its response (0: none, or it failed).
    std::chrono::microseconds pull_took{0};
    std::chrono::microseconds ack_took{0};
    std::string failure;  // failed: the step and the transport's error
};

// What the last page said of the feed as a whole.
struct FeedState {
    bool more = false;
    std::optional<std::int64_t> oldest_unacknowledged_cursor;
};

class CentralSystem {
public:
    // `tls`: the central client certificate and the CA of the kiosk's certificate.
    CentralSystem(std::shared_ptr<boost::asio::ssl::context> tls, std::chrono::milliseconds deadline)
        : tls_(std::move(tls)), deadline_(deadline) {}

    // One pull of at most `limit` events and, for a page that has some, their ack, from the kiosk's
    // central listener on `port`. A port other than the last one's is a kiosk started anew: the old
    // connection goes. plan.kill runs at plan.at when the round gets that far.
    [[nodiscard]] Result<RoundResult> round(std::uint16_t port, std::int64_t limit, const KillPlan& plan);

    [[nodiscard]] const CentralRecord& record() const { return record_; }
    [[nodiscard]] std::int64_t cursor() const { return cursor_; }
    [[nodiscard]] const FeedState& feed_state() const { return feed_state_; }

private:
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::chrono::milliseconds deadline_;
    std::unique_ptr<FeedConnection> connection_;
    std::uint16_t connection_port_ = 0;
    std::int64_t cursor_ = 0;
    CentralRecord record_;
    FeedState feed_state_;
};

}  // namespace kiosk::testing::feed_kill
