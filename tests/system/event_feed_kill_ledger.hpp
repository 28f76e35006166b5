// The producer's ledger for tests/system/event_feed_kill_test.cpp: what event_feed_kill_producer
// committed to the kiosk's outbox, kept in the kiosk's own database file.
//
// Each event is enqueued in one transaction with its ledger row, as the kiosk enqueues a pickup's
// event in the transaction of its journal row. After a kill -9 anywhere, the ledger therefore names
// exactly the events that committed: an event the producer was writing when it died is in neither.
// Nothing the feed does (acks, purges) touches the ledger, so an event the feed loses still stands
// here, with the id and cursor the outbox gave it.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk::testing::feed_kill {

// n counts the producer's events from 1 across all its runs; event_id and cursor are the outbox's.
inline constexpr const char* kLedgerSchema =
    "CREATE TABLE IF NOT EXISTS feed_kill_ledger ("
    " n INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, cursor INTEGER NOT NULL UNIQUE)";

// Event n's payload: a real card.picked_up (outbox_payloads.hpp), told apart by its journal id. The
// NIK is synthetic.
inline std::string payload_of(std::int64_t n) {
    return store::card_picked_up_payload({core::Nik::parse("3171014101900001").value(), 1, 1'767'225'600 + n, n,
                                          "SN-" + std::to_string(n), std::string("taken"), false});
}

struct CommittedEvent {
    std::int64_t n = 0;
    std::string id;
    std::int64_t cursor = 0;
    std::string payload_json;  // payload_of(n)
};

// The whole ledger, in n order.
inline Result<std::vector<CommittedEvent>> read_ledger(store::Database& database) {
    auto rows = TRY(database.prepare("SELECT n, event_id, cursor FROM feed_kill_ledger ORDER BY n", "test.ledger"));
    std::vector<CommittedEvent> committed;
    while (TRY(rows.step())) {
        const std::int64_t n = rows.column_int(0);
        committed.push_back({n, rows.column_text(1), rows.column_int(2), payload_of(n)});
    }
    return committed;
}

}  // namespace kiosk::testing::feed_kill
