#include "tests/system/soak/soak_staff.hpp"

#include "drivers/cardreader/pcsc_context.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/system/soak/control_line.hpp"

#include <thread>
#include <vector>

namespace kiosk::soak {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kStepMs = 20'000;  // any one step of staff mode, the chip read and the store move included
// A hand's time between two cards: a card swapped at the read position faster than pcscd's 400 ms
// presence check reads as unreadable (staff_driver.hpp).
constexpr int kHandMs = 300;

// The step that did not come: a power cut, or the failure.
template <class T, class E>
Result<T> cut_or(Box& box, T cut, const E& error) {
    if (box.cut()) return cut;
    return fail(Error{"soak.staff", error.to_string()});
}

}  // namespace

Result<std::unique_ptr<StaffAtKiosk>> StaffAtKiosk::arrive(const World& world, const std::string& sim_card) {
    auto card = TRY(testing::FrontReaderCard::start(sim_card, world.staff.card_file,
                                                    (world.dir / "staff-card.ctl").string()));
    return std::unique_ptr<StaffAtKiosk>(new StaffAtKiosk(world, std::move(card)));
}

Status StaffAtKiosk::card_off() {
    TRY(card_.lift());
    auto pcsc = cardreader::PcscContext::establish();
    if (!pcsc) return fail(Error{"soak.staff", "PC/SC: " + pcsc.error().to_string()});
    std::vector<cardreader::ReaderWatch> watch(1);
    watch[0].name = testing::kVpcdReader0;
    const auto give_up = Clock::now() + std::chrono::seconds(5);
    for (;;) {
        // The first wait (state unknown) answers at once with pcscd's view; later ones on a change.
        auto changed = (*pcsc)->wait_for_change(watch, 500);
        if (!changed && changed.error().code != cardreader::CardErrc::timeout)
            return fail(Error{"soak.staff", "PC/SC: " + changed.error().to_string()});
        if (changed && !watch[0].present && !watch[0].unavailable) return {};
        if (Clock::now() > give_up) return fail(Error{"soak.staff", "the front reader still shows the staff card"});
    }
}

Result<StaffStep> StaffAtKiosk::open_restock(Box& box, const std::string& display) {
    driver_.emplace(box.kiosk_output(), display, world_.dispenser_control, kHandMs);
    waiting_for_card_ = false;
    fed_this_life_ = false;
    if (box.screen() != "attract") {
        if (auto attract = driver_->await_screen({"attract"}, kStepMs); !attract)
            return cut_or(box, StaffStep::cut, attract.error());
    }
    auto signed_in = driver_->sign_in(card_, world_.staff.pin);
    if (!signed_in) return cut_or(box, StaffStep::cut, signed_in.error());
    if (signed_in->rfind("staff-menu", 0) != 0)
        return cut_or(box, StaffStep::cut, Error{"soak.staff", "the PIN led to " + *signed_in + ", not the menu"});
    if (auto restock = driver_->open_task("restock"); !restock) return cut_or(box, StaffStep::cut, restock.error());
    return StaffStep::done;
}

Result<LoadEnd> StaffAtKiosk::load(Box& box, const Resident& card, const LoadPlan& plan, LoadMoments& moments) {
    auto& driver = *driver_;
    if (!waiting_for_card_) {
        if (auto asked = driver.await_line("staff-command await_inserted_card", kStepMs); !asked)
            return cut_or(box, LoadEnd::cut, asked.error());
    }
    waiting_for_card_ = false;
    if (std::exchange(fed_this_life_, true)) std::this_thread::sleep_for(std::chrono::milliseconds(kHandMs));
    driver.mark();
    moments.fed = Clock::now();
    if (plan.on_feeding) plan.on_feeding();
    // `insert` answers once the card has reached the read position.
    auto inserted = control_line(world_.dispenser_control, "insert " + card.card_file);
    if (!inserted) return cut_or(box, LoadEnd::cut, inserted.error());
    if (*inserted != "ok")
        return cut_or(box, LoadEnd::cut, Error{"soak.staff", "the mouth did not take card " + card.card_serial + ": " + *inserted});
    bool stored = false;
    bool returned = false;
    for (;;) {
        const auto line = driver.await(
            [](const std::string& l) {
                return l == "staff-command journal_load_intent" || l == "staff-command journal_load_done" ||
                       l == "staff-command return_card_to_mouth" || l == "staff-command capture_card" ||
                       l == "staff-command await_inserted_card" || l == "staff-command stop_loading";
            },
            kStepMs, "card " + card.card_serial + " was neither stored nor sent back");
        if (!line) return cut_or(box, LoadEnd::cut, line.error());
        if (*line == "staff-command journal_load_intent") {
            moments.storing = Clock::now();
            if (plan.on_storing) plan.on_storing();
        } else if (*line == "staff-command journal_load_done") {
            stored = true;
        } else if (*line == "staff-command return_card_to_mouth") {
            returned = true;
            if (auto taken = driver.take_from_mouth(); !taken) return cut_or(box, LoadEnd::cut, taken.error());
        } else if (*line == "staff-command await_inserted_card") {
            waiting_for_card_ = true;
            break;
        } else {
            return cut_or(box, LoadEnd::cut,
                          Error{"soak.staff", "card " + card.card_serial + ": " + line->substr(14) + " in the soak's load"});
        }
    }
    moments.ended = Clock::now();
    if (stored == returned)
        return fail(Error{"soak.staff", "card " + card.card_serial + (stored ? " stored and sent back" : " neither stored nor sent back")});
    return stored ? LoadEnd::stored : LoadEnd::returned;
}

Result<StaffStep> StaffAtKiosk::finish(Box& box) {
    auto& driver = *driver_;
    if (auto finished = driver.finish_restock(); !finished) return cut_or(box, StaffStep::cut, finished.error());
    if (auto left = driver.exit(card_); !left) return cut_or(box, StaffStep::cut, left.error());
    return StaffStep::done;
}

}  // namespace kiosk::soak
