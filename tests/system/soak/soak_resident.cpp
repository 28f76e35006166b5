#include "tests/system/soak/soak_resident.hpp"

#include "tests/support/xvfb.hpp"
#include "tests/system/soak/control_line.hpp"

#include <cstdio>
#include <optional>
#include <thread>

namespace kiosk::soak {

namespace {

using Clock = std::chrono::steady_clock;

struct Point {
    int x_px = 0;
    int y_px = 0;
};

// "target pickup 640,600,580,130" -> its centre.
std::optional<Point> target_centre(const std::string& line) {
    char action[32] = {};
    int x = 0, y = 0, w = 0, h = 0;
    if (std::sscanf(line.c_str(), "target %31s %d,%d,%d,%d", action, &x, &y, &w, &h) != 5) return std::nullopt;
    return Point{x + w / 2, y + h / 2};
}

bool click(const std::string& display, Point at) {
    // `mousemove --sync` waits for the pointer to move, so never ask for the spot it is already on.
    static Point last{-1, -1};
    if (at.x_px == last.x_px && at.y_px == last.y_px) at.x_px += 1;
    last = at;
    return testing::run_xdotool(
               display, {"mousemove", "--sync", std::to_string(at.x_px), std::to_string(at.y_px), "click", "1"}) == 0;
}

class Visit {
public:
    Visit(Box& box, const Resident& resident) : box_(box), resident_(resident) {}

    // The step that did not come: a power cut, or a failure naming the slot (never the NIK).
    Result<PickupEnd> missing(const std::string& what) const {
        if (box_.cut()) return PickupEnd::cut;
        return fail(Error{"soak.resident",
                          "slot " + std::to_string(resident_.slot) + ": " + what + " (screen " + box_.screen() + ")"});
    }
    bool screen(const std::string& name, int timeout_ms) const {
        return box_.kiosk_output().until_line("screen " + name, timeout_ms);
    }
    // The next screen that is one of `names` (each a prefix), or nullopt after timeout_ms.
    std::optional<std::string> one_of(const std::vector<std::string>& names, int timeout_ms) const {
        auto line = box_.kiosk_output().until(
            [&](const std::string& l) {
                for (const auto& name : names)
                    if (l.rfind("screen " + name, 0) == 0) return true;
                return false;
            },
            timeout_ms);
        if (!line) return std::nullopt;
        return line->substr(7);
    }

private:
    Box& box_;
    const Resident& resident_;
};

}  // namespace

Result<PickupEnd> collect_card(Box& box, const World& world, const Resident& resident, const std::string& display,
                               const PickupPlan& plan, PickupMoments& moments) {
    auto& out = box.kiosk_output();
    const Visit visit(box, resident);
    if (box.screen() != "attract" && !visit.screen("attract", 15'000)) {
        return visit.missing("the kiosk is not on its attract screen");
    }

    moments.started = Clock::now();
    if (plan.on_started) plan.on_started();
    // The attract screen is one big start target; then the NIK on the keyboard, and Enter.
    if (!click(display, {100, 100})) return visit.missing("xdotool could not touch the screen");
    std::vector<std::string> keys{"key", "--delay", "15"};
    for (const char digit : resident.nik.digits()) keys.emplace_back(1, digit);
    keys.emplace_back("Return");
    if (testing::run_xdotool(display, keys) != 0) return visit.missing("xdotool could not type the NIK");
    if (!visit.screen("fingerprint", 20'000)) return visit.missing("no fingerprint screen");

    if (auto placed = control_line(world.fingerprint_control, "place " + std::to_string(kEnrolledFinger));
        !placed || *placed != "ok") {
        return visit.missing("the finger could not be placed");
    }
    if (!visit.screen("status-in_kiosk", 30'000)) return visit.missing("no IN_KIOSK status screen");
    const auto pickup_target = out.until_prefix("target pickup ", 2'000);
    if (!pickup_target) return visit.missing("the status screen offers no pickup");
    const auto pickup = target_centre(*pickup_target);
    if (!pickup) return visit.missing("unreadable pickup target: " + *pickup_target);
    if (auto lifted = control_line(world.fingerprint_control, "lift"); !lifted)
        return visit.missing("finger not lifted");

    moments.pressed = Clock::now();
    if (plan.on_pressed) plan.on_pressed();
    if (!click(display, *pickup)) return visit.missing("xdotool could not press the pickup button");
    const auto presented = visit.one_of({"pickup-present", "message-", "out-of-service"}, 60'000);
    if (!presented) return visit.missing("the card was never presented");
    if (*presented != "pickup-present") return visit.missing("the pickup ended without presenting the card");

    PickupEnd end = PickupEnd::taken;
    if (plan.walk_away) {
        end = PickupEnd::captured;
        if (!visit.screen("message-card-captured", 120'000))
            return visit.missing("the card left behind was not captured");
    } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(plan.hand_delay_ms));
        if (plan.on_reaching) plan.on_reaching();
        // The screen asks for the card as the dispenser starts presenting it: a hand that reaches
        // before the card is out finds nothing and tries again, as a person would.
        const auto give_up = Clock::now() + std::chrono::seconds(10);
        for (;;) {
            auto taken = control_line(world.dispenser_control, "take");
            if (!taken) return visit.missing("the dispenser's control socket: " + taken.error().to_string());
            if (*taken == "ok") break;
            if (Clock::now() > give_up) return visit.missing("the card never came out of the mouth: " + *taken);
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
        if (!visit.screen("message-thank-you", 15'000)) return visit.missing("no thank-you after the card was taken");
    }
    // Done: Escape (the keyboard's cancel) ends the message at once instead of after its 12 s.
    if (testing::run_xdotool(display, {"key", "Escape"}) != 0) return visit.missing("xdotool could not press Escape");
    if (!visit.screen("attract", 20'000)) return visit.missing("not back on the attract screen");
    moments.ended = Clock::now();
    return end;
}

}  // namespace kiosk::soak
