// The load soak (kiosk-power-cut-soak --loads N): the whole box losing power, again and again, while
// a staff member restocks the magazine.
//
// The world (soak_world.hpp) has printed cards waiting outside the kiosk (PRINTED records naming
// their signed cards), a few stranger cards with no record, an empty magazine and a staff member in
// the roster. In every life the staff member (soak_staff.hpp) taps their card, types the PIN, opens
// restock and feeds cards one at a time, one in seven a stranger, which the kiosk must hand back at
// the mouth. At an instant drawn from a seeded generator the power switch kills the kiosk and the
// device simulators with SIGKILL; the box is powered on again on the same files, and once start-up
// reconciliation has settled the load journal every invariant of check_load_world is checked. A
// world whose cards have all been fed is finished cleanly (Done, the card off the reader), checked,
// and replaced; cuts count across worlds.
//
// Where the cuts fall: one life in ten during start-up (the reconciliation of the last cut's load
// included), the rest from the instant a card is pushed into the mouth to a little past its load
// (carried in, read, checked, journaled, stored, recorded; for a stranger, handed back), so nearly
// // every cut lands while a card is on the move or being recorded. Two in three of a printed card's
// cuts are placed from the moment the screen says "storing" (the intent being written) to a little
// past the load's end: the journal writes and the store move are a small share of a load, and the
// share where a cut could orphan a card. The phases' lengths are learnt as the soak goes. A stranger a cut leaves presented
// at the mouth is, half the time, pulled out by the staff member while the power is off.
//
// Prints the seed first, a line per cut, and the figures at the end: cuts, cards loaded, operator
// checks raised, orphans found (must be 0). Exit status as the pickup soak's (soak_main.cpp).
#pragma once

#include "tests/support/xvfb.hpp"
#include "tests/system/soak/soak_box.hpp"

#include <cstdint>
#include <string>

namespace kiosk::soak {

struct LoadSoakOptions {
    int cuts = 100;
    std::uint64_t seed = 0;
    int printed = 24;    // printed cards in each world
    int strangers = 4;   // stranger cards in each world
    int free_slots = 28; // the magazine's slots (at least `printed`)
    DeviceTimings timings;
    std::string dir;  // exists, empty
    bool keep = false;
};

// `sim_card`: kiosk-sim-card, which plays the staff card on the front reader.
[[nodiscard]] int run_load_soak(const LoadSoakOptions& options, const Programs& programs, const std::string& sim_card,
                                const std::string& issuer_key, const testing::Xvfb& xvfb);

}  // namespace kiosk::soak
