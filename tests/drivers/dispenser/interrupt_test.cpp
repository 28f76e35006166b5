// Stops: every wait of the driver (status polls for a card to be taken or inserted, the ACK and
// reply of an exchange) ends soon after its stop token is stopped, with `interrupted` and an EOT;
// a call made after the stop sends nothing; an empty token interrupts nothing.
#include "tests/drivers/dispenser/sim_fixture.hpp"

#include "drivers/serial/pty_pair.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <array>
#include <future>
#include <stop_token>
#include <thread>

using namespace kiosk::dispenser;
using namespace kiosk::dispenser::testing;
using kiosk::serial::Clock;
using namespace std::chrono_literals;

namespace {

// How soon an interrupted call must return: the driver looks at the stop every
// kStopCheckIntervalMs; this leaves room for one exchange in flight on a busy machine.
constexpr auto kStopBound = 1s;

// Waits (a guard against a hang, not a measured window) until the device has executed `count`
// more commands than `before`: the host is then inside its polling loop.
void await_commands(sim::DeviceModel& model, int before, int count) {
    const auto guard = Clock::now() + 10s;
    while (model.commands_executed() < before + count) {
        REQUIRE_MESSAGE(Clock::now() < guard, "the host did not poll");
        std::this_thread::sleep_for(5ms);
    }
}

}  // namespace

TEST_CASE("a stop ends the wait for a presented card to be taken, within the bound") {
    auto t = start_sim();
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("int-take"), 3);
    REQUIRE(t.dispenser->fetch(3).ok());
    std::stop_source stop;
    t.dispenser->interrupt_on(stop.get_token());
    const int before = t.model().commands_executed();
    auto waiting = std::async(std::launch::async, [&] { return t.dispenser->present_and_wait(60'000); });
    await_commands(t.model(), before, 3);  // the present and two status polls
    const auto stopped_at = Clock::now();
    stop.request_stop();
    REQUIRE(waiting.wait_for(10s) == std::future_status::ready);
    const auto took = Clock::now() - stopped_at;
    const auto outcome = waiting.get();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == DispenserErrorKind::interrupted);
    CHECK(took < kStopBound);
    // The card is where the device left it: presented. Nothing else moved it.
    CHECK(t.model().snapshot().place == sim::CardPlace::mouth_presented);

    // A call after the stop sends nothing and fails at once; with the stop gone, calls work again.
    const int after = t.model().commands_executed();
    auto refused = t.dispenser->status();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == DispenserErrorKind::interrupted);
    t.dispenser->interrupt_on({});
    REQUIRE(t.dispenser->status().ok());
    CHECK(t.model().commands_executed() == after + 1);
}

TEST_CASE("a stop during a pause between status polls ends the take wait in that pause, on the test clock") {
    kiosk::test::TestSteadyClock clock;
    auto t = start_sim(50, "", nullptr, clock);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("int-pause"), 4);
    REQUIRE(t.dispenser->fetch(4).ok());
    std::stop_source stop;
    t.dispenser->interrupt_on(stop.get_token());
    const auto sleeps_before = clock.sleeps().size();
    const auto started = clock.elapsed();
    // The stop comes in the third pause (from 400 to 600 ms of simulated time).
    clock.on_sleep([&] {
        if (clock.sleeps().size() - sleeps_before == 3) stop.request_stop();
    });
    const int before = t.model().commands_executed();
    const auto outcome = t.dispenser->present_and_wait(60'000);
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == DispenserErrorKind::interrupted);
    // The present and the polls at 0, 200 and 400 ms; none after the stop.
    CHECK(t.model().commands_executed() - before == 4);
    CHECK(clock.elapsed() - started == 600ms);
    CHECK(t.model().snapshot().place == sim::CardPlace::mouth_presented);
}

TEST_CASE("a stop ends the wait for a card inserted at the mouth") {
    auto t = start_sim();
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    REQUIRE(t.dispenser->accept_cards().ok());
    std::stop_source stop;
    t.dispenser->interrupt_on(stop.get_token());
    const int before = t.model().commands_executed();
    auto waiting = std::async(std::launch::async, [&] { return t.dispenser->wait_for_inserted_card(60'000); });
    await_commands(t.model(), before, 2);
    const auto stopped_at = Clock::now();
    stop.request_stop();
    REQUIRE(waiting.wait_for(10s) == std::future_status::ready);
    CHECK(Clock::now() - stopped_at < kStopBound);
    const auto outcome = waiting.get();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == DispenserErrorKind::interrupted);
}

TEST_CASE("a stop ends the wait for a move's reply, and the device is sent EOT") {
    auto pty = kiosk::serial::PtyPair::create({});
    REQUIRE(pty.ok());
    auto link = kiosk::serial::open_link(kiosk::serial::PortSpec::device_path(pty->device_path()), {});
    REQUIRE(link.ok());
    Dispenser d(std::move(*link), test_settings());
    std::stop_source stop;
    d.interrupt_on(stop.get_token());
    std::promise<void> acked;
    std::thread device([&] {
        // A device that takes the move and never finishes it.
        StreamDecoder decoder;
        std::array<std::uint8_t, 64> buffer{};
        bool framed = false;
        while (!framed) {
            auto n = pty->master().read_some(buffer, Clock::now() + 5s);
            REQUIRE(n.ok());
            decoder.feed(std::span<const std::uint8_t>(buffer.data(), *n));
            while (auto e = decoder.next()) framed = framed || e->kind == StreamDecoder::EventKind::frame;
        }
        const std::array<std::uint8_t, 1> ack{kAck};
        REQUIRE(pty->master().write(ack, Clock::now() + 1s).ok());
        acked.set_value();
        std::array<std::uint8_t, 1> eot{};
        REQUIRE(kiosk::serial::read_exact(pty->master(), eot, Clock::now() + 5s).ok());
        CHECK(eot[0] == kEot);
    });
    auto moving = std::async(std::launch::async, [&] { return d.fetch(3); });
    REQUIRE(acked.get_future().wait_for(5s) == std::future_status::ready);
    const auto stopped_at = Clock::now();
    stop.request_stop();
    REQUIRE(moving.wait_for(10s) == std::future_status::ready);
    CHECK(Clock::now() - stopped_at < kStopBound);
    const auto outcome = moving.get();
    device.join();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == DispenserErrorKind::interrupted);
}

TEST_CASE("without a stop token the waits run to their own deadlines") {
    auto t = start_sim();
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("int-none"), 4);
    REQUIRE(t.dispenser->fetch(4).ok());
    std::stop_source never_stopped;
    t.dispenser->interrupt_on(never_stopped.get_token());
    const auto outcome = t.dispenser->present_and_wait(400);
    REQUIRE(outcome.ok());
    CHECK(*outcome == PresentOutcome::not_taken_in_time);
}
