// A resident collecting their card at the soak's kiosk, through the same inputs a person uses: a
// touch on the attract screen and the NIK typed on the keyboard with Enter (xdotool on the soak's
// X server), the right finger on the sensor (kiosk-sim-fingerprint's control socket), a touch on
// "Ambil kartu saya" where the kiosk's --trace says the button is, and the card pulled from the
// dispenser's mouth (kiosk-sim-dispenser's control socket: `take`), or left there (walking away).
//
// A step that does not come is a power cut when the switch cut the power, else a failure with the
// failure naming the step and the slot. Prints nothing: the NIK is typed, never written out.
#pragma once

#include "tests/system/soak/soak_box.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace kiosk::soak {

enum class PickupEnd {
    taken,     // the thank-you screen, then the attract screen
    captured,  // walked away: the card-captured message, then the attract screen
    cut,       // the power was cut on the way
};

// Moments of a pickup the soak's cut planner uses (steady clock).
struct PickupMoments {
    std::chrono::steady_clock::time_point started;  // the first touch
    std::chrono::steady_clock::time_point pressed;  // "Ambil kartu saya" pressed
    std::chrono::steady_clock::time_point ended;    // back on the attract screen
};

struct PickupPlan {
    bool walk_away = false;  // leave the card at the mouth
    int hand_delay_ms = 0;   // from "please take your card" to reaching for it
    // Called as the identification starts and as "Ambil kartu saya" is pressed (the cut planner
    // arms the power switch there).
    std::function<void()> on_started;
    std::function<void()> on_pressed;
    // Called just before the first `take` is sent: the card may leave the machine from then on.
    std::function<void()> on_reaching;
};

[[nodiscard]] Result<PickupEnd> collect_card(Box& box, const World& world, const Resident& resident,
                                             const std::string& display, const PickupPlan& plan,
                                             PickupMoments& moments);

}  // namespace kiosk::soak
