// JournalSettlement on a test clock: unsettled from the start with the first reconciliation due at
// once; a failed attempt backs off (doubling, up to the longest interval); a failed journal write
// unsettles a settled journal, tells the listener once and makes an attempt due at once; a write
// that fails while an attempt runs wins over the attempt's success.
#include "kiosk/app/journal_settlement.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace kiosk::app;
using namespace std::chrono_literals;
using kiosk::test::TestSteadyClock;

namespace {

// Whether an attempt is due now; a due one is ended with `succeeded` (or failed()).
bool due(JournalSettlement& journal) {
    return journal.begin_attempt().has_value();
}

}  // namespace

TEST_CASE("unsettled from the start: the first reconciliation is due at once and its success settles") {
    TestSteadyClock clock;
    JournalSettlement journal(clock);
    CHECK_FALSE(journal.settled());
    const auto attempt = journal.begin_attempt();
    REQUIRE(attempt.has_value());
    journal.succeeded(*attempt);
    CHECK(journal.settled());
    CHECK_FALSE(due(journal));  // nothing to do
}

TEST_CASE("a failed reconciliation backs off: 5 s, doubling, never longer than 5 min") {
    TestSteadyClock clock;
    JournalSettlement journal(clock);
    std::chrono::milliseconds expected = JournalSettlement::kFirstRetry;
    for (int failures = 0; failures < 10; ++failures) {
        CAPTURE(failures);
        REQUIRE(due(journal));
        journal.failed();
        clock.advance(expected - 1ms);
        CHECK_FALSE(due(journal));
        clock.advance(1ms);
        expected = std::min(expected * 2, JournalSettlement::kLongestRetry);
    }
    CHECK(expected == 300s);
    const auto attempt = journal.begin_attempt();
    REQUIRE(attempt.has_value());
    journal.succeeded(*attempt);
    CHECK(journal.settled());
}

TEST_CASE("a failed write unsettles a settled journal: the listener once, an attempt due at once, the backoff anew") {
    TestSteadyClock clock;
    JournalSettlement journal(clock);
    int told = 0;
    journal.on_unsettled([&] { ++told; });
    // Two failures first, so that a backoff of 20 s would be next.
    for (int i = 0; i < 2; ++i) {
        REQUIRE(due(journal));
        journal.failed();
        clock.advance(60s);
    }
    auto attempt = journal.begin_attempt();
    REQUIRE(attempt.has_value());
    journal.succeeded(*attempt);
    CHECK(told == 0);  // unsettled from the start is no news

    journal.unsettle();
    CHECK(told == 1);
    CHECK_FALSE(journal.settled());
    journal.unsettle();  // another write fails: still unsettled, nothing new to tell
    CHECK(told == 1);
    REQUIRE(due(journal));
    journal.failed();
    clock.advance(JournalSettlement::kFirstRetry);  // the backoff started again from the first interval
    CHECK(due(journal));
}

TEST_CASE("a write that fails while a reconciliation runs wins over its success") {
    TestSteadyClock clock;
    JournalSettlement journal(clock);
    const auto attempt = journal.begin_attempt();
    REQUIRE(attempt.has_value());
    journal.unsettle();  // the store's worker, meanwhile
    journal.succeeded(*attempt);
    CHECK_FALSE(journal.settled());
    const auto again = journal.begin_attempt();  // due at once, no backoff
    REQUIRE(again.has_value());
    journal.succeeded(*again);
    CHECK(journal.settled());
}
