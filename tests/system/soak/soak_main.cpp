// kiosk-power-cut-soak: the whole box losing power, again and again, in the middle of pickups
// (--cuts N, below) or of a staff member's restock (--loads N, load_soak.hpp).
//
// The real `kiosk --config` runs on a world (soak_world.hpp) with kiosk-sim-dispenser and
// kiosk-sim-fingerprint as processes of their own, pcscd + vpcd for the chip read at the dispenser's
// read position, and an X server of its own (Xvfb) through which a resident types the NIK and
// presses the buttons (soak_resident.hpp). At an instant drawn from a seeded generator the power
// switch (power_switch.hpp) kills the three with SIGKILL; the box is powered on again on the same
// files, and once start-up reconciliation has settled the pickup journal every invariant of
// soak_invariants.hpp is checked. A world whose residents have all been served is shut down
// cleanly, checked, and replaced by a new one; cuts count across worlds.
//
// Where the cuts fall: one life in ten is cut during start-up (reconciliation included), one in ten
// while the resident identifies (typing, fingerprint), the rest between "Ambil kartu saya" and a
// little past the card's handover, so most cuts land while a card is on the move or being recorded.
// One pickup in twenty (--walk-away-percent) leaves the card at the mouth to be captured. A card a
// cut leaves presented at the mouth is, half the time, pulled out by its resident while the power
// is off (the simulator's `take` before the kiosk starts again).
//
// Prints the seed first (a failure replays with --seed, the instants themselves depending on the
// machine), a line per cut, and the figures at the end. Exits 1 on the first violated invariant,
// naming it, the slot and the card (a NIK only masked), and keeps its directory; 2 when the soak
// itself could not run (a program missing, pcscd not coming up, a kiosk that stopped answering).
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/xvfb.hpp"
#include "tests/system/soak/control_line.hpp"
#include "tests/system/soak/load_soak.hpp"
#include "tests/system/soak/power_switch.hpp"
#include "tests/system/soak/soak_box.hpp"
#include "tests/system/soak/soak_invariants.hpp"
#include "tests/system/soak/soak_life.hpp"
#include "tests/system/soak/soak_resident.hpp"
#include "tests/system/soak/soak_world.hpp"


#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>

namespace {

using namespace kiosk;
using namespace kiosk::soak;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;
namespace fs = std::filesystem;
namespace dsim = kiosk::dispenser::sim;

struct SoakOptions {
    int cuts = 1000;
    std::uint64_t seed = 0;
    int residents = 24;
    int walk_away_percent = 5;
    DeviceTimings timings;
    std::string dir;
    bool keep = false;
};

struct Figures {
    int cuts = 0;
    int pickups = 0;          // cards taken by their resident, the pickup seen through to the end
    int walk_aways = 0;       // cards left at the mouth and captured, seen through to the end
    int taken_while_off = 0;  // cards pulled from the mouth of the powered-off kiosk
    int double_dispenses = 0;
    int lost_records = 0;
    int operator_checks = 0;
    int worlds = 0;
};

// Running estimates of how long the phases of a life take, for placing cuts inside them.
struct Estimates {
    double startup_ms = 1500;   // power on to a settled journal
    double identify_ms = 1500;  // first touch to "Ambil kartu saya"
    double dispense_ms = 2500;  // "Ambil kartu saya" to the attract screen again
    static void learn(double& estimate, Millis measured) { estimate = 0.7 * estimate + 0.3 * double(measured.count()); }
};

enum class CutPhase { startup, identify, dispense };
class Soak {
public:
    Soak(const SoakOptions& options, Programs programs, std::string issuer_key, const testing::Xvfb& xvfb)
        : options_(options),
          programs_(std::move(programs)),
          issuer_key_(std::move(issuer_key)),
          display_(xvfb.display()),
          rng_(options.seed),
          box_(programs_, options.timings, xvfb.client_options(), power_) {}

    // The process's exit status: 0, 1 (an invariant violated), 2 (the soak could not go on).
    int run();

private:
    // Each returns 0 to go on, or the exit status.
    int next_world();
    int power_on_and_check(std::optional<CutPhase> cut_phase);
    int pickups(CutPhase cut_phase);
    int check(const char* when);
    int trouble(const Error& error);
    void after_cut();
    void take_while_off();
    void print_figures() const;
    Millis uniform_ms(double up_to_ms) {
        return Millis(static_cast<long long>(std::uniform_real_distribution<double>(0, up_to_ms)(rng_)));
    }

    SoakOptions options_;
    Programs programs_;
    std::string issuer_key_;
    std::string display_;
    std::mt19937_64 rng_;
    PowerSwitch power_;
    Box box_;
    Figures figures_;
    Estimates estimates_;
    World world_;
    Ledger ledger_;
    int world_checks_seen_ = 0;  // operator checks of this world already counted
    std::vector<std::size_t> pickable_;
    std::string planned_cut_;              // the cut the switch is armed for, as planned
    std::string last_cut_;                 // the last cut made, and the screen it fell on
    std::optional<int> pickup_under_way_;  // the slot whose pickup the last cut interrupted
    Clock::time_point started_ = Clock::now();
};

int Soak::trouble(const Error& error) {
    report_trouble(box_, error, StopReport{last_cut_, world_, options_.seed});
    print_figures();
    return 2;
}

int Soak::check(const char* when) {
    auto checked = check_world(world_, ledger_, programs_.kioskctl);
    if (!checked) return trouble(checked.error());
    figures_.operator_checks += static_cast<int>(checked->operator_checks.size()) - world_checks_seen_;
    world_checks_seen_ = static_cast<int>(checked->operator_checks.size());
    pickable_ = checked->pickable;
    if (checked->violations.empty()) return 0;
    for (const auto& violation : checked->violations) {
        if (violation.invariant == Invariant::double_dispense) ++figures_.double_dispenses;
        if (violation.invariant == Invariant::lost_record) ++figures_.lost_records;
        std::fprintf(stderr, "soak: INVARIANT VIOLATED \"%s\" %s, world %d, %s\n", to_string(violation.invariant), when,
                     world_.number, violation.detail.c_str());
    }
    report_violation(box_, StopReport{last_cut_, world_, options_.seed});
    print_figures();
    return 1;
}

int Soak::next_world() {
    ++figures_.worlds;
    WorldOptions options;
    options.dir = fs::path(options_.dir) / ("world-" + std::to_string(figures_.worlds));
    options.number = figures_.worlds;
    options.residents = options_.residents;
    options.issuer_key_path = issuer_key_;
    auto world = create_world(options);
    if (!world) return trouble(world.error());
    world_ = std::move(*world);
    ledger_ = {};
    world_checks_seen_ = 0;
    pickup_under_way_.reset();
    return 0;
}

// A card the cut left presented at the mouth, its resident still there (their pickup was under
// way): half the time they pull it out before the power comes back, through the simulator's own
// `take` with the kiosk still off. Start-up reconciliation must then record it as taken.
void Soak::take_while_off() {
    if (!pickup_under_way_) return;
    const int slot = *std::exchange(pickup_under_way_, std::nullopt);
    auto machine = dsim::load_state(world_.dispenser_state);
    if (!machine || machine->place != dsim::CardPlace::mouth_presented) return;
    if (machine->transport_card != world_.residents[static_cast<std::size_t>(slot - 1)].card_file) return;
    if (std::uniform_int_distribution<int>(0, 1)(rng_) == 0) return;
    ledger_.reached_for.insert(slot);
    if (auto taken = control_line(world_.dispenser_control, "take"); taken && *taken == "ok") {
        ++figures_.taken_while_off;
        std::printf("  the resident of slot %d took the card from the mouth while the power was off\n", slot);
    }
}

void Soak::after_cut() {
    power_.disarm();  // the kills have run: nothing is killed after this
    const std::string screen = box_.screen();
    box_.reap();
    ++figures_.cuts;
    last_cut_ = planned_cut_ + ", the kiosk on screen " + (screen.empty() ? std::string("(none yet)") : screen);
    std::printf("cut %d: world %d, %s\n", figures_.cuts, world_.number, last_cut_.c_str());
    std::fflush(stdout);
}

// Powers the box on, waits for start-up reconciliation to settle the journal, and checks every
// invariant. With a start-up cut phase the power is cut somewhere in there (after_cut() has then run).
int Soak::power_on_and_check(std::optional<CutPhase> cut_phase) {
    const auto powered = Clock::now();
    if (auto on = box_.power_on(world_, [this] { take_while_off(); }); !on) return trouble(on.error());
    if (cut_phase == CutPhase::startup) {
        const auto at = uniform_ms(estimates_.startup_ms);
        planned_cut_ = "during start-up, " + std::to_string(at.count()) + " ms after power-on";
        power_.arm(powered + at);
    }
    auto ready = box_.await_ready();
    if (!ready) return trouble(ready.error());
    if (*ready) {
        auto settled = await_settled(box_, world_);
        if (!settled) return trouble(settled.error());
        if (*settled == Settling::timed_out) {
            if (const int failed = check("with the journal still open 30 s after start-up"); failed != 0) return failed;
            return trouble(Error{"soak", "start-up reconciliation did not settle the journal"});
        }
    }
    if (box_.cut()) {
        after_cut();
        return 0;
    }
    Estimates::learn(estimates_.startup_ms, Millis(ms_since(powered)));
    return check("after a restart");
}

// Pickups, one after the other, until the power is cut; a world whose residents have all been
// served is shut down cleanly, checked, and replaced.
int Soak::pickups(CutPhase cut_phase) {
    for (;;) {
        if (box_.cut()) {
            after_cut();
            return 0;
        }
        if (pickable_.empty()) {
            // A cut still to come falls here, with the kiosk idle; then the world is done with.
            while (power_.armed()) std::this_thread::sleep_for(Millis(10));
            if (box_.cut()) continue;
            if (auto stopped = box_.shut_down(); !stopped) return trouble(stopped.error());
            if (const int failed = check("after the world's clean shutdown"); failed != 0) return failed;
            std::printf("world %d served, %d operator checks\n", world_.number, world_checks_seen_);
            if (const int failed = next_world(); failed != 0) return failed;
            return power_on_and_check(std::nullopt);
        }
        const std::size_t pick = pickable_[std::uniform_int_distribution<std::size_t>(0, pickable_.size() - 1)(rng_)];
        pickable_.erase(std::find(pickable_.begin(), pickable_.end(), pick));
        const Resident& resident = world_.residents[pick];
        PickupPlan plan;
        plan.walk_away = std::uniform_int_distribution<int>(0, 99)(rng_) < options_.walk_away_percent;
        plan.hand_delay_ms = std::uniform_int_distribution<int>(0, 400)(rng_);
        const std::string who = "slot " + std::to_string(resident.slot) + (plan.walk_away ? " (walking away)" : "");
        plan.on_started = [&, who] {
            if (cut_phase != CutPhase::identify || power_.armed()) return;
            const auto at = uniform_ms(estimates_.identify_ms);
            planned_cut_ = "during the identification for " + who + ", " + std::to_string(at.count()) +
                           " ms after the first touch";
            power_.arm(Clock::now() + at);
        };
        plan.on_pressed = [&, who, walk_away = plan.walk_away] {
            if (cut_phase != CutPhase::dispense || power_.armed()) return;
            // Up to a little past the handover; for a card left behind, through its capture.
            const double window_ms = estimates_.dispense_ms * 1.2 + (walk_away ? 12'000 : 0);
            const auto at = uniform_ms(window_ms);
            planned_cut_ =
                "during the pickup of " + who + ", " + std::to_string(at.count()) + " ms after \"Ambil kartu saya\"";
            power_.arm(Clock::now() + at);
        };
        plan.on_reaching = [&, slot = resident.slot] { ledger_.reached_for.insert(slot); };
        PickupMoments moments;
        auto end = collect_card(box_, world_, resident, display_, plan, moments);
        if (!end) return trouble(end.error());
        if (*end == PickupEnd::cut) {
            if (!plan.walk_away) pickup_under_way_ = resident.slot;
            continue;
        }
        if (*end == PickupEnd::taken) {
            ++figures_.pickups;
            Estimates::learn(estimates_.dispense_ms,
                             std::chrono::duration_cast<Millis>(moments.ended - moments.pressed));
        } else {
            ++figures_.walk_aways;
        }
        Estimates::learn(estimates_.identify_ms, std::chrono::duration_cast<Millis>(moments.pressed - moments.started));
    }
}

void Soak::print_figures() const {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    std::printf(
        "soak: cuts %d, pickups completed %d, double dispenses %d, lost records %d, operator checks raised %d\n",
        figures_.cuts, figures_.pickups, figures_.double_dispenses, figures_.lost_records, figures_.operator_checks);
    std::printf(
        "soak: %d cards left behind and captured, %d taken while the power was off, %d worlds, %.1f s, "
        "%.2f s per cut, seed %llu\n",
        figures_.walk_aways, figures_.taken_while_off, figures_.worlds, seconds,
        figures_.cuts > 0 ? seconds / figures_.cuts : 0.0, static_cast<unsigned long long>(options_.seed));
    std::fflush(stdout);
}

int Soak::run() {
    std::printf("soak: seed %llu (replay with --seed %llu), %d cuts, %d residents a world, moves of %d ms\n",
                static_cast<unsigned long long>(options_.seed), static_cast<unsigned long long>(options_.seed),
                options_.cuts, options_.residents, options_.timings.move_ms);
    std::fflush(stdout);
    if (const int failed = next_world(); failed != 0) return failed;
    bool powered = false;
    while (figures_.cuts < options_.cuts) {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
        const CutPhase phase = u < 0.1 ? CutPhase::startup : u < 0.2 ? CutPhase::identify : CutPhase::dispense;
        if (!powered || phase == CutPhase::startup) {
            // After a cut the box is off. A start-up cut takes its own power-on (a box still on from
            // a new world is switched off cleanly first).
            if (powered) {
                if (auto stopped = box_.shut_down(); !stopped) return trouble(stopped.error());
            }
            const int cuts_before = figures_.cuts;
            if (const int failed = power_on_and_check(phase); failed != 0) return failed;
            if (figures_.cuts != cuts_before) {
                powered = false;
                continue;
            }
        }
        const int cuts_before = figures_.cuts;
        if (const int failed = pickups(phase); failed != 0) return failed;
        powered = figures_.cuts == cuts_before;  // still on: a new world was powered on instead
    }
    // The last cut's restart, checked like every other, then a clean stop.
    if (!powered) {
        if (const int failed = power_on_and_check(std::nullopt); failed != 0) return failed;
    }
    if (auto stopped = box_.shut_down(); !stopped) return trouble(stopped.error());
    if (const int failed = check("after the last clean shutdown"); failed != 0) return failed;
    print_figures();
    const bool clean = figures_.double_dispenses == 0 && figures_.lost_records == 0;
    if (clean && !options_.keep) {
        std::error_code ignored;
        fs::remove_all(options_.dir, ignored);
    }
    return clean ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "kiosk-power-cut-soak: the real kiosk and its devices killed with SIGKILL at random instants of "
        "pickups (or of a staff member's restock, --loads), restarted, and checked"};
    SoakOptions options;
    kiosk::soak::LoadSoakOptions load;
    auto* cuts = app.add_option("--cuts", options.cuts, "Power cuts to make during pickups")
                     ->check(CLI::Range(1, 1'000'000))
                     ->capture_default_str();
    app.add_option("--loads", load.cuts, "Power cuts to make during staff restocks instead (the load soak)")
        ->check(CLI::Range(1, 1'000'000))
        ->excludes(cuts);
    app.add_option("--printed", load.printed, "--loads: printed cards (and free slots) in each world")
        ->check(CLI::Range(1, 200))
        ->capture_default_str();
    app.add_option("--seed", options.seed, "The cut planner's seed (default: a random one, printed)");
    app.add_option("--residents", options.residents, "Residents (cards) in each world")
        ->check(CLI::Range(1, 336))
        ->capture_default_str();
    app.add_option("--walk-away-percent", options.walk_away_percent, "Pickups whose card is left at the mouth")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    app.add_option("--move-ms", options.timings.move_ms, "The dispenser's mechanical move")
        ->check(CLI::Range(0, 5000))
        ->capture_default_str();
    app.add_option("--dir", options.dir, "Working directory (must not exist; default: a new one under TMPDIR)");
    app.add_flag("--keep", options.keep, "Keep the working directory after a clean run too");
    CLI11_PARSE(app, argc, argv);
    if (app.count("--seed") == 0) options.seed = std::random_device{}();
    const bool load_soak = app.count("--loads") > 0;
    if (app.count("--residents") > 0 && load_soak) {
        std::fprintf(stderr, "soak: --residents is for the pickup soak, --printed for the load soak\n");
        return 2;
    }
    if (options.dir.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ktp-soak-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::fprintf(stderr, "soak: cannot make a directory in %s\n", pattern.c_str());
            return 2;
        }
        options.dir = pattern;
    } else if (fs::exists(options.dir)) {
        std::fprintf(stderr, "soak: --dir %s exists already\n", options.dir.c_str());
        return 2;
    }

    if (auto pcscd = testing::shared_pcscd().ensure_running(); !pcscd) {
        std::fprintf(stderr, "soak: %s\n", pcscd.error().to_string().c_str());
        return 2;
    }
    auto xvfb = testing::Xvfb::start(1280, 800);
    if (!xvfb) {
        std::fprintf(stderr, "soak: %s\n", xvfb.error().to_string().c_str());
        return 2;
    }
    const Programs programs{KIOSK_BIN, KIOSKCTL_BIN, KIOSK_SIM_DISPENSER_BIN, KIOSK_SIM_FINGERPRINT_BIN};
    if (load_soak) {
        load.seed = options.seed;
        load.free_slots = load.printed + 4;
        load.timings = options.timings;
        load.dir = options.dir;
        load.keep = options.keep;
        return kiosk::soak::run_load_soak(load, programs, KIOSK_SIM_CARD_BIN, KIOSK_TEST_ISSUER_KEY, *xvfb);
    }
    Soak soak(options, programs, KIOSK_TEST_ISSUER_KEY, *xvfb);
    return soak.run();
}
