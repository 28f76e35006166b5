// A staff member restocking the soak's kiosk, through the same inputs a person uses: their staff
// card held on the front reader (a virtual card the soak plays on vpcd's first slot, as a person
// holds the card there), the PIN pressed on the screen's keypad where the kiosk's --trace says the
// digits are, "Isi ulang / Restock" on the menu, each card pushed into the dispenser's mouth
// (kiosk-sim-dispenser's control socket: `insert`), a refused card pulled out of the mouth again
// (`take`), and "Selesai / Done" with the card taken off the reader at the end.
//
// A step that does not come is a power cut when the switch cut the power, else a failure naming
// the step and the screen. Prints nothing: card serials only in failures, never a NIK or the PIN.
//
// Not thread-safe: the soak's main thread drives it.
#pragma once

#include "drivers/cardreader/sim/vpcd_card.hpp"
#include "tests/system/soak/soak_box.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace kiosk::soak {

enum class StaffStep { done, cut };

enum class LoadEnd {
    stored,    // the card went through (read, stored); the screen asks for the next card
    returned,  // refused and handed back at the mouth; the screen asks for the next card
    cut,       // the power was cut on the way
};

struct LoadPlan {
    int hand_delay_ms = 0;  // from "take the refused card" to reaching for it
    // Called just before the card is pushed into the mouth and as the screen says it is being
    // stored (the cut planner arms the switch there), and just before a refused card is reached for.
    std::function<void()> on_feeding;
    std::function<void()> on_storing;
    std::function<void()> on_reaching;
};

// Moments of one card's load (steady clock).
struct LoadMoments {
    std::chrono::steady_clock::time_point fed;      // the card pushed into the mouth
    std::chrono::steady_clock::time_point storing;  // read and matched: the screen says it is being stored
    std::chrono::steady_clock::time_point ended;    // the screen asks for the next card
};

class StaffAtKiosk {
public:
    // The staff member of `world`, their card off the reader. Errors: the card file, vpcd's card.
    [[nodiscard]] static Result<std::unique_ptr<StaffAtKiosk>> arrive(const World& world);

    // From the attract screen to the restock screen asking for a card: the card on the reader, the
    // PIN, "Restock".
    [[nodiscard]] Result<StaffStep> open_restock(Box& box, const std::string& display);
    // One card into the mouth, seen through until the screen asks for the next one.
    [[nodiscard]] Result<LoadEnd> load(Box& box, const Resident& card, const LoadPlan& plan, LoadMoments& moments);
    // "Done", the mouth closed, the card off the reader, the attract screen again.
    [[nodiscard]] Result<StaffStep> finish(Box& box, const std::string& display);
    // The card off the reader (the staff member takes it away, e.g. while the power is off), and
    // back only once pcscd too sees the reader empty: a kiosk started before pcscd's next look at
    // vpcd would find the card that left still listed, and take its failed read for a tap.
    // Errors: PC/SC, or a reader still showing a card after a few seconds.
    [[nodiscard]] Status card_off();

private:
    StaffAtKiosk(const World& world, cardreader::sim::CardImage card, std::unique_ptr<cardreader::sim::VpcdCard> reader)
        : world_(world), card_(std::move(card)), reader_(std::move(reader)) {}

    const World& world_;
    cardreader::sim::CardImage card_;
    std::unique_ptr<cardreader::sim::VpcdCard> reader_;
};

}  // namespace kiosk::soak
