// DispenserService over the real driver and the simulated dispenser on a pty (reached through a
// symlink, as the kiosk reaches its port): health on open failure and recovery, the reconciliation
// hook run before the dispenser is reported up and, when it fails, kept down with its reason and
// tried again with a backoff, a failed journal write taking the dispenser down until a
// reconciliation (never while a session's card is out) settles it, each command answered once with
// its request id, store slot numbers (from 1) mapped to the device's positions (from 0), failures
// that are the card's (empty slot, jam) leaving the dispenser up, a full bin or a lost link
// taking it down, and stop() cutting a presented card's wait short with the card parked.
#include "kiosk/app/dispenser_service.hpp"
#include "tests/kiosk/app/inbox_probe.hpp"
#include "tests/kiosk/app/simulated_dispenser.hpp"
#include "tests/kiosk/clock/test_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <optional>
#include <thread>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;
using kiosk::app::test::DispenserAt;

namespace {

DispenserSection section() {
    DispenserSection config;
    config.reply_timeout_ms = 1000;
    return config;
}

struct Rig {
    kiosk::testing::TempDir dir;
    app::test::InboxProbe probe;
    std::string port = dir.file("dispenser");
    std::optional<DispenserAt> device;
    kiosk::test::TestSteadyClock clock;  // the settlement's backoff runs on it
    JournalSettlement journal{clock};
    std::atomic<int> first_opens{0};  // reconciliations run
    std::atomic<bool> up_at_first_open{true};
    std::atomic<int> failures_left{0};  // reconciliations still to fail
    std::optional<DispenserService> service;

    explicit Rig(std::initializer_list<int> loaded_positions = {}, bool plugged = true) {
        if (plugged) device.emplace(port, loaded_positions);
        service.emplace(probe.inbox(), section(), serial::PortSpec::device_path(port), journal,
                        [this](dispenser::Dispenser& opened) -> Status {
                            ++first_opens;
                            up_at_first_open = service->up();
                            CHECK(opened.status().ok());  // the hook gets the device, open and initialised
                            if (failures_left > 0) {
                                --failures_left;
                                return fail("test.reconcile", "database is locked");
                            }
                            return {};
                        });
    }
    ~Rig() { service.reset(); }

    session::DeviceHealth health() { return probe.next<session::DeviceHealth>(); }
    void connected() {
        service->connect();
        const auto up = health();
        REQUIRE(up.device == session::Device::dispenser);
        REQUIRE(up.up());
    }
    template <class T>
    T answer_to(session::RequestId request) {
        return probe.next<T>([request](const T& e) { return e.request == request; });
    }
};

}  // namespace

TEST_CASE("an absent dispenser is reported down and fails commands; back, it is reconciled, then up") {
    Rig rig({}, /*plugged=*/false);
    rig.service->connect();
    const auto down = rig.health();
    CHECK(down.device == session::Device::dispenser);
    CHECK(down.fault == session::DeviceFault::disconnected);
    rig.service->fetch(3, 1);
    CHECK(rig.answer_to<session::SlotFetched>(3).outcome == session::DispenserOutcome::fault);
    rig.service->present(4, 1s);
    CHECK(rig.answer_to<session::CardPresentResult>(4).outcome == session::TakeOutcome::fault);
    rig.service->capture(5);
    CHECK(rig.answer_to<session::CardCaptured>(5).outcome == session::DispenserOutcome::fault);
    CHECK(rig.probe.all<session::DeviceHealth>().size() == 1);
    CHECK(rig.first_opens == 0);

    rig.device.emplace(rig.port);
    rig.connected();
    CHECK(rig.service->up());
    CHECK(rig.first_opens == 1);
    CHECK_FALSE(rig.up_at_first_open);  // no pickup could start before reconciliation
    CHECK(rig.service->bin_counter() == 0);
}

TEST_CASE("store slot N is the device's position N-1; an empty slot is the card's failure, not the device's") {
    Rig rig({/*position*/ 0});
    rig.connected();
    rig.service->fetch(11, 2);
    CHECK(rig.answer_to<session::SlotFetched>(11).outcome == session::DispenserOutcome::slot_empty);
    rig.service->fetch(12, 1);
    CHECK(rig.answer_to<session::SlotFetched>(12).outcome == session::DispenserOutcome::ok);
    CHECK(rig.service->up());
    CHECK(rig.probe.all<session::DeviceHealth>().size() == 1);
}

TEST_CASE("a card presented and taken; one not taken is captured and the bin counter read again") {
    Rig rig({0, 1});
    rig.connected();
    rig.service->fetch(21, 1);
    REQUIRE(rig.answer_to<session::SlotFetched>(21).outcome == session::DispenserOutcome::ok);
    {
        // A hand takes the card as soon as it is presented at the mouth.
        std::atomic<bool> done{false};
        std::thread hand([&] {
            while (!done && !rig.device->model().take().ok) std::this_thread::sleep_for(5ms);
        });
        rig.service->present(22, 30s);
        const auto taken = rig.answer_to<session::CardPresentResult>(22);
        done = true;
        hand.join();
        CHECK(taken.outcome == session::TakeOutcome::taken);
    }
    rig.service->fetch(23, 2);
    REQUIRE(rig.answer_to<session::SlotFetched>(23).outcome == session::DispenserOutcome::ok);
    rig.service->present(24, 300ms);  // nobody takes it
    CHECK(rig.answer_to<session::CardPresentResult>(24).outcome == session::TakeOutcome::not_taken);
    CHECK(rig.service->bin_counter() == 0);
    rig.service->capture(25);
    CHECK(rig.answer_to<session::CardCaptured>(25).outcome == session::DispenserOutcome::ok);
    CHECK(rig.service->bin_counter() == 1);
    CHECK(rig.service->up());
}

TEST_CASE("a jam fails the fetch and leaves the dispenser up") {
    Rig rig({0});
    rig.connected();
    REQUIRE(rig.device->model().jam_next_move().ok);
    rig.service->fetch(31, 1);
    CHECK(rig.answer_to<session::SlotFetched>(31).outcome == session::DispenserOutcome::jam);
    CHECK(rig.service->up());
    CHECK(rig.probe.all<session::DeviceHealth>().size() == 1);
}

TEST_CASE("a full capture bin takes the dispenser down, at open or at a capture") {
    SUBCASE("at open") {
        Rig rig;
        REQUIRE(rig.device->model().set_bin_full(true).ok);
        rig.service->connect();
        const auto down = rig.health();
        CHECK(down.fault == session::DeviceFault::capture_bin_full);
        CHECK_FALSE(rig.service->up());
        CHECK(rig.first_opens == 1);  // the device answered: the journal is reconciled all the same
    }
    SUBCASE("at a capture") {
        Rig rig({0});
        rig.connected();
        rig.service->fetch(41, 1);
        REQUIRE(rig.answer_to<session::SlotFetched>(41).outcome == session::DispenserOutcome::ok);
        REQUIRE(rig.device->model().set_bin_full(true).ok);
        rig.service->capture(42);
        CHECK(rig.answer_to<session::CardCaptured>(42).outcome == session::DispenserOutcome::fault);
        const auto down = rig.health();
        CHECK(down.fault == session::DeviceFault::capture_bin_full);
    }
}

TEST_CASE("a lost link takes the dispenser down; reconnected, it is up again without a second reconciliation") {
    Rig rig({0});
    rig.connected();
    rig.device.reset();  // unplugged
    rig.service->fetch(51, 1);
    CHECK(rig.answer_to<session::SlotFetched>(51).outcome == session::DispenserOutcome::fault);
    const auto down = rig.health();
    CHECK_FALSE(down.up());
    CHECK_FALSE(rig.service->up());

    rig.device.emplace(rig.port, std::initializer_list<int>{0});
    rig.connected();
    CHECK(rig.first_opens == 1);
    rig.service->fetch(52, 1);
    CHECK(rig.answer_to<session::SlotFetched>(52).outcome == session::DispenserOutcome::ok);
}

namespace {
// The service publishes its reading on the worker after it reports the device up: wait for it.
mgmt::DispenserReading reading_once(DispenserService& service,
                                    const std::function<bool(const mgmt::DispenserReading&)>& done) {
    for (int i = 0; i < 500; ++i) {
        auto reading = service.reading();
        if (done(reading)) return reading;
        std::this_thread::sleep_for(10ms);
    }
    return service.reading();
}
}  // namespace

TEST_CASE("the last reading for management: the magazine less each card fetched, the bin, the firmware") {
    Rig rig({0, 3, 4});
    CHECK_FALSE(rig.service->reading().magazine.has_value());  // nothing read before the device answered
    rig.connected();
    auto reading = reading_once(*rig.service, [](const auto& r) { return r.magazine.has_value(); });
    REQUIRE(reading.magazine.has_value());
    CHECK(reading.magazine->cards == 3);
    CHECK(reading.magazine->slots == 10);
    REQUIRE(reading.bin.has_value());
    CHECK(reading.bin->count == 0);
    CHECK_FALSE(reading.bin->full);
    REQUIRE(reading.firmware.has_value());
    CHECK_FALSE(reading.firmware->empty());

    rig.service->fetch(61, 4);  // device position 3
    REQUIRE(rig.answer_to<session::SlotFetched>(61).outcome == session::DispenserOutcome::ok);
    CHECK(rig.service->reading().magazine->cards == 2);
    rig.service->capture(62);
    REQUIRE(rig.answer_to<session::CardCaptured>(62).outcome == session::DispenserOutcome::ok);
    CHECK(rig.service->reading().bin->count == 1);
    CHECK(rig.service->bin_counter() == 1);
    rig.service->fetch(63, 2);  // an empty slot: nothing left it
    REQUIRE(rig.answer_to<session::SlotFetched>(63).outcome == session::DispenserOutcome::slot_empty);
    CHECK(rig.service->reading().magazine->cards == 2);
}

TEST_CASE("a capture refused for a full bin marks the bin full in the reading") {
    Rig rig({0});
    rig.connected();
    (void)reading_once(*rig.service, [](const auto& r) { return r.magazine.has_value(); });
    rig.service->fetch(71, 1);
    REQUIRE(rig.answer_to<session::SlotFetched>(71).outcome == session::DispenserOutcome::ok);
    REQUIRE(rig.device->model().set_bin_full(true).ok);
    rig.service->capture(72);
    CHECK(rig.answer_to<session::CardCaptured>(72).outcome == session::DispenserOutcome::fault);
    REQUIRE(rig.service->reading().bin.has_value());
    CHECK(rig.service->reading().bin->full);
}

TEST_CASE("a failed start-up reconciliation keeps the dispenser down with its reason and is retried with a backoff") {
    Rig rig({0});
    rig.failures_left = 2;
    rig.service->connect();
    const auto down = rig.health();
    CHECK(down.fault == session::DeviceFault::journal_unreconciled);
    CHECK(rig.first_opens == 1);
    CHECK_FALSE(rig.service->up());
    CHECK_FALSE(rig.journal.settled());

    // The loop's retries (connect() while down): none before the backoff has passed.
    auto retried = [&] {
        rig.service->connect();
        rig.service->fetch(0, 2);  // an empty slot, a marker: the worker ran the retry once answered
        (void)rig.answer_to<session::SlotFetched>(0);
    };
    retried();
    CHECK(rig.first_opens == 1);
    rig.clock.advance(JournalSettlement::kFirstRetry);
    retried();
    CHECK(rig.first_opens == 2);  // failed again: the next waits twice as long
    CHECK_FALSE(rig.service->up());
    rig.clock.advance(JournalSettlement::kFirstRetry);
    retried();
    CHECK(rig.first_opens == 2);
    rig.clock.advance(JournalSettlement::kFirstRetry);
    retried();
    CHECK(rig.first_opens == 3);  // this one succeeds
    const auto up = rig.health();
    CHECK(up.up());
    CHECK(rig.service->up());
    CHECK(rig.journal.settled());
    CHECK(rig.probe.all<session::DeviceHealth>().size() == 2);  // down (with its reason), then up

    // Settled: a retry reconciles nothing more, and a pickup's fetch works.
    rig.clock.advance(JournalSettlement::kLongestRetry);
    rig.service->connect();
    rig.service->fetch(7, 1);
    CHECK(rig.answer_to<session::SlotFetched>(7).outcome == session::DispenserOutcome::ok);
    CHECK(rig.first_opens == 3);
}

TEST_CASE("a failed journal write takes the dispenser down; reconciled after the session's capture, it is up") {
    Rig rig({0});
    rig.connected();
    REQUIRE(rig.journal.settled());
    rig.service->fetch(1, 1);
    REQUIRE(rig.answer_to<session::SlotFetched>(1).outcome == session::DispenserOutcome::ok);

    // The store's worker: the `presenting` step failed. The dispenser goes down at once, with why.
    rig.journal.unsettle();
    const auto down = rig.health();
    CHECK(down.fault == session::DeviceFault::journal_unreconciled);
    CHECK_FALSE(rig.service->up());

    // The loop retries while the session's card is at the read position: no reconciliation (it
    // would capture the card the session is about to capture itself).
    rig.service->connect();
    rig.service->capture(2);
    CHECK(rig.answer_to<session::CardCaptured>(2).outcome == session::DispenserOutcome::ok);
    CHECK(rig.first_opens == 1);
    CHECK_FALSE(rig.service->up());

    // The card in the bin: the next retry reconciles, and the dispenser is up again.
    rig.service->connect();
    const auto up = rig.health();
    CHECK(up.up());
    CHECK(rig.first_opens == 2);
    CHECK(rig.journal.settled());
}

TEST_CASE("a capture that fails leaves its journal entry open: the journal needs reconciling") {
    Rig rig({0});
    rig.connected();
    rig.service->fetch(1, 1);
    REQUIRE(rig.answer_to<session::SlotFetched>(1).outcome == session::DispenserOutcome::ok);
    REQUIRE(rig.device->model().jam_next_move().ok);
    rig.service->capture(2);
    CHECK(rig.answer_to<session::CardCaptured>(2).outcome == session::DispenserOutcome::jam);
    const auto down = rig.health();
    CHECK(down.fault == session::DeviceFault::journal_unreconciled);
    CHECK_FALSE(rig.journal.settled());
}

namespace {
// Waits (a guard against a hang, not a measured window) until the simulated card is at `place`.
void await_card_at(DispenserAt& device, dispenser::sim::CardPlace place) {
    const auto guard = std::chrono::steady_clock::now() + 10s;
    while (device.model().snapshot().place != place) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < guard, "the card never reached " << to_string(place));
        std::this_thread::sleep_for(5ms);
    }
}
}  // namespace

TEST_CASE("stop() while a presented card waits to be taken returns at once and leaves the card held, not takeable") {
    Rig rig({0});
    rig.connected();
    rig.service->fetch(81, 1);
    REQUIRE(rig.answer_to<session::SlotFetched>(81).outcome == session::DispenserOutcome::ok);
    rig.service->present(82, 20s);  // far longer than a stop may take
    await_card_at(*rig.device, dispenser::sim::CardPlace::mouth_presented);
    const auto stopping = std::chrono::steady_clock::now();
    rig.service->stop();
    CHECK(std::chrono::steady_clock::now() - stopping < 3s);
    CHECK(rig.device->model().snapshot().place == dispenser::sim::CardPlace::mouth_held);
    CHECK_FALSE(rig.device->model().take().ok);               // nobody can take it while the kiosk is down
    CHECK(rig.device->model().snapshot().bin_cards.empty());  // parked, not captured: reconciliation decides
}
