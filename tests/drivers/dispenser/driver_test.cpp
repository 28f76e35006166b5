// The driver against the in-process simulator over a pty: every operation, every M1 error code.
#include "tests/drivers/dispenser/sim_fixture.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kiosk::dispenser;
using namespace kiosk::dispenser::testing;
using namespace std::chrono_literals;

TEST_CASE("queries answer at power-on; moves answer 'initialize first' until initialized") {
    auto t = start_sim(50);
    auto status = t.dispenser->status();
    REQUIRE(status.ok());
    CHECK(status->transport == TransportState::empty);
    CHECK(status->magazine == MagazineLevel::empty);
    CHECK_FALSE(status->bin_full);
    auto serial = t.dispenser->serial_number();
    REQUIRE(serial.ok());
    CHECK(*serial == "KSD1-000001");
    auto firmware = t.dispenser->firmware_version();
    REQUIRE(firmware.ok());
    CHECK(*firmware == "M1-SIM 1.0");
    auto fetched = t.dispenser->fetch(0);
    REQUIRE_FALSE(fetched.ok());
    CHECK(fetched.error().kind == DispenserErrorKind::not_initialized);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    fetched = t.dispenser->fetch(0);
    REQUIRE_FALSE(fetched.ok());
    CHECK(fetched.error().kind == DispenserErrorKind::slot_empty);
    auto sensors = t.dispenser->sensors();
    REQUIRE(sensors.ok());
    CHECK(*sensors == Sensors{.magazine_home = true, .power = true});
}

TEST_CASE("a card inserted at the mouth is carried to the read position and stored in its slot") {
    auto t = start_sim(50);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    // The mouth is closed until the host accepts cards.
    CHECK_FALSE(kiosk::dispenser::sim::run_control_line(t.model(), "insert " + make_card_file("x")).ok);
    const auto card = make_card_file("a");
    load_card(t, card, 4);
    auto inventory = t.dispenser->inventory();
    REQUIRE(inventory.ok());
    REQUIRE(inventory->occupied.size() == 50);
    for (std::size_t i = 0; i < 50; ++i) CHECK(inventory->occupied[i] == (i == 4));
    CHECK(t.model().snapshot().slots[4] == card);
    auto status = t.dispenser->status();
    REQUIRE(status.ok());
    CHECK(status->transport == TransportState::empty);
    CHECK(status->magazine == MagazineLevel::low);  // 1 of 50 used: under 5 %
}

TEST_CASE("fetch, present, take: the card leaves the machine and the sensors follow it") {
    kiosk::test::TestSteadyClock clock;
    auto t = start_sim(50, "", nullptr, clock);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    const std::string card = make_card_file("b");
    load_card(t, card, 7);
    REQUIRE(t.dispenser->fetch(7).ok());
    auto sensors = t.dispenser->sensors();
    REQUIRE(sensors.ok());
    CHECK(sensors->read_position);
    CHECK_FALSE(sensors->mouth);
    REQUIRE(t.dispenser->present().ok());
    sensors = t.dispenser->sensors();
    REQUIRE(sensors.ok());
    CHECK(sensors->mouth);
    CHECK_FALSE(sensors->read_position);
    // The person takes the card 1.2 s (simulated) after the wait began: the first poll after that
    // sees the mouth empty, and the wait ends there, long before its 30 s.
    bool taken = false;
    clock.on_sleep([&] {
        if (taken || clock.elapsed() < 1200ms) return;
        taken = true;
        CHECK(kiosk::dispenser::sim::run_control_line(t.model(), "take").ok);
    });
    auto outcome = t.dispenser->wait_until_taken(30'000);
    REQUIRE(outcome.ok());
    CHECK(*outcome == PresentOutcome::taken);
    CHECK(clock.elapsed() == 1200ms);
    CHECK(t.model().snapshot().all_cards().empty());
    CHECK(t.model().snapshot().taken_cards == std::vector<std::string>{card});  // handed out once
    CHECK(t.dispenser->inventory()->occupied[7] == false);
}

TEST_CASE("a card not taken in time is captured and the bin counter goes up") {
    kiosk::test::TestSteadyClock clock;
    auto t = start_sim(50, "", nullptr, clock);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    const auto card = make_card_file("c");
    load_card(t, card, 1);
    REQUIRE(t.dispenser->fetch(1).ok());
    const auto started = clock.elapsed();
    const int commands_before = t.model().commands_executed();
    // The kiosk's own take timeout, 30 s, on simulated time.
    auto outcome = t.dispenser->present_and_wait(30'000);
    REQUIRE(outcome.ok());
    CHECK(*outcome == PresentOutcome::not_taken_in_time);
    // Exactly the timeout, polled every 200 ms and never faster: the present, 150 polls 200 ms
    // apart, and the last one at the deadline.
    CHECK(clock.elapsed() - started == 30s);
    CHECK(t.model().commands_executed() - commands_before == 1 + 151);
    const auto sleeps = clock.sleeps();
    REQUIRE(sleeps.size() >= 150);
    CHECK(std::all_of(sleeps.end() - 150, sleeps.end(), [](auto d) { return d == 200ms; }));
    // A held card cannot be taken; only a presented one can.
    REQUIRE(t.dispenser->hold_at_mouth().ok());
    CHECK_FALSE(kiosk::dispenser::sim::run_control_line(t.model(), "take").ok);
    REQUIRE(t.dispenser->capture().ok());
    auto counter = t.dispenser->bin_counter();
    REQUIRE(counter.ok());
    CHECK(*counter == 1);
    CHECK(t.model().snapshot().bin_cards == std::vector<std::string>{card});
    REQUIRE(t.dispenser->reset_bin_counter().ok());
    CHECK(*t.dispenser->bin_counter() == 0);
}

TEST_CASE("each M1 error code arises from the situation that causes it") {
    auto t = start_sim(50);
    auto kind = [](const DispenserResult<void>& r) {
        REQUIRE_FALSE(r.ok());
        return r.error().kind;
    };
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("d"), 0);
    load_card(t, make_card_file("e"), 1);

    auto undefined = t.dispenser->transact(Command{{0x39, 0x30}, {}}, 1000, "test");
    REQUIRE_FALSE(undefined.ok());
    CHECK(undefined.error().kind == DispenserErrorKind::undefined_command);
    CHECK(kind(t.dispenser->fetch(50)) == DispenserErrorKind::parameter_error);  // slots are 0..49
    auto with_data = t.dispenser->transact(Command{commands::status, {'1'}}, 1000, "test");
    REQUIRE_FALSE(with_data.ok());
    CHECK(with_data.error().kind == DispenserErrorKind::parameter_error);
    CHECK(kind(t.dispenser->present()) == DispenserErrorKind::no_card_at_read_position);
    CHECK(kind(t.dispenser->store(5)) == DispenserErrorKind::no_card_at_read_position);
    CHECK(kind(t.dispenser->fetch(2)) == DispenserErrorKind::slot_empty);

    REQUIRE(t.dispenser->fetch(0).ok());
    CHECK(kind(t.dispenser->fetch(1)) == DispenserErrorKind::card_in_transport);
    CHECK(kind(t.dispenser->accept_cards()) == DispenserErrorKind::card_in_transport);
    CHECK(kind(t.dispenser->store(1)) == DispenserErrorKind::slot_occupied);

    CHECK(kiosk::dispenser::sim::run_control_line(t.model(), "door open").ok);
    CHECK(kind(t.dispenser->store(2)) == DispenserErrorKind::sequence);
    CHECK(t.dispenser->sensors()->door_open);
    CHECK(kiosk::dispenser::sim::run_control_line(t.model(), "door close").ok);

    CHECK(kiosk::dispenser::sim::run_control_line(t.model(), "bin full").ok);
    CHECK(kind(t.dispenser->capture()) == DispenserErrorKind::bin_full);
    CHECK(t.dispenser->status()->bin_full);
    CHECK(kind(t.dispenser->initialize(InitializeMode::capture_card)) == DispenserErrorKind::bin_full);
    CHECK(kiosk::dispenser::sim::run_control_line(t.model(), "bin empty").ok);

    // A jam leaves the card stuck in the transport and the machine needing an initialize.
    CHECK(kiosk::dispenser::sim::run_control_line(t.model(), "jam").ok);
    CHECK(kind(t.dispenser->store(2)) == DispenserErrorKind::jam);
    auto sensors = t.dispenser->sensors();
    REQUIRE(sensors.ok());
    CHECK(sensors->transport);
    CHECK_FALSE(sensors->read_position);
    CHECK(kind(t.dispenser->store(2)) == DispenserErrorKind::not_initialized);
    REQUIRE(t.dispenser->initialize(InitializeMode::capture_card).ok());
    CHECK(*t.dispenser->bin_counter() == 1);
    CHECK_FALSE(t.dispenser->sensors()->transport);
}

TEST_CASE("every M1 error code the device sends becomes its typed error") {
    auto t = start_sim(50);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    for (ErrorCode code : kAllErrorCodes) {
        INFO("code " << error_code_ascii(code));
        REQUIRE(kiosk::dispenser::sim::run_control_line(t.model(), "fail " + error_code_ascii(code)).ok);
        auto r = t.dispenser->initialize(InitializeMode::keep_card);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == kind_of(code));
        CHECK(r.error().what.find(error_code_ascii(code)) != std::string::npos);
        // The machine recovers with an initialize.
        REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    }
}

TEST_CASE("the magazine survives the simulator being stopped and started again") {
    const std::string state = remove_at_exit("/tmp/kiosk-dispenser-restart-" + std::to_string(::getpid()) + ".state");
    std::remove(state.c_str());
    const auto a = make_card_file("r1");
    const auto b = make_card_file("r2");
    {
        auto t = start_sim(30, state);
        REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
        load_card(t, a, 3);
        load_card(t, b, 29);
        REQUIRE(t.dispenser->fetch(3).ok());  // leave one card at the read position
    }
    auto t = start_sim(500, state);  // the state file's 30 slots win over the option
    auto inventory = t.dispenser->inventory();
    REQUIRE(inventory.ok());
    REQUIRE(inventory->occupied.size() == 30);
    CHECK_FALSE(inventory->occupied[3]);
    CHECK(inventory->occupied[29]);
    auto status = t.dispenser->status();
    REQUIRE(status.ok());
    CHECK(status->transport == TransportState::at_read_position);
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    REQUIRE(t.dispenser->store(3).ok());
    CHECK(t.model().snapshot().slots[3] == a);
    CHECK(t.model().snapshot().slots[29] == b);
    std::remove(state.c_str());
}

TEST_CASE("a device answers only frames for its own address") {
    sim::SimulatorOptions options;
    options.address = 5;
    options.timings = fast_timings();
    auto simulator = sim::Simulator::start(std::move(options));
    REQUIRE(simulator.ok());
    auto settings = test_settings();
    settings.address = 5;
    auto ours = Dispenser::open(kiosk::serial::PortSpec::device_path((*simulator)->device_path()), {}, settings);
    REQUIRE(ours.ok());
    auto status = (*ours)->status();
    REQUIRE(status.ok());
    ours->reset();
    auto other = Dispenser::open(kiosk::serial::PortSpec::device_path((*simulator)->device_path()), {},
                                 test_settings());  // address 0
    REQUIRE(other.ok());
    auto silent = (*other)->status();
    REQUIRE_FALSE(silent.ok());
    CHECK(silent.error().kind == DispenserErrorKind::not_answering);
}
