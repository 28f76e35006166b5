// SIGTERM in the middle of a pickup, with the card presented at the dispenser's mouth: the REAL
// `kiosk --demo` (Xvfb, pcscd + vsmartcard-vpcd, the simulated devices on ptys) must stop within the
// systemd unit's TimeoutStopSec and exit 0, not wait out the resident's take timeout (30 s) and be
// killed. It leaves the card drawn back and held in the mouth (nobody can take it while the kiosk is
// down) and the pickup journal at `presenting`.
//
// Then the kiosk starts again on the same database and the same dispenser (kiosk-sim-dispenser on
// the demo's state file, the state the stop left): start-up reconciliation finds the card in the
// mouth and captures it, and the store agrees with the machine: the journal entry closed as
// reconciled_captured, the record CAPTURED with no slot, the slot empty, one card.captured event in
// the outbox, the audit chain intact, the card in the simulator's bin and the counter at one.
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/system/demo_driver.hpp"
#include "tests/system/documented_config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

using namespace kiosk::testing;
namespace fs = std::filesystem;
namespace dsim = kiosk::dispenser::sim;
namespace store = kiosk::store;
namespace ui = kiosk::ui;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

// TimeoutStopSec of the kiosk's unit: how long systemd lets it stop before SIGKILL.
std::chrono::seconds unit_stop_timeout() {
    std::ifstream unit(KIOSK_UNIT_FILE);
    REQUIRE(unit.good());
    std::string line;
    while (std::getline(unit, line)) {
        if (line.rfind("TimeoutStopSec=", 0) != 0) continue;
        const std::string value = line.substr(15);
        const bool in_seconds = value.size() >= 2 && value.back() == 's';
        REQUIRE_MESSAGE(in_seconds, "TimeoutStopSec in seconds expected: " << value);
        return std::chrono::seconds(std::stoi(value.substr(0, value.size() - 1)));
    }
    FAIL("no TimeoutStopSec in " KIOSK_UNIT_FILE);
    return {};
}

dsim::MechanismState dispenser_state(const fs::path& path) {
    return require_ok(dsim::load_state(path.string()));
}

// Polls the simulator's state file (replaced atomically at every change) until `done`; a guard
// against a hang, not a measured window.
dsim::MechanismState await_dispenser(const fs::path& path, const std::function<bool(const dsim::MechanismState&)>& done,
                                     const char* what) {
    const auto guard = Clock::now() + std::chrono::seconds(60);
    for (;;) {
        auto state = dispenser_state(path);
        if (done(state)) return state;
        REQUIRE_MESSAGE(Clock::now() < guard, "the dispenser never got to: " << what);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::vector<store::PickupEntry> open_pickups(const fs::path& database) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;
    auto db = require_ok(store::open_store(database.string(), options));
    return require_ok(store::PickupJournal(db).open_entries());
}

// The documented defaults on the demo's database and files, the fingerprint sensor absent (this
// start is about the dispenser), the dispenser at `dispenser_port`.
fs::path write_restart_config(const fs::path& demo_dir, const std::string& dispenser_port) {
    const fs::path config = demo_dir / "restart.toml";
    write_documented_config(config,
                            {{"database_path", (demo_dir / "kiosk.db").string()},
                             {"data_dir", demo_dir.string()},
                             {"issuer_public_key", (demo_dir / "TEST-ONLY-issuer.pub.pem").string()}},
                            {(demo_dir / "no-fingerprint-sensor").string(), dispenser_port});
    return config;
}

}  // namespace

TEST_CASE(
    "SIGTERM with a card presented: the kiosk stops in time, the card held; restarted, it is captured and recorded") {
    const auto stop_timeout = unit_stop_timeout();
    REQUIRE(shared_pcscd().ensure_running().ok());
    const Xvfb xvfb = require_ok(Xvfb::start(kWidth, kHeight));
    const std::string& display = xvfb.display();
    const fs::path demo_dir = fs::path(KIOSK_ARTIFACTS_DIR) / "stop-state";
    fs::remove_all(demo_dir);
    const fs::path state_file = demo_dir / "dispenser.state";
    const fs::path database = demo_dir / "kiosk.db";

    std::string nik_text;
    std::string card_file;
    std::int64_t journal_id = 0;
    {
        auto options = xvfb.client_options();
        options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");  // libdbus, see tests/kiosk/ui
        options.out = Stream::pipe;
        ChildProcess kiosk = require_ok(ChildProcess::spawn(
            {KIOSK_BIN, "--demo", "--fullscreen", "--size", std::to_string(kWidth) + "x" + std::to_string(kHeight),
             "--demo-dir", demo_dir.string(), "--trace"},
            options));
        KioskOutput out{kiosk, {}};
        const DemoStart start = await_demo_start(out);
        REQUIRE(start.residents.count("in_kiosk") == 1);
        nik_text = start.residents.at("in_kiosk");
        const DemoControls controls = demo_controls(ui::Size{kWidth, kHeight});

        // The pickup, up to the card at the mouth; nobody takes it.
        start_pickup(out, display, nik_text, controls);
        const auto presented = await_dispenser(
            state_file, [](const dsim::MechanismState& s) { return s.place == dsim::CardPlace::mouth_presented; },
            "the card presented at the mouth");
        card_file = presented.transport_card;
        REQUIRE_FALSE(card_file.empty());

        // The box is asked to stop, as systemd does.
        const auto asked = Clock::now();
        kiosk.send_signal(SIGTERM);
        const int status = kiosk.wait_exit(60'000);
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - asked);
        std::printf("kiosk stopped %lld ms after SIGTERM (TimeoutStopSec %lld s)\n",
                    static_cast<long long>(took.count()), static_cast<long long>(stop_timeout.count()));
        INFO("stopped after " << took.count() << " ms\n" << out.tail());
        CHECK(status == 0);
        CHECK(took < stop_timeout);
        if (status == -1) kiosk.stop(SIGKILL);
    }

    // As the stop left it: the card held in the mouth, not takeable; the journal at `presenting`.
    {
        const auto parked = dispenser_state(state_file);
        CHECK(parked.place == dsim::CardPlace::mouth_held);
        CHECK(parked.transport_card == card_file);
        CHECK(parked.bin_cards.empty());
        const auto open = open_pickups(database);
        REQUIRE(open.size() == 1);
        CHECK(open[0].state == store::PickupState::presenting);
        journal_id = open[0].id;
    }

    // The same machine starts again: the dispenser from its state file, the kiosk on the database.
    {
        const fs::path port = demo_dir / "dispenser-restart.tty";
        SpawnOptions sim_options;
        sim_options.out = Stream::pipe;
        sim_options.dies_with_parent = true;
        ChildProcess dispenser = require_ok(ChildProcess::spawn(
            {KIOSK_SIM_DISPENSER_BIN, "--pty", port.string(), "--state", state_file.string(), "--move-ms", "300"},
            sim_options));
        const auto ready = dispenser.read_line(15'000);
        REQUIRE_MESSAGE(ready.has_value(), "the dispenser simulator did not start");
        REQUIRE(ready->rfind("ready ", 0) == 0);

        SpawnOptions kiosk_options;
        kiosk_options.env = {"SDL_VIDEODRIVER=offscreen", "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"};
        kiosk_options.out = Stream::pipe;
        ChildProcess kiosk = require_ok(
            ChildProcess::spawn({KIOSK_BIN, "--config", write_restart_config(demo_dir, port.string()).string(),
                                 "--trace", "--size", std::to_string(kWidth) + "x" + std::to_string(kHeight)},
                                kiosk_options));
        KioskOutput out{kiosk, {}};
        REQUIRE_MESSAGE(out.until_prefix("ready ", 60'000), "the restarted kiosk showed no frame\n" << out.tail());
        const auto guard = Clock::now() + std::chrono::seconds(60);
        while (!open_pickups(database).empty()) {
            REQUIRE_MESSAGE(Clock::now() < guard, "start-up reconciliation did not close the pickup\n" << out.tail());
            out.drain(200);
        }
        kiosk.send_signal(SIGTERM);
        CHECK(kiosk.wait_exit(int(std::chrono::milliseconds(stop_timeout).count())) == 0);
        CHECK(dispenser.stop() == 0);
    }

    // The store and the machine agree.
    const auto machine = dispenser_state(state_file);
    CHECK(machine.place == dsim::CardPlace::none);
    CHECK(machine.bin_cards == std::vector<std::string>{card_file});
    CHECK(machine.bin_counter == 1);
    CHECK(machine.slots[0].empty());

    auto db = require_ok(store::open_store(database.string(), {}));
    auto nik = kiosk::core::Nik::parse(nik_text);
    REQUIRE(nik.ok());
    store::PickupJournal journal(db);
    CHECK(require_ok(journal.open_entries()).empty());
    const auto entry = require_ok(journal.get(journal_id));
    REQUIRE(entry.has_value());
    CHECK(entry->state == store::PickupState::reconciled_captured);
    const auto record = require_ok(store::Records(db).get(*nik));
    REQUIRE(record.has_value());
    CHECK(record->status == kiosk::core::CardStatus::captured);
    CHECK_FALSE(record->slot.has_value());
    const auto slot = require_ok(store::Slots(db).get(1));
    CHECK((!slot.has_value() || slot->state == store::SlotState::empty));
    const auto events = require_ok(store::Outbox(db).peek(100));
    CHECK(std::count_if(events.begin(), events.end(),
                        [](const store::OutboxEvent& e) { return e.kind == store::kOutboxCardCaptured; }) == 1);
    CHECK(std::none_of(events.begin(), events.end(),
                       [](const store::OutboxEvent& e) { return e.kind == store::kOutboxCardPickedUp; }));

    ChildProcess audit = require_ok(ChildProcess::spawn({KIOSKCTL_BIN, "--db", database.string(), "audit", "verify"}));
    CHECK(audit.wait_exit(30'000) == 0);
}
