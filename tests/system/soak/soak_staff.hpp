// A staff member restocking the soak's kiosk, through the same inputs a person uses, driven by the
// staff system test's driver (tests/system/staff_driver.hpp: the staff card on the front reader by
// kiosk-sim-card, the PIN and the buttons pressed where the kiosk's --trace says they are, cards
// pushed into the dispenser's mouth and taken from it by kiosk-sim-dispenser's control socket).
// What the soak adds: a step that does not come is a power cut when the switch cut the power (else
// a failure naming the step and the screen), hooks where the cut planner arms the switch, and the
// card taken off the reader until pcscd too has seen it go.
//
// Prints nothing: card serials only in failures, never a NIK or the PIN.
// Not thread-safe: the soak's main thread drives it.
#pragma once

#include "tests/system/soak/soak_box.hpp"
#include "tests/system/soak/soak_world.hpp"
#include "tests/system/staff_driver.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::soak {

enum class StaffStep { done, cut };

enum class LoadEnd {
    stored,    // the card went through (read, journaled, stored); the kiosk waits for the next card
    returned,  // refused and handed back at the mouth; the kiosk waits for the next card
    cut,       // the power was cut on the way
};

struct LoadPlan {
    // Called just before the card is pushed into the mouth, and as the kiosk orders its load intent
    // written (the cut planner arms the switch there).
    std::function<void()> on_feeding;
    std::function<void()> on_storing;
};

// Moments of one card's load (steady clock).
struct LoadMoments {
    std::chrono::steady_clock::time_point fed;      // the card pushed into the mouth
    std::chrono::steady_clock::time_point storing;  // read and matched: the load intent is being written
    std::chrono::steady_clock::time_point ended;    // the kiosk waits for the next card
};

class StaffAtKiosk {
public:
    // The staff member of `world`, their card (kiosk-sim-card, `sim_card`) off the reader.
    [[nodiscard]] static Result<std::unique_ptr<StaffAtKiosk>> arrive(const World& world, const std::string& sim_card);

    // From the attract screen to restock waiting for a card: the card on the reader, the PIN, "Restock".
    [[nodiscard]] Result<StaffStep> open_restock(Box& box, const std::string& display);
    // One card into the mouth, seen through until the kiosk waits for the next one.
    [[nodiscard]] Result<LoadEnd> load(Box& box, const Resident& card, const LoadPlan& plan, LoadMoments& moments);
    // "Done", the mouth closed, "Exit", the card off the reader, the attract screen again.
    [[nodiscard]] Result<StaffStep> finish(Box& box);
    // The card off the reader while the power is off, and back only once pcscd too sees the reader
    // empty: a kiosk started before pcscd's next look at vpcd would find the card that left still
    // listed, and take its failed read for a resident's tap. Errors: the card, PC/SC, or a reader
    // still showing a card after a few seconds.
    [[nodiscard]] Status card_off();

private:
    StaffAtKiosk(const World& world, testing::FrontReaderCard card) : world_(world), card_(std::move(card)) {}

    const World& world_;
    testing::FrontReaderCard card_;
    std::optional<testing::StaffDriver> driver_;  // one per life: it reads that life's kiosk
    bool waiting_for_card_ = false;               // the kiosk asked for the next card already
    bool fed_this_life_ = false;
};

}  // namespace kiosk::soak
