// M1 has no sequence numbers: a move whose ACK is late must not be resent blindly, or the device
// runs it twice. The simulator delays its ACK past the driver's ACK window (fault late_ack); the
// driver learns from the sensors that the move ran and does not send it again. A move whose frame
// was lost (fault silence) is sent again, once the sensors show it did not run.
#include "tests/drivers/dispenser/sim_fixture.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kiosk::dispenser;
using namespace kiosk::dispenser::testing;

namespace {

void inject(SimAndDriver& t, const std::string& line) {
    const auto answer = sim::run_control_line(t.model(), line);
    REQUIRE_MESSAGE(answer.ok, answer.line());
}

// A card fetched to the read position, ready to be presented.
SimAndDriver card_at_read_position(const std::string& name, kiosk::SteadyClock& clock = kiosk::real_steady_clock()) {
    auto t = start_sim(50, "", nullptr, clock);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file(name), 5);
    REQUIRE(t.dispenser->fetch(5).ok());
    return t;
}

}  // namespace

TEST_CASE("a present whose ACK comes late runs once") {
    auto t = card_at_read_position("late-present");
    REQUIRE(t.model().timings().late_ack_ms > 2 * t.dispenser->settings().ack_timeout_ms);
    const int moves_before = t.model().moves_run();
    inject(t, "fault late_ack");
    const auto presented = t.dispenser->present();
    REQUIRE_MESSAGE(presented.ok(), (presented.ok() ? "" : presented.error().to_string()));
    // The device answers in order, so once this status is answered every frame the host sent
    // before it has been handled: a resent present would have run by now.
    const auto status = t.dispenser->status();
    REQUIRE(status.ok());
    CHECK(status->transport == TransportState::at_mouth);
    CHECK(t.model().moves_run() == moves_before + 1);
    CHECK(t.model().snapshot().place == sim::CardPlace::mouth_presented);
    CHECK(sim::run_control_line(t.model(), "state").text.find("moves=" + std::to_string(moves_before + 1)) !=
          std::string::npos);
}

TEST_CASE("a fetch whose ACK comes late runs once, and the slot is empty after it") {
    auto t = start_sim();
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("late-fetch"), 8);
    const int moves_before = t.model().moves_run();
    inject(t, "fault late_ack");
    REQUIRE(t.dispenser->fetch(8).ok());
    const auto sensors = t.dispenser->sensors();
    REQUIRE(sensors.ok());
    CHECK(sensors->read_position);
    CHECK(t.model().moves_run() == moves_before + 1);
    CHECK_FALSE(t.dispenser->inventory()->occupied[8]);
}

TEST_CASE("a capture whose ACK comes late runs once: one card in the bin, the counter up by one") {
    auto t = card_at_read_position("late-capture");
    const int moves_before = t.model().moves_run();
    inject(t, "fault late_ack");
    REQUIRE(t.dispenser->capture().ok());
    CHECK(*t.dispenser->bin_counter() == 1);
    CHECK(t.model().moves_run() == moves_before + 1);
    CHECK(t.model().snapshot().bin_cards.size() == 1);
}

TEST_CASE("a move whose frame was lost is sent again once the sensors show it did not run") {
    auto t = card_at_read_position("lost-present");
    const int moves_before = t.model().moves_run();
    inject(t, "fault silence");
    REQUIRE(t.dispenser->present().ok());
    REQUIRE(t.dispenser->status().ok());
    CHECK(t.model().moves_run() == moves_before + 1);
    CHECK(t.model().snapshot().place == sim::CardPlace::mouth_presented);
}

TEST_CASE("a silent device is still declared not answering for a move, within the move's time") {
    using namespace std::chrono_literals;
    kiosk::test::TestSteadyClock clock;
    auto t = card_at_read_position("dead-present", clock);
    const int moves_before = t.model().moves_run();
    inject(t, "fault silence 100");
    const auto started = clock.elapsed();
    const auto presented = t.dispenser->present();
    REQUIRE_FALSE(presented.ok());
    CHECK(presented.error().kind == DispenserErrorKind::not_answering);
    // The learning ends at the move's reply time (test_settings: 2 s) on the driver's clock, having
    // probed the sensors no faster than every 200 ms.
    CHECK(clock.elapsed() - started == std::chrono::milliseconds(test_settings().move_reply_timeout_ms));
    const auto sleeps = clock.sleeps();
    CHECK(std::all_of(sleeps.begin(), sleeps.end(), [](auto d) { return d <= 200ms; }));
    CHECK(t.model().moves_run() == moves_before);
    CHECK(t.model().snapshot().place == sim::CardPlace::read_position);
}
