// The kiosk's side that makes events, for tests/system/event_feed_kill_test.cpp: it enqueues
// card.picked_up events into the kiosk's outbox through the store (kiosk/store/outbox.hpp), on a
// connection of its own, until it is killed, while the kiosk serves the feed from the same file.
//
//   event_feed_kill_producer DB SEED
//
// Each event goes in an IMMEDIATE transaction with its row in the ledger (event_feed_kill_ledger.hpp),
// as the kiosk's store worker enqueues a pickup's event with its journal row; the test kills this
// process with the kiosk, as a power cut would, so kills also land inside these commits. Transactions
// come a random 0-4 ms apart (SEED), most with one event and one in 32 with a burst of 100-400 (as
// after a kiosk was cut off for a while), so that pages of every size are pulled, up to ones larger
// than the sockets' buffers, which are still being written when their header arrives. It exits 2,
// with the store's error on stderr, only when a write fails: the test then sees an exit other than
// the kill's.
#include "tests/system/event_feed_kill_ledger.hpp"

#include "kiosk/store/outbox.hpp"
#include "kiosk/store/store.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

namespace {

using namespace kiosk;

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Event `n`: its outbox row and its ledger row, in the caller's transaction.
Status produce(store::Database& database, std::int64_t n) {
    store::Outbox outbox(database);
    const std::int64_t cursor =
        TRY(outbox.enqueue(std::string(store::kOutboxCardPickedUp), testing::feed_kill::payload_of(n), unix_now_s()));
    // The id the outbox drew for it: the event at that cursor, read inside the same transaction.
    const auto page = TRY(outbox.page_after(cursor - 1, 1));
    if (page.events.size() != 1 || page.events.front().cursor != cursor) {
        return fail("producer.event", "the event just enqueued is not at its cursor");
    }
    auto ledger = TRY(
        database.prepare("INSERT INTO feed_kill_ledger (n, event_id, cursor) VALUES (?1, ?2, ?3)", "producer.ledger"));
    TRY(ledger.bind_all(n, page.events.front().id, cursor));
    return ledger.run();
}

// Events first..last, all or nothing.
Status produce_all(store::Database& database, std::int64_t first, std::int64_t last) {
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, "producer.events"));
    for (std::int64_t n = first; n <= last; ++n) TRY(produce(database, n));
    return transaction.commit();
}

Status run(const std::string& path, unsigned seed) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;  // the test checks the file at the end
    auto database = TRY(store::open_store(path, options));
    std::int64_t n = TRY(database.query_int("SELECT coalesce(max(n), 0) FROM feed_kill_ledger", "producer.resume"));
    std::mt19937 random(seed);
    for (;;) {
        const bool burst = std::uniform_int_distribution<int>(0, 31)(random) == 0;
        const int count = burst ? std::uniform_int_distribution<int>(100, 400)(random) : 1;
        TRY(produce_all(database, n + 1, n + count));
        n += count;
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 4000)(random)));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: event_feed_kill_producer DB SEED\n");
        return 2;
    }
    const Status ran = run(argv[1], static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)));
    std::fprintf(stderr, "event_feed_kill_producer: %s\n", ran.error().to_string().c_str());
    return 2;
}
