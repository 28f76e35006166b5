#include "tests/system/soak/load_soak.hpp"

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "tests/system/soak/control_line.hpp"
#include "tests/system/soak/power_switch.hpp"
#include "tests/system/soak/soak_invariants.hpp"
#include "tests/system/soak/soak_life.hpp"
#include "tests/system/soak/soak_staff.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>

namespace kiosk::soak {

namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;
namespace fs = std::filesystem;
namespace dsim = kiosk::dispenser::sim;

constexpr int kStrangerOdds = 7;  // one card in this many fed is a stranger (while strangers are in hand)

struct Figures {
    int cuts = 0;
    int loaded = 0;            // printed cards in their slot, recorded so, over all worlds
    int completed_at_startup = 0;  // of them, loads start-up reconciliation completed
    int aborted_at_startup = 0;    // loads it closed aborted, the card captured
    int loads_seen = 0;        // loads the staff member saw through to the next card
    int returned_seen = 0;     // strangers handed back and taken, seen through
    int captured = 0;          // the world's cards in the bin, over all worlds
    int taken_while_off = 0;   // strangers pulled from the mouth of the powered-off kiosk
    int operator_checks = 0;   // load journal entries left to an operator (slot FAULT)
    int orphans = 0;           // orphan violations: must be 0
    int worlds = 0;
};

// Running estimates of how long the phases take, for placing cuts inside them.
struct Estimates {
    // First guesses from the release build on two busy cores; they follow what is measured.
    double startup_ms = 1000;  // power on to a settled journal
    double load_ms = 600;      // a card pushed into the mouth to the screen asking for the next one
    double stored_ms = 120;    // "storing" (its intent is being written) to the screen asking for the next card
    double return_ms = 1500;   // likewise for a stranger, handed back and taken
    static void learn(double& estimate, Millis measured) { estimate = 0.5 * estimate + 0.5 * double(measured.count()); }
};

enum class CutPhase { startup, load };

class LoadSoak {
public:
    LoadSoak(const LoadSoakOptions& options, Programs programs, std::string sim_card, std::string issuer_key,
             const testing::Xvfb& xvfb)
        : options_(options),
          programs_(std::move(programs)),
          sim_card_(std::move(sim_card)),
          issuer_key_(std::move(issuer_key)),
          display_(xvfb.display()),
          rng_(options.seed),
          box_(programs_, options.timings, xvfb.client_options(), power_) {}

    int run();

private:
    // Each returns 0 to go on, or the exit status.
    int next_world();
    int power_on_and_check(std::optional<CutPhase> cut_phase);
    int restock(CutPhase cut_phase);
    int finish_world();
    int check(const char* when);
    int trouble(const Error& error);
    void after_cut();
    void take_while_off();
    void print_figures() const;
    Millis uniform_ms(double up_to_ms) {
        return Millis(static_cast<long long>(std::uniform_real_distribution<double>(0, up_to_ms)(rng_)));
    }

    LoadSoakOptions options_;
    Programs programs_;
    std::string sim_card_;  // kiosk-sim-card: the staff card on the front reader
    std::string issuer_key_;
    std::string display_;
    std::mt19937_64 rng_;
    PowerSwitch power_;
    Box box_;
    Figures figures_;
    Estimates estimates_;
    World world_;
    std::unique_ptr<StaffAtKiosk> staff_;
    std::set<std::int64_t> checks_seen_;  // operator checks of this world already counted
    int world_loaded_ = 0;                // printed cards loaded in this world, by the last check
    int world_captured_ = 0;
    int world_completed_at_startup_ = 0;
    int world_aborted_at_startup_ = 0;
    std::vector<std::size_t> printed_in_hand_;
    std::vector<std::size_t> strangers_in_hand_;
    std::optional<std::size_t> stranger_under_way_;  // the stranger whose return the last cut interrupted
    std::optional<Error> card_trouble_;  // the staff card could not be taken off at the last cut
    std::string planned_cut_;
    std::string last_cut_;
    Clock::time_point started_ = Clock::now();
};

int LoadSoak::trouble(const Error& error) {
    report_trouble(box_, error, StopReport{last_cut_, world_, options_.seed});
    print_figures();
    return 2;
}

int LoadSoak::check(const char* when) {
    auto checked = check_load_world(world_, programs_.kioskctl);
    if (!checked) return trouble(checked.error());
    for (const auto id : checked->operator_checks)
        if (checks_seen_.insert(id).second) ++figures_.operator_checks;
    world_loaded_ = checked->loaded;
    world_captured_ = checked->captured;
    world_completed_at_startup_ = checked->completed_at_startup;
    world_aborted_at_startup_ = checked->aborted_at_startup;
    printed_in_hand_ = checked->printed_in_hand;
    strangers_in_hand_ = checked->strangers_in_hand;
    if (checked->violations.empty()) return 0;
    for (const auto& violation : checked->violations) {
        if (violation.invariant == Invariant::orphan) ++figures_.orphans;
        std::fprintf(stderr, "soak: INVARIANT VIOLATED \"%s\" %s, world %d, %s\n", to_string(violation.invariant), when,
                     world_.number, violation.detail.c_str());
    }
    report_violation(box_, StopReport{last_cut_, world_, options_.seed});
    print_figures();
    return 1;
}

int LoadSoak::next_world() {
    figures_.loaded += std::exchange(world_loaded_, 0);
    figures_.captured += std::exchange(world_captured_, 0);
    figures_.completed_at_startup += std::exchange(world_completed_at_startup_, 0);
    figures_.aborted_at_startup += std::exchange(world_aborted_at_startup_, 0);
    ++figures_.worlds;
    WorldOptions options;
    options.dir = fs::path(options_.dir) / ("load-world-" + std::to_string(figures_.worlds));
    options.number = figures_.worlds;
    options.residents = 0;
    options.printed = options_.printed;
    options.strangers = options_.strangers;
    options.free_slots = options_.free_slots;
    options.issuer_key_path = issuer_key_;
    staff_.reset();  // the last world's staff card leaves the reader
    auto world = create_world(options);
    if (!world) return trouble(world.error());
    world_ = std::move(*world);
    auto staff = StaffAtKiosk::arrive(world_, sim_card_);
    if (!staff) return trouble(staff.error());
    staff_ = std::move(*staff);
    checks_seen_.clear();
    stranger_under_way_.reset();
    printed_in_hand_.clear();
    strangers_in_hand_.clear();
    for (std::size_t i = 0; i < world_.printed.size(); ++i) printed_in_hand_.push_back(i);
    for (std::size_t i = 0; i < world_.strangers.size(); ++i) strangers_in_hand_.push_back(i);
    return 0;
}

// A stranger the cut left presented at the mouth, the staff member still there: half the time they
// pull it out before the power comes back (the simulator's own `take`, the kiosk still off).
void LoadSoak::take_while_off() {
    if (!stranger_under_way_) return;
    const std::size_t index = *std::exchange(stranger_under_way_, std::nullopt);
    auto machine = dsim::load_state(world_.dispenser_state);
    if (!machine || machine->place != dsim::CardPlace::mouth_presented) return;
    if (machine->transport_card != world_.strangers[index].card_file) return;
    if (std::uniform_int_distribution<int>(0, 1)(rng_) == 0) return;
    if (auto taken = control_line(world_.dispenser_control, "take"); taken && *taken == "ok") {
        ++figures_.taken_while_off;
        std::printf("  the staff member took stranger card %s from the mouth while the power was off\n",
                    world_.strangers[index].card_serial.c_str());
    }
}

void LoadSoak::after_cut() {
    power_.disarm();  // the kills have run: nothing is killed after this
    const std::string screen = box_.screen();
    box_.reap();
    // The staff member takes their card off the dead kiosk's reader.
    if (auto off = staff_->card_off(); !off) card_trouble_ = off.error();
    ++figures_.cuts;
    last_cut_ = planned_cut_ + ", the kiosk on screen " + (screen.empty() ? std::string("(none yet)") : screen);
    std::printf("cut %d: world %d, %s\n", figures_.cuts, world_.number, last_cut_.c_str());
    std::fflush(stdout);
}

int LoadSoak::power_on_and_check(std::optional<CutPhase> cut_phase) {
    if (card_trouble_) return trouble(*std::exchange(card_trouble_, std::nullopt));
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

// The world's cards have all been fed: Done, the card off the reader, a clean stop, a check, and a
// new world powered on.
int LoadSoak::finish_world() {
    auto finished = staff_->finish(box_);
    if (!finished) return trouble(finished.error());
    if (*finished == StaffStep::cut) {
        after_cut();
        return 0;
    }
    if (auto stopped = box_.shut_down(); !stopped) return trouble(stopped.error());
    if (const int failed = check("after the world's clean shutdown"); failed != 0) return failed;
    std::printf("world %d restocked: %d cards loaded, %d in the bin, %zu operator checks\n", world_.number,
                world_loaded_, world_captured_, checks_seen_.size());
    if (const int failed = next_world(); failed != 0) return failed;
    return power_on_and_check(std::nullopt);
}

// A staff member's visit: staff mode, restock, cards fed one after the other until the power is cut
// or none is left.
int LoadSoak::restock(CutPhase cut_phase) {
    if (printed_in_hand_.empty() && strangers_in_hand_.empty()) {
        // Nothing to feed (every card of the world was fed in earlier lives): a new world.
        if (auto stopped = box_.shut_down(); !stopped) return trouble(stopped.error());
        if (const int failed = check("after the world's clean shutdown"); failed != 0) return failed;
        if (const int failed = next_world(); failed != 0) return failed;
        return power_on_and_check(std::nullopt);
    }
    auto opened = staff_->open_restock(box_, display_);
    if (!opened) return trouble(opened.error());
    for (;;) {
        if (box_.cut()) {
            after_cut();
            return 0;
        }
        if (printed_in_hand_.empty() && strangers_in_hand_.empty()) {
            // A cut still to come falls here, with the kiosk waiting for a card.
            while (power_.armed()) std::this_thread::sleep_for(Millis(10));
            if (box_.cut()) continue;
            return finish_world();
        }
        const bool stranger = !strangers_in_hand_.empty() &&
                              (printed_in_hand_.empty() || std::uniform_int_distribution<int>(1, kStrangerOdds)(rng_) == 1);
        auto& hand = stranger ? strangers_in_hand_ : printed_in_hand_;
        const std::size_t pick = hand[std::uniform_int_distribution<std::size_t>(0, hand.size() - 1)(rng_)];
        hand.erase(std::find(hand.begin(), hand.end(), pick));
        const Resident& card = stranger ? world_.strangers[pick] : world_.printed[pick];
        LoadPlan plan;
        const std::string which = (stranger ? "stranger card " : "printed card ") + card.card_serial;
        // Up to a little past the card's settling: the next card's wait. Two in three cuts of a printed
        // card's load are placed from the moment the screen says "storing": the journal writes and
        // the store move are a fifth of a load (the chip read is the most of it), and they are where
        // a cut could orphan a card.
        const bool from_storing = !stranger && std::uniform_int_distribution<int>(0, 2)(rng_) > 0;
        plan.on_feeding = [&, which, stranger, from_storing] {
            if (cut_phase != CutPhase::load || power_.armed() || from_storing) return;
            const auto at = uniform_ms((stranger ? estimates_.return_ms : estimates_.load_ms) * 1.1);
            planned_cut_ = "during the load of " + which + ", " + std::to_string(at.count()) + " ms after it was fed";
            power_.arm(Clock::now() + at);
        };
        plan.on_storing = [&, which, from_storing] {
            if (cut_phase != CutPhase::load || power_.armed() || !from_storing) return;
            const auto at = uniform_ms(estimates_.stored_ms * 1.3);
            planned_cut_ = "during the store of " + which + ", " + std::to_string(at.count()) +
                           " ms after the screen said storing";
            power_.arm(Clock::now() + at);
        };
        LoadMoments moments;
        auto end = staff_->load(box_, card, plan, moments);
        if (!end) return trouble(end.error());
        if (*end == LoadEnd::cut) {
            if (stranger) stranger_under_way_ = pick;
            continue;
        }
        const Millis took = std::chrono::duration_cast<Millis>(moments.ended - moments.fed);
        if (*end == LoadEnd::stored) {
            if (stranger) return trouble(Error{"soak", which + " went through: a card with no record was not refused"});
            ++figures_.loads_seen;
            Estimates::learn(estimates_.load_ms, took);
            const Millis storing = std::chrono::duration_cast<Millis>(moments.storing - moments.fed);
            Estimates::learn(estimates_.stored_ms, took - storing);
            std::printf("  %s loaded: storing %lld ms after it was fed, done %lld ms after\n", which.c_str(),
                        static_cast<long long>(storing.count()), static_cast<long long>(took.count()));
        } else {
            if (!stranger) return trouble(Error{"soak", which + " was refused although its record is PRINTED"});
            ++figures_.returned_seen;
            Estimates::learn(estimates_.return_ms, took);
            std::printf("  %s handed back: taken %lld ms after it was fed\n", which.c_str(),
                        static_cast<long long>(took.count()));
        }
    }
}

void LoadSoak::print_figures() const {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    std::printf("soak: cuts %d, cards loaded %d, operator checks raised %d, orphans found %d (must be 0)\n",
                figures_.cuts, figures_.loaded + world_loaded_, figures_.operator_checks, figures_.orphans);
    std::printf(
        "soak: %d loads seen through, %d completed and %d aborted by start-up reconciliation, %d strangers handed "
        "back, %d taken while the power was off, %d cards in the bin, %d worlds, %.1f s, %.2f s per cut, seed %llu\n",
        figures_.loads_seen, figures_.completed_at_startup + world_completed_at_startup_,
        figures_.aborted_at_startup + world_aborted_at_startup_, figures_.returned_seen, figures_.taken_while_off,
        figures_.captured + world_captured_,
        figures_.worlds, seconds, figures_.cuts > 0 ? seconds / figures_.cuts : 0.0,
        static_cast<unsigned long long>(options_.seed));
    std::fflush(stdout);
}

int LoadSoak::run() {
    std::printf("soak: seed %llu (replay with --seed %llu), %d load cuts, %d printed cards and %d strangers a world, "
                "moves of %d ms\n",
                static_cast<unsigned long long>(options_.seed), static_cast<unsigned long long>(options_.seed),
                options_.cuts, options_.printed, options_.strangers, options_.timings.move_ms);
    std::fflush(stdout);
    if (const int failed = next_world(); failed != 0) return failed;
    bool powered = false;
    while (figures_.cuts < options_.cuts) {
        const CutPhase phase =
            std::uniform_real_distribution<double>(0, 1)(rng_) < 0.1 ? CutPhase::startup : CutPhase::load;
        if (!powered || phase == CutPhase::startup) {
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
        if (const int failed = restock(phase); failed != 0) return failed;
        powered = figures_.cuts == cuts_before;  // still on: a new world was powered on instead
    }
    // The last cut's restart, checked like every other, then a clean stop.
    if (!powered) {
        if (const int failed = power_on_and_check(std::nullopt); failed != 0) return failed;
    }
    if (auto stopped = box_.shut_down(); !stopped) return trouble(stopped.error());
    if (const int failed = check("after the last clean shutdown"); failed != 0) return failed;
    print_figures();
    if (!options_.keep) {
        std::error_code ignored;
        fs::remove_all(options_.dir, ignored);
    }
    return 0;
}

}  // namespace

int run_load_soak(const LoadSoakOptions& options, const Programs& programs, const std::string& sim_card,
                  const std::string& issuer_key, const testing::Xvfb& xvfb) {
    LoadSoak soak(options, programs, sim_card, issuer_key, xvfb);
    return soak.run();
}

}  // namespace kiosk::soak
