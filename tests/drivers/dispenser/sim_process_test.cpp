// The simulator binary as a separate process: its pty, its control socket, its state file under
// SIGKILL, and a host written independently of this code base (tests/.../independent_host.py).
#include "tests/drivers/dispenser/sim_process.hpp"
#include "tests/drivers/dispenser/sim_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

using namespace kiosk::dispenser;
using namespace kiosk::dispenser::testing;
using kiosk::serial::Clock;
using namespace std::chrono_literals;

namespace {

std::string temp_path(const std::string& name) {
    return remove_at_exit("/tmp/kiosk-dispenser-proc-" + std::to_string(::getpid()) + "-" + name);
}

std::unique_ptr<Dispenser> connect(const SimProcess& sim) {
    auto d = Dispenser::open(kiosk::serial::PortSpec::device_path(sim.device_path()), {}, test_settings());
    REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error().to_string()));
    return std::move(*d);
}

}  // namespace

TEST_CASE("the simulator process: load through the mouth, fetch, present, a person takes the card") {
    const auto pty = temp_path("pty");
    const auto socket = temp_path("ctl");
    SimProcess sim({"--pty", pty, "--slots", "20", "--control", socket, "--move-ms", "20", "--init-ms", "5", "--serial",
                    "KSD1-424242"});
    CHECK(sim.device_path() == pty);
    auto d = connect(sim);
    CHECK(*d->serial_number() == "KSD1-424242");
    REQUIRE(d->initialize(InitializeMode::keep_card).ok());
    CHECK(control(socket, "insert " + make_card_file("p1")) == "error the mouth is closed (not accepting cards)");
    REQUIRE(d->accept_cards().ok());
    CHECK(control(socket, "insert " + make_card_file("p1")) == "ok");
    auto arrived = d->wait_for_inserted_card(2000);
    REQUIRE(arrived.ok());
    CHECK(*arrived);
    REQUIRE(d->stop_accepting().ok());
    REQUIRE(d->store(11).ok());
    CHECK(control(socket, "state").find("occupied=1") != std::string::npos);
    REQUIRE(d->fetch(11).ok());
    CHECK(control(socket, "take") == "error no card at the mouth");
    REQUIRE(d->present().ok());
    CHECK(control(socket, "take") == "ok");
    auto outcome = d->wait_until_taken(2000);
    REQUIRE(outcome.ok());
    CHECK(*outcome == PresentOutcome::taken);
    CHECK(control(socket, "state").find("occupied=0") != std::string::npos);
    CHECK(control(socket, "fault silence") == "ok");
    CHECK(d->status().ok());  // recovered by a resend
    CHECK(control(socket, "bogus") == "error unknown command");

    CHECK(sim.kill_and_wait(SIGTERM) == 0);  // exited by itself with 0 (a signal death reads 128 + N)
    CHECK(::access(socket.c_str(), F_OK) != 0);
    CHECK(::access(pty.c_str(), F_OK) != 0);
}

TEST_CASE("SIGKILL at any instant during activity: the state file always loads, no card lost or doubled") {
    const auto pty = temp_path("kpty");
    const auto socket = temp_path("kctl");
    const auto state = temp_path("state");
    remove_at_exit(state + ".tmp");  // left behind when a kill lands between create and rename
    std::remove(state.c_str());
    const std::vector<std::string> args{"--pty",   pty,   "--slots",   "8",  "--control", socket,
                                        "--state", state, "--move-ms", "15", "--init-ms", "2"};
    std::vector<std::string> cards{make_card_file("k1"), make_card_file("k2"), make_card_file("k3")};
    {
        SimProcess sim(args);
        auto d = connect(sim);
        REQUIRE(d->initialize(InitializeMode::keep_card).ok());
        for (int i = 0; i < 3; ++i) {
            REQUIRE(d->accept_cards().ok());
            REQUIRE(control(socket, "insert " + cards[static_cast<std::size_t>(i)]) == "ok");
            REQUIRE(d->stop_accepting().ok());
            REQUIRE(d->store(i).ok());
        }
        sim.kill_and_wait(SIGKILL);
    }
    std::sort(cards.begin(), cards.end());
    std::mt19937 random(12345);
    int moves_total = 0;
    int kills_with_card_out = 0;  // rounds whose kill caught a card between slots
    for (int round = 0; round < 20; ++round) {
        INFO("round " << round);
        SimProcess sim(args);
        auto d = connect(sim);
        // Bring whatever the last kill left in the transport back into the magazine.
        REQUIRE(d->initialize(InitializeMode::keep_card).ok());
        auto sensors = d->sensors();
        REQUIRE(sensors.ok());
        if (sensors->transport || sensors->mouth) REQUIRE(d->move_to_read_position().ok());
        if (d->status()->transport == TransportState::at_read_position) {
            auto inv = d->inventory();
            REQUIRE(inv.ok());
            const auto empty = std::find(inv->occupied.begin(), inv->occupied.end(), false);
            REQUIRE(d->store(static_cast<int>(empty - inv->occupied.begin())).ok());
        }
        // Shuffle cards between slots on a worker until the simulator dies under it.
        std::atomic<int> moves{0};
        std::thread worker([&] {
            for (;;) {
                auto inv = d->inventory();
                if (!inv) return;
                const auto full = std::find(inv->occupied.begin(), inv->occupied.end(), true);
                const auto empty = std::find(inv->occupied.rbegin(), inv->occupied.rend(), false);
                if (!d->fetch(static_cast<int>(full - inv->occupied.begin()))) return;
                if (!d->store(static_cast<int>(inv->occupied.rend() - empty - 1))) return;
                ++moves;
            }
        });
        // The kill instant is what this test varies; the sleep picks it, it synchronises nothing.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 250)(random)));
        sim.kill_and_wait(SIGKILL);
        worker.join();
        moves_total += moves;
        auto loaded = sim::load_state(state);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().to_string()));
        auto held = loaded->all_cards();
        std::sort(held.begin(), held.end());
        CHECK(held == cards);
        CHECK(loaded->bin_cards.empty());
        if (loaded->place != sim::CardPlace::none) ++kills_with_card_out;
    }
    MESSAGE("moves completed: " << moves_total << ", kills with a card out of the magazine: " << kills_with_card_out);
    CHECK(moves_total > 0);
    CHECK(kills_with_card_out > 0);  // the kills landed during real activity
    std::remove(state.c_str());
}

TEST_CASE("an independent host written from the protocol document talks to the simulator") {
    const auto pty = temp_path("ipty");
    SimProcess sim({"--pty", pty, "--slots", "5", "--move-ms", "20", "--init-ms", "5"});
    const auto host =
        kiosk::testing::require_ok(kiosk::testing::run({"python3", KIOSK_DISPENSER_INDEPENDENT_HOST, pty}, {}, 100'000));
    INFO("stdout: " << host.out << "\nstderr: " << host.err);
    CHECK(host.exit_code == 0);  // exited by itself with 0 (a signal death reads 128 + N)
}
