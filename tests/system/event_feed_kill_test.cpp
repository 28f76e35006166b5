// The event feed survives kill -9 at any point during a pull or an ack: 200 times, a process that
// serves the feed and pulls and acknowledges it (event_feed_kill_child.cpp) is killed at a random
// instant, while this process, as the kiosk's UI thread, enqueues events into the same database
// between the kills and during them. Afterwards, with one last run that drains the feed:
//   - every event enqueued was delivered at least once;
//   - every delivery of an event carries the same id, cursor, kind and payload, and no two events
//     share an id;
//   - nothing is left unacknowledged, the database passes integrity_check and the audit chain holds.
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

using namespace kiosk;
using kiosk::testing::ChildProcess;
using kiosk::testing::require_ok;
namespace json = boost::json;

namespace {

constexpr int kKills = 200;
constexpr int kKillWithinMs = 100;  // each child lives a random 0..this long

struct Delivery {
    std::string id;
    std::int64_t cursor = 0;
    std::string kind;
    std::string payload;  // serialized
    bool operator==(const Delivery&) const = default;
};

// Event n's payload: a real card.picked_up, told apart by its journal id.
std::string payload_of(std::int64_t n) {
    return store::card_picked_up_payload({core::Nik::parse("3171014101900001").value(), 1, 1'767'225'600 + n, n,
                                          std::string("SN-") + std::to_string(n), std::string("taken"), false});
}

std::uintmax_t size_of(const std::string& path) {
    std::error_code ignored;
    const auto size = std::filesystem::file_size(path, ignored);
    return ignored ? 0 : size;
}

}  // namespace

TEST_CASE("kill -9 at random instants of pulls and acks, 200 times: no event lost, each duplicate the same") {
    testing::TempDir dir;
    const std::string database = dir.file("kiosk.db");
    const std::string deliveries = dir.file("deliveries.ndjson");
    const std::string cursor_file = dir.file("cursor");
    auto ui = require_ok(store::open_store(database, {}));
    store::Outbox outbox(ui);
    std::mt19937 random(20260101);
    std::int64_t enqueued = 0;
    auto enqueue_some = [&](int most) {
        const int count = std::uniform_int_distribution<int>(0, most)(random);
        for (int i = 0; i < count; ++i) {
            ++enqueued;
            REQUIRE(outbox.enqueue(std::string(store::kOutboxCardPickedUp), payload_of(enqueued), 1'767'225'600).ok());
        }
    };

    int kills_after_progress = 0;
    for (int kill = 0; kill < kKills; ++kill) {
        enqueue_some(4);
        const auto before = size_of(deliveries);
        testing::SpawnOptions options;
        options.out = testing::Stream::discard;
        ChildProcess child =
            require_ok(ChildProcess::spawn({KIOSK_EVENT_FEED_KILL_CHILD, database, deliveries, cursor_file}, options));
        const auto lifetime = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, kKillWithinMs)(random));
        const auto killed_at = std::chrono::steady_clock::now() + lifetime;
        while (std::chrono::steady_clock::now() < killed_at) {
            enqueue_some(1);  // the UI writes while the feed is pulled
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 15)(random)));
        }
        child.send_signal(SIGKILL);
        const int status = child.wait_exit(10'000);
        INFO("kill " << kill);
        REQUIRE(status == 128 + SIGKILL);  // anything else: the child failed on its own (its stderr says why)
        if (size_of(deliveries) > before) ++kills_after_progress;
    }
    // The kills must land while the feed is at work, not only while the child is starting.
    CHECK(kills_after_progress >= kKills / 2);

    ChildProcess drain =
        require_ok(ChildProcess::spawn({KIOSK_EVENT_FEED_KILL_CHILD, database, deliveries, cursor_file, "--drain"}));
    REQUIRE(drain.wait_exit(30'000) == 0);

    std::map<std::int64_t, std::vector<Delivery>> by_event;  // journal id -> its deliveries
    std::ifstream lines(deliveries);
    std::string text;
    std::int64_t received = 0;
    while (std::getline(lines, text)) {
        const json::object line = json::parse(text).as_object();  // torn lines were dropped by the child
        const json::object& payload = line.at("payload").as_object();
        by_event[payload.at("journal_id").as_int64()].push_back(
            Delivery{std::string(line.at("id").as_string()), line.at("cursor").as_int64(),
                     std::string(line.at("kind").as_string()), json::serialize(payload)});
        ++received;
    }
    MESSAGE("events: " << enqueued << ", deliveries: " << received
                       << ", kills after progress: " << kills_after_progress);
    REQUIRE(enqueued > kKills);
    CHECK(static_cast<std::int64_t>(by_event.size()) == enqueued);
    std::set<std::string> ids;
    std::int64_t duplicates = 0;
    for (std::int64_t n = 1; n <= enqueued; ++n) {
        INFO("event " << n);
        const auto found = by_event.find(n);
        REQUIRE(found != by_event.end());  // lost
        const Delivery& first = found->second.front();
        CHECK(json::parse(first.payload) == json::parse(payload_of(n)));
        for (const Delivery& again : found->second) CHECK(again == first);
        duplicates += static_cast<std::int64_t>(found->second.size()) - 1;
        ids.insert(first.id);
    }
    CHECK(static_cast<std::int64_t>(ids.size()) == enqueued);
    MESSAGE("duplicates: " << duplicates);

    CHECK(require_ok(outbox.pending_count()) == 0);
    auto integrity = require_ok(ui.prepare("PRAGMA integrity_check", "test.integrity"));
    REQUIRE(require_ok(integrity.step()));
    CHECK(integrity.column_text(0) == "ok");
    CHECK_FALSE(require_ok(store::AuditLog(ui).verify()).first_break.has_value());
}
