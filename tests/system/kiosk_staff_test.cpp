// Staff mode end to end (issue 11's "Must show"): the REAL `kiosk --config` under a real X server
// (Xvfb), real pcscd with vsmartcard-vpcd, kiosk-sim-dispenser (its read-position antenna on vpcd),
// kiosk-sim-fingerprint and kiosk-sim-card (the staff card on the front reader) as processes of their
// own, all driven through the inputs a person uses: the card tapped on the reader, the PIN and every
// button clicked through XTEST at the rectangles the kiosk's --trace gives, cards fed into and taken
// from the dispenser's mouth, the resident's NIK typed and finger placed (staff_driver.hpp,
// soak_resident.hpp). In one kiosk life:
//
//   1. the staff card is tapped and its PIN typed (masked: a short PIN's screen is kept as a PNG);
//   2. restock: 20 cards fed one at a time; 17 loaded, and three handed back at the mouth with their
//      reason: one forged, one with no record, one whose record is PRINT_READY_RECORD;
//   3. staff mode left; a resident collects one of the cards just loaded;
//   4. staff mode again: the two cards past their pickup deadline taken back, each re-read and
//      handed out at the mouth (RETURNED, card.returned);
//   5. the capture bin (two cards the world put there) emptied, with its confirmation;
//   6. three wrong PINs block the staff card; the right PIN then does not open staff mode either.
//
// Then the database, the simulator's magazine and the outbox must agree, the audit chain verify and
// SQLite's integrity check pass (staff_agreement.hpp); and the checker itself must object to a copy
// of the end state with a card moved or an event lost. Screenshots: <build>/artifacts/staff-screens.
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/xvfb.hpp"
#include "tests/system/soak/power_switch.hpp"
#include "tests/system/soak/soak_box.hpp"
#include "tests/system/soak/soak_resident.hpp"
#include "tests/system/staff_agreement.hpp"
#include "tests/system/staff_driver.hpp"
#include "tests/system/staff_world.hpp"

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

using namespace kiosk;
using namespace kiosk::testing;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// A step of the driver: its error fails the test with the kiosk's last lines.
template <class T>
T step(Result<T> result, soak::Box& box, const char* what) {
    REQUIRE_MESSAGE(result.ok(), what << ": " << (result.ok() ? "" : result.error().to_string()) << "\n"
                                      << box.log_tail());
    return std::move(result.value());
}
void step(Status status, soak::Box& box, const char* what) {
    REQUIRE_MESSAGE(status.ok(), what << ": " << (status.ok() ? "" : status.error().to_string()) << "\n"
                                      << box.log_tail());
}

void print_findings(const std::vector<std::string>& found) {
    for (const auto& f : found) std::printf("  disagreement: %s\n", f.c_str());
}

}  // namespace

TEST_CASE(
    "staff mode on the real kiosk: sign in, restock 20 (3 refused), a pickup, take back, empty the bin, a "
    "blocked card") {
    (void)shared_pcscd();  // says which port is taken, and stops the test, when vpcd's ports are held
    const auto started = Clock::now();
    const Xvfb xvfb = require_ok(Xvfb::start(1280, 800));
    const fs::path artifacts(KIOSK_ARTIFACTS_DIR);
    const fs::path shots = artifacts / "staff-screens";
    const fs::path dir = artifacts / "staff-world";
    fs::remove_all(shots);
    fs::remove_all(dir);

    StaffWorldOptions options;
    options.dir = dir;
    options.issuer_key_path = KIOSK_TEST_ISSUER_KEY;
    const StaffWorld world = require_ok(create_staff_world(options));

    soak::PowerSwitch power;  // never armed: this box is switched off cleanly only
    soak::DeviceTimings timings;
    timings.move_ms = 300;  // a real dispenser's moves take about this long, or more (see StaffDriver's hand_ms)
    timings.init_ms = 20;
    timings.capture_ms = 50;
    soak::Box box(soak::Programs{KIOSK_BIN, KIOSKCTL_BIN, KIOSK_SIM_DISPENSER_BIN, KIOSK_SIM_FINGERPRINT_BIN}, timings,
                  xvfb.client_options(), power, {"--screenshot-dir", shots.string()});
    step(box.power_on(world.world), box, "power on");
    REQUIRE(step(box.await_ready(), box, "the kiosk's start"));
    FrontReaderCard card = step(FrontReaderCard::start(KIOSK_SIM_CARD_BIN, world.staff.card_file, world.staff.control),
                                box, "the staff card");
    StaffDriver staff(box.kiosk_output(), xvfb.display(), world.world.dispenser_control);

    // 1. The staff card and its PIN. A PIN too short first: its screen shows one dot per digit.
    staff.mark();
    step(card.tap(), box, "tap the staff card");
    step(staff.await_screen({"staff-pin"}, 20'000), box, "the PIN screen");
    for (const char digit : world.staff.pin.substr(0, 3))
        step(staff.press(std::string("digit-") + digit), box, "a digit");
    step(staff.press("submit"), box, "submit a short PIN");
    step(staff.await_screen({"staff-pin-too-short"}, 10'000), box, "the too-short hint");
    step(staff.press("clear"), box, "clear");
    CHECK(step(staff.enter_pin(world.staff.pin), box, "the PIN").rfind("staff-menu", 0) == 0);

    // 2. Restock: 20 cards, each fed once the kiosk waits for one; Done pressed during the last.
    step(staff.open_task("restock"), box, "restock");
    int loaded = 0;
    int refused = 0;
    for (std::size_t i = 0; i < world.feed.size(); ++i) {
        const auto& fed = world.feed[i];
        const bool last = i + 1 == world.feed.size();
        const FedCard became = step(staff.feed_card(fed.card.card_file, last), box, "feed a card");
        INFO("card " << i + 1 << " (" << fed.card.card_serial << "), "
                     << (fed.expect == FeedExpect::load ? "loadable" : refusal_code(fed.expect)));
        const std::string expected = to_string(fed.expect == FeedExpect::load ? FedCard::loaded : FedCard::refused);
        CHECK(std::string(to_string(became)) == expected);
        loaded += became == FedCard::loaded ? 1 : 0;
        refused += became == FedCard::refused ? 1 : 0;
    }
    CHECK(loaded == 17);
    CHECK(refused == 3);
    step(staff.finish_restock(true), box, "finish restock");
    step(staff.exit(card), box, "exit staff mode");

    // 3. A resident collects one of the cards just loaded (its slot as the store says).
    const auto collector_spec =
        std::find_if(world.feed.begin(), world.feed.end(), [](const auto& f) { return f.expect == FeedExpect::load; });
    soak::Resident collector = collector_spec->card;
    {
        auto db = require_ok(store::Database::open(world.world.database, store::OpenAccess::read_only));
        const auto record = require_ok(store::Records(db).get(collector.nik));
        REQUIRE(record.has_value());
        REQUIRE(record->slot.has_value());
        collector.slot = static_cast<int>(*record->slot);
    }
    {
        soak::PickupPlan plan;
        soak::PickupMoments moments;
        const auto end = step(soak::collect_card(box, world.world, collector, xvfb.display(), plan, moments), box,
                              "the resident's pickup");
        CHECK(end == soak::PickupEnd::taken);
    }

    // 4. and 5. Staff mode again: take back the cards past their deadline, empty the bin.
    CHECK(step(staff.sign_in(card, world.staff.pin), box, "sign in again").rfind("staff-menu", 0) == 0);
    CHECK(step(staff.take_back_all(), box, "take back") == static_cast<int>(world.expired.size()));
    step(staff.empty_bin(), box, "empty the bin");
    step(staff.exit(card), box, "exit staff mode");

    // 6. Three wrong PINs block the card; then the right one does not open staff mode.
    staff.mark();
    step(card.tap(), box, "tap the staff card");
    CHECK(step(staff.enter_pin("999999"), box, "wrong PIN 1") == "staff-pin-wrong");
    CHECK(step(staff.enter_pin("999999"), box, "wrong PIN 2") == "staff-pin-wrong");
    CHECK(step(staff.enter_pin("999999"), box, "wrong PIN 3") == "staff-card-refused-pin-blocked");
    step(staff.lift(card), box, "lift the card");
    step(staff.await_screen({"attract"}, 20'000), box, "attract after the refusal");
    CHECK(step(staff.sign_in(card, world.staff.pin), box, "the right PIN on a blocked card") ==
          "staff-card-refused-pin-blocked");
    step(staff.lift(card), box, "lift the card");
    step(staff.await_screen({"attract"}, 20'000), box, "attract after the refusal");

    // No NIK in the kiosk's output.
    std::string leaks;
    for (const auto& line : box.kiosk_output().lines) {
        for (const auto& [file, c] : world.cards)
            if (line.find(c.nik.digits()) != std::string::npos) leaks += line + "\n";
    }
    CHECK_MESSAGE(leaks.empty(), "NIKs in the trace:\n" << leaks);
    step(box.shut_down(), box, "shut down");
    const double run_s = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("staff scenario: %.1f s; screenshots in %s\n", run_s, shots.string().c_str());

    // The screens the flow went through, kept as PNGs.
    for (const char* screen :
         {"staff-pin-too-short-", "staff-menu-", "staff-restock-waiting-", "staff-restock-returning-",
          "staff-restock-stopped-", "staff-take-back-list-", "staff-bin-confirm-", "staff-card-refused-pin-blocked-"}) {
        bool kept = false;
        for (const auto& entry : fs::directory_iterator(shots))
            kept = kept || entry.path().filename().string().rfind(screen, 0) == 0;
        CHECK_MESSAGE(kept, "no screenshot " << screen);
    }

    // Everything agrees.
    StaffOutcome outcome;
    outcome.picked_up = collector.nik;
    outcome.sign_ins = 2;
    outcome.pin_blocked = true;
    const StaffFiles files{world.world.database, world.world.dispenser_state};
    const auto found = require_ok(staff_disagreements(world, files, outcome, KIOSKCTL_BIN));
    print_findings(found);
    CHECK(found.empty());

    // The checker objects where it must: copies of the end state, each with one thing wrong.
    {
        const fs::path copies = dir / "broken";
        fs::create_directories(copies);
        auto copy_of = [&](const std::string& name) {
            const StaffFiles copy{(copies / (name + ".db")).string(), (copies / (name + ".state")).string()};
            fs::copy_file(world.world.database, copy.database);
            fs::copy_file(world.world.dispenser_state, copy.dispenser_state);
            return copy;
        };
        // A loaded card moved to another slot in the magazine.
        const StaffFiles moved = copy_of("moved");
        auto machine = require_ok(dispenser::sim::load_state(moved.dispenser_state));
        const auto full =
            std::find_if(machine.slots.begin(), machine.slots.end(), [](const auto& s) { return !s.empty(); });
        const auto free =
            std::find_if(machine.slots.begin(), machine.slots.end(), [](const auto& s) { return s.empty(); });
        REQUIRE(full != machine.slots.end());
        REQUIRE(free != machine.slots.end());
        std::swap(*full, *free);
        REQUIRE(dispenser::sim::save_state_atomically(moved.dispenser_state, machine).ok());
        CHECK_FALSE(require_ok(staff_disagreements(world, moved, outcome, KIOSKCTL_BIN)).empty());
        // A card.loaded event lost.
        const StaffFiles lost = copy_of("lost");
        raw_exec(lost.database,
                 "DELETE FROM outbox WHERE cursor = (SELECT min(cursor) FROM outbox WHERE kind = 'card.loaded')");
        CHECK_FALSE(require_ok(staff_disagreements(world, lost, outcome, KIOSKCTL_BIN)).empty());
        // A refused card's record made IN_KIOSK (as if it had been loaded): the forged one.
        const StaffFiles forged = copy_of("forged");
        const auto forged_card = std::find_if(world.feed.begin(), world.feed.end(),
                                              [](const auto& f) { return f.expect == FeedExpect::forged; });
        raw_exec(forged.database, "UPDATE records SET status = 'IN_KIOSK' WHERE nik = '" +
                                      std::string(forged_card->card.nik.digits()) + "'");
        CHECK_FALSE(require_ok(staff_disagreements(world, forged, outcome, KIOSKCTL_BIN)).empty());
        fs::remove_all(copies);
    }
}
