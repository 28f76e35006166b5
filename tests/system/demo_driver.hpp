// Driving the real `kiosk --demo --trace` under Xvfb like a resident (keyboard and mouse through
// XTEST, at the coordinates the UI's own geometry functions give or the kiosk's --trace reports),
// for the system tests: its stdout read line by line, clicks, typing a NIK, and a whole pickup.
#pragma once

#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/support/xvfb.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::testing {

// Reads the kiosk's stdout, remembering every line (for failure messages).
using KioskOutput = OutputLines;

// The demo's start as its stdout tells it: the demo residents (role -> NIK) up to the "ready ..."
// line, then until the fingerprint sensor, the dispenser and the front reader have reported in.
struct DemoStart {
    std::string ready;
    std::map<std::string, std::string> residents;
};
inline DemoStart await_demo_start(KioskOutput& out) {
    DemoStart start;
    auto ready = out.until(
        [&](const std::string& l) {
            char role[32] = {};
            char nik[32] = {};
            if (std::sscanf(l.c_str(), "demo-resident %31s %31s", role, nik) == 2) start.residents[role] = nik;
            return l.rfind("ready ", 0) == 0;
        },
        60'000);
    REQUIRE_MESSAGE(ready.has_value(), "kiosk did not show its first frame\n" << out.tail());
    start.ready = *ready;
    int health = 0;
    for (const auto& l : out.lines) health += l == "event device_health" ? 1 : 0;
    while (health < 3) {
        REQUIRE_MESSAGE(out.until([](const std::string& l) { return l == "event device_health"; }, 15'000),
                        "devices did not report\n"
                            << out.tail());
        ++health;
    }
    return start;
}

inline ui::Point centre(const ui::Rect& r) {
    return {r.x_px + r.width_px / 2, r.y_px + r.height_px / 2};
}

inline void click(const std::string& display, ui::Point at) {
    // `mousemove --sync` waits for the pointer to move, so never ask for the spot it is already on.
    static ui::Point last{-1, -1};
    if (at.x_px == last.x_px && at.y_px == last.y_px) at.x_px += 1;
    last = at;
    REQUIRE(run_xdotool(display,
                        {"mousemove", "--sync", std::to_string(at.x_px), std::to_string(at.y_px), "click", "1"}) == 0);
}

// From the attract screen: a touch starts the session (the attract screen is one big start target),
// then the NIK on the keyboard and Enter.
inline void type_digits(const std::string& display, const std::string& digits) {
    click(display, {100, 100});
    std::vector<std::string> args{"key", "--delay", "30"};
    for (char c : digits) args.emplace_back(1, c);
    args.emplace_back("Return");
    REQUIRE(run_xdotool(display, args) == 0);
}

// "target pickup 640,600,580,130" -> its rect.
inline std::optional<ui::Rect> parse_target(const std::string& line) {
    ui::Rect r{};
    char action[32] = {};
    if (std::sscanf(line.c_str(), "target %31s %d,%d,%d,%d", action, &r.x_px, &r.y_px, &r.width_px, &r.height_px) !=
        5) {
        return std::nullopt;
    }
    return r;
}

// Where the demo controls are on a window of `window` at the demo's 10.1 inch panel.
struct DemoControls {
    ui::Point right_finger;
    ui::Point wrong_finger;
    ui::Point take_card;
};
inline DemoControls demo_controls(ui::Size window) {
    auto metrics = ui::PhysicalMetrics::from(ui::ScreenSpec{window.width_px, window.height_px, 257.0, std::nullopt});
    REQUIRE(metrics.ok());
    return {centre(ui::demo_button_rect(ui::DemoIntent::place_right_finger, window, *metrics)),
            centre(ui::demo_button_rect(ui::DemoIntent::place_wrong_finger, window, *metrics)),
            centre(ui::demo_button_rect(ui::DemoIntent::take_card, window, *metrics))};
}

// The IN_KIOSK demo resident's pickup from the attract screen up to the card being presented: the
// NIK, the right finger, "take card", the pickup screen asking for the card.
inline void start_pickup(KioskOutput& out, const std::string& display, const std::string& nik,
                         const DemoControls& controls) {
    type_digits(display, nik);
    REQUIRE_MESSAGE(out.until_prefix("screen fingerprint", 20'000), "no fingerprint screen\n" << out.tail());
    click(display, controls.right_finger);
    REQUIRE_MESSAGE(out.until_prefix("screen status-in_kiosk", 30'000), "no status screen\n" << out.tail());
    auto pickup_target = out.until_prefix("target pickup ", 2'000);
    REQUIRE_MESSAGE(pickup_target, "the status screen offers no pickup\n" << out.tail());
    auto pickup_rect = parse_target(*pickup_target);
    REQUIRE(pickup_rect);
    click(display, centre(*pickup_rect));
    REQUIRE_MESSAGE(out.until_prefix("screen pickup-present", 60'000), "the card was not presented\n" << out.tail());
}

// The IN_KIOSK demo resident's pickup, from the attract screen back to it: start_pickup(), the card
// taken at the mouth, the thank-you.
inline void pick_up_card(KioskOutput& out, const std::string& display, const std::string& nik,
                         const DemoControls& controls) {
    start_pickup(out, display, nik, controls);
    // The screen asks for the card as the dispenser starts presenting it; a hand that reaches
    // before the card is out finds nothing, so the demo hand tries again, as a person would.
    std::optional<std::string> thanks;
    for (int attempt = 0; attempt < 10 && !thanks; ++attempt) {
        click(display, controls.take_card);
        thanks = out.until_prefix("screen message-thank-you", 2'000);
    }
    REQUIRE_MESSAGE(thanks, "no thank-you\n" << out.tail());
    REQUIRE_MESSAGE(out.until_prefix("screen attract", 30'000), "not back to attract\n" << out.tail());
}

}  // namespace kiosk::testing
