// ReaderMonitor through real pcscd: readers and cards come and go as events; the monitor survives
// pcscd restarting without being restarted itself; stop() is prompt.
#include "drivers/cardreader/reader_monitor.hpp"
#include "drivers/cardreader/ktp_card_reader.hpp"
#include "drivers/cardreader/reader_roles.hpp"
#include "tests/drivers/cardreader/pcsc_test_support.hpp"
#include "tests/drivers/cardreader/test_cards.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <set>
#include <thread>
#include <vector>

using namespace kiosk::cardreader;
using kiosk::testing::kVpcdReader0;
using kiosk::testing::kVpcdReader1;

namespace {

std::function<bool(const ReaderEvent&)> is(ReaderEventKind kind, std::string reader = {}) {
    return [kind, reader](const ReaderEvent& event) {
        return event.kind == kind && (reader.empty() || event.reader == reader);
    };
}

}  // namespace

TEST_CASE("monitor reports readers, then cards placed and removed on both roles") {
    kiosk::testing::shared_pcscd();
    ReaderEventQueue events;
    auto monitor = ReaderMonitor::start([&](const ReaderEvent& e) { events.push(e); });
    REQUIRE(events.wait_for(is(ReaderEventKind::service_up), 5000));
    // Reader additions come in listing order; collect both.
    std::set<std::string> added;
    while (added.size() < 2) {
        auto event = events.wait_for(is(ReaderEventKind::reader_added), 5000);
        REQUIRE(event);
        added.insert(event->reader);
    }
    CHECK(added.contains(kVpcdReader0));
    CHECK(added.contains(kVpcdReader1));

    const ReaderRoles roles{"Virtual PCD 00 00", "Virtual PCD 00 01"};
    auto dispenser_card = sim::VpcdCard::start("127.0.0.1", kiosk::testing::kVpcdPort1, test::make_test_card());
    REQUIRE(dispenser_card.ok());
    auto inserted = events.wait_for(is(ReaderEventKind::card_inserted), 5000);
    REQUIRE(inserted);
    CHECK(roles.role_of(inserted->reader) == ReaderRole::dispenser);
    CHECK(inserted->atr == sim::default_atr());

    (*dispenser_card)->remove();
    auto removed = events.wait_for(is(ReaderEventKind::card_removed), 5000);
    REQUIRE(removed);
    CHECK(removed->reader == kVpcdReader1);

    auto front_card = sim::VpcdCard::start("127.0.0.1", kiosk::testing::kVpcdPort0, test::make_test_card());
    REQUIRE(front_card.ok());
    auto front = events.wait_for(is(ReaderEventKind::card_inserted), 5000);
    REQUIRE(front);
    CHECK(roles.role_of(front->reader) == ReaderRole::front);
    front_card->reset();  // destroying the virtual card takes it out of the field
    CHECK(events.wait_for(is(ReaderEventKind::card_removed, kVpcdReader0), 5000));

    const auto stop_started = std::chrono::steady_clock::now();
    monitor->stop();
    CHECK(std::chrono::steady_clock::now() - stop_started < std::chrono::seconds(1));
}

TEST_CASE("monitor and virtual card recover when pcscd restarts, without being restarted") {
    auto& pcscd = kiosk::testing::shared_pcscd();
    REQUIRE_MESSAGE(pcscd.owns_daemon(), "stop the pcscd started outside the tests to run the recovery test");
    ReaderEventQueue events;
    auto monitor = ReaderMonitor::start([&](const ReaderEvent& e) { events.push(e); },
                                        MonitorOptions{.backoff_min_ms = 20, .backoff_max_ms = 200});
    auto card = sim::VpcdCard::start("127.0.0.1", kiosk::testing::kVpcdPort0, test::make_test_card());
    REQUIRE(card.ok());
    REQUIRE(events.wait_for(is(ReaderEventKind::card_inserted, kVpcdReader0), 5000));

    REQUIRE(pcscd.stop().ok());
    CHECK(events.wait_for(is(ReaderEventKind::card_removed, kVpcdReader0), 5000));
    CHECK(events.wait_for(is(ReaderEventKind::reader_removed, kVpcdReader0), 5000));
    CHECK(events.wait_for(is(ReaderEventKind::service_lost), 5000));
    {
        auto no_service = PcscContext::establish();
        REQUIRE_FALSE(no_service.ok());
        CHECK(no_service.error().code == CardErrc::no_service);
    }

    REQUIRE(pcscd.ensure_running().ok());
    CHECK(events.wait_for(is(ReaderEventKind::service_up), 10000));
    CHECK(events.wait_for(is(ReaderEventKind::reader_added, kVpcdReader0), 5000));
    // The virtual card reconnects to the new vpcd by itself, and the monitor sees it.
    REQUIRE(events.wait_for(is(ReaderEventKind::card_inserted, kVpcdReader0), 10000));
    CHECK((*card)->connected());

    auto context = PcscContext::establish();
    REQUIRE(context.ok());
    auto read = read_ktp_card_in(**context, kVpcdReader0, test::test_issuer_key().public_key());
    CHECK_MESSAGE(read.ok(), (read.ok() ? "" : read.error().to_string()));
    monitor->stop();
}

TEST_CASE("monitor started without pcscd waits, then reports the service when it comes") {
    auto& pcscd = kiosk::testing::shared_pcscd();
    REQUIRE(pcscd.owns_daemon());
    REQUIRE(pcscd.stop().ok());
    ReaderEventQueue events;
    auto monitor = ReaderMonitor::start([&](const ReaderEvent& e) { events.push(e); },
                                        MonitorOptions{.backoff_min_ms = 20, .backoff_max_ms = 200});
    CHECK_FALSE(events.pop(300));  // nothing to report while there is no service
    REQUIRE(pcscd.ensure_running().ok());
    CHECK(events.wait_for(is(ReaderEventKind::service_up), 10000));
    CHECK(events.wait_for(is(ReaderEventKind::reader_added), 5000));
    const auto stop_started = std::chrono::steady_clock::now();
    monitor->stop();
    CHECK(std::chrono::steady_clock::now() - stop_started < std::chrono::seconds(1));
}

TEST_CASE("without pcscd the monitor retries with exponential backoff, on its clock, and reports nothing") {
    using namespace std::chrono_literals;
    auto& pcscd = kiosk::testing::shared_pcscd();
    REQUIRE(pcscd.owns_daemon());
    REQUIRE(pcscd.stop().ok());
    kiosk::test::TestSteadyClock clock;
    // The clock's sleeps take no real time, so the monitor retries as fast as pcscd's absence is
    // noticed; past the sleeps the test looks at, the hook slows it down for the rest of the test.
    clock.on_sleep([&] {
        if (clock.sleeps().size() > 8) std::this_thread::sleep_for(1ms);
    });
    ReaderEventQueue events;
    auto monitor = ReaderMonitor::start([&](const ReaderEvent& e) { events.push(e); },
                                        MonitorOptions{.backoff_min_ms = 50, .backoff_max_ms = 2000}, clock);
    const auto guard = std::chrono::steady_clock::now() + 10s;  // against a hang, not a measured window
    while (clock.sleeps().size() < 8) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < guard, "the monitor did not retry");
        std::this_thread::sleep_for(1ms);
    }
    monitor->stop();
    const auto sleeps = clock.sleeps();
    REQUIRE(sleeps.size() >= 8);
    const std::vector<std::chrono::milliseconds> first(sleeps.begin(), sleeps.begin() + 8);
    CHECK(first == std::vector<std::chrono::milliseconds>{50ms, 100ms, 200ms, 400ms, 800ms, 1600ms, 2000ms, 2000ms});
    CHECK_FALSE(events.pop(0));  // no service came, so nothing to report
    REQUIRE(pcscd.ensure_running().ok());
}
