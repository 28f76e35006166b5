#include "tests/system/soak/soak_staff.hpp"

#include "drivers/cardreader/pcsc_context.hpp"
#include "drivers/cardreader/sim/card_image.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/system/soak/control_line.hpp"
#include "tests/system/soak/soak_touch.hpp"

#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace kiosk::soak {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kScreenMs = 20'000;  // any one screen of staff mode, the chip read and the store move included

// The step that did not come: a power cut, or a failure naming the step and the screen.
template <class T>
Result<T> missing(Box& box, T cut, const std::string& what) {
    if (box.cut()) return cut;
    return fail(Error{"soak.staff", what + " (screen " + box.screen() + ")"});
}

// The next screen that is one of `names` (exact), or nullopt after timeout_ms.
std::optional<std::string> next_screen(Box& box, const std::vector<std::string>& names, int timeout_ms) {
    auto line = box.kiosk_output().until(
        [&](const std::string& l) {
            for (const auto& name : names)
                if (l == "screen " + name) return true;
            return false;
        },
        timeout_ms);
    if (!line) return std::nullopt;
    return line->substr(7);
}

}  // namespace

Result<std::unique_ptr<StaffAtKiosk>> StaffAtKiosk::arrive(const World& world) {
    auto card = TRY(cardreader::sim::load_card_file(world.staff.card_file));
    auto reader = TRY(cardreader::sim::VpcdCard::start("127.0.0.1", testing::kVpcdPort0, std::nullopt));
    return std::unique_ptr<StaffAtKiosk>(new StaffAtKiosk(world, std::move(card), std::move(reader)));
}

Status StaffAtKiosk::card_off() {
    reader_->remove();
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
    auto& out = box.kiosk_output();
    if (box.screen() != "attract" && !next_screen(box, {"attract"}, kScreenMs))
        return missing(box, StaffStep::cut, "the kiosk is not on its attract screen");
    if (auto on = reader_->try_insert(card_); !on) return fail(on.error());
    if (!next_screen(box, {"staff-pin"}, kScreenMs)) return missing(box, StaffStep::cut, "no staff PIN screen");
    std::set<std::string> keys{"submit"};
    for (const char digit : world_.staff.pin) keys.insert(std::string("digit-") + digit);
    const auto keypad = await_targets(out, keys, 2'000);
    if (!keypad) return missing(box, StaffStep::cut, "the PIN screen shows no keypad");
    for (const char digit : world_.staff.pin) {
        if (!touch(display, keypad->at(std::string("digit-") + digit)))
            return missing(box, StaffStep::cut, "xdotool could not press a PIN digit");
    }
    if (!touch(display, keypad->at("submit"))) return missing(box, StaffStep::cut, "xdotool could not press Enter");
    if (!next_screen(box, {"staff-menu"}, kScreenMs)) return missing(box, StaffStep::cut, "the PIN opened no menu");
    const auto menu = await_targets(out, {"task-restock"}, 2'000);
    if (!menu) return missing(box, StaffStep::cut, "the staff menu offers no restock");
    if (!touch(display, menu->at("task-restock"))) return missing(box, StaffStep::cut, "xdotool could not press Restock");
    if (!next_screen(box, {"staff-restock-waiting"}, kScreenMs))
        return missing(box, StaffStep::cut, "the restock screen never asked for a card");
    return StaffStep::done;
}

Result<LoadEnd> StaffAtKiosk::load(Box& box, const Resident& card, const LoadPlan& plan, LoadMoments& moments) {
    moments.fed = Clock::now();
    if (plan.on_feeding) plan.on_feeding();
    // `insert` answers once the card has reached the read position.
    auto inserted = control_line(world_.dispenser_control, "insert " + card.card_file);
    if (!inserted) return missing(box, LoadEnd::cut, "the dispenser's control socket: " + inserted.error().to_string());
    if (*inserted != "ok") return missing(box, LoadEnd::cut, "the mouth did not take card " + card.card_serial + ": " + *inserted);
    // The screen names the steps (reading, checking, then storing or returning) and asks for the next card.
    auto after = next_screen(box, {"staff-restock-storing", "staff-restock-returning", "staff-restock-stopped"}, kScreenMs);
    if (!after) return missing(box, LoadEnd::cut, "card " + card.card_serial + " was neither stored nor returned");
    if (*after == "staff-restock-storing") {
        moments.storing = Clock::now();
        if (plan.on_storing) plan.on_storing();
        after = next_screen(box, {"staff-restock-waiting", "staff-restock-stopped"}, kScreenMs);
        if (!after) return missing(box, LoadEnd::cut, "card " + card.card_serial + " was never stored");
    }
    if (*after == "staff-restock-stopped")
        return missing(box, LoadEnd::cut, "loading stopped on card " + card.card_serial);
    LoadEnd end = LoadEnd::stored;
    if (*after == "staff-restock-returning") {
        end = LoadEnd::returned;
        std::this_thread::sleep_for(std::chrono::milliseconds(plan.hand_delay_ms));
        if (plan.on_reaching) plan.on_reaching();
        // The screen asks for the card as the dispenser starts presenting it: a hand that reaches
        // before the card is out finds nothing and tries again.
        const auto give_up = Clock::now() + std::chrono::seconds(10);
        for (;;) {
            auto taken = control_line(world_.dispenser_control, "take");
            if (!taken) return missing(box, LoadEnd::cut, "the dispenser's control socket: " + taken.error().to_string());
            if (*taken == "ok") break;
            if (Clock::now() > give_up)
                return missing(box, LoadEnd::cut, "refused card " + card.card_serial + " never came out: " + *taken);
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
        if (!next_screen(box, {"staff-restock-waiting"}, kScreenMs))
            return missing(box, LoadEnd::cut, "no next card asked for after the refused one was taken");
    }
    moments.ended = Clock::now();
    return end;
}

Result<StaffStep> StaffAtKiosk::finish(Box& box, const std::string& display) {
    const auto done = shown_target(box.kiosk_output(), "loading-done");
    if (!done) return missing(box, StaffStep::cut, "the restock screen offers no Done");
    if (!touch(display, *done)) return missing(box, StaffStep::cut, "xdotool could not press Done");
    if (!next_screen(box, {"staff-restock-stopped"}, kScreenMs))
        return missing(box, StaffStep::cut, "the mouth did not close after Done");
    TRY(card_off());  // staff mode ends with the card off the reader
    if (!next_screen(box, {"attract"}, kScreenMs)) return missing(box, StaffStep::cut, "staff mode did not end");
    return StaffStep::done;
}

}  // namespace kiosk::soak
