// Driving the real kiosk's staff mode (`kiosk --config ... --trace` under an X server) through the
// inputs a staff member uses, for the system tests and the soak:
//
//   - the staff card on the front reader: kiosk-sim-card on vpcd's reader 00 00, started with the
//     card out of the field and tapped or lifted over its control socket (FrontReaderCard);
//   - the on-screen keypad and buttons: clicks through xdotool (XTEST) at the rectangles the
//     kiosk's trace gives after each "screen NAME" line ("target NAME x,y,w,h"; kiosk_loop.cpp,
//     ui::staff_target_name: digit-0..9, submit, exit, back, task-restock, loading-done, take-back,
//     bin-emptied, confirm, ...);
//   - a card fed into the dispenser's mouth and a card taken from it: kiosk-sim-dispenser's control
//     socket (`insert CARDFILE`, `take`), as soak_resident.hpp takes a resident's card.
//
// Waits follow the trace: "screen ..." lines for what the screen shows, "staff-command ..." and
// "staff-event ..." lines (trace_names.cpp) for where the staff machine is, which a screen name alone
// cannot tell (a screen that shows the same name twice prints it once).
//
// No doctest: failures are Result errors naming the step and the screen (never a NIK, which is
// never typed here), and the caller decides how to fail. Not thread-safe: one thread drives it.
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/support/xvfb.hpp"
#include "tests/system/soak/control_line.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kiosk::testing {

// One "target NAME x,y,w,h" line of the trace.
struct TraceTarget {
    std::string name;
    int x_px = 0;
    int y_px = 0;
    int width_px = 0;
    int height_px = 0;
};

[[nodiscard]] inline std::optional<TraceTarget> parse_trace_target(const std::string& line) {
    char name[64] = {};
    TraceTarget t;
    if (std::sscanf(line.c_str(), "target %63s %d,%d,%d,%d", name, &t.x_px, &t.y_px, &t.width_px, &t.height_px) != 5)
        return std::nullopt;
    t.name = name;
    return t;
}

// kiosk-sim-card holding a card file on the front reader (vpcd reader 00 00, port 35963), started
// with the card out of the field. The card keeps its live PIN counter across lifts and taps, as a
// real card does. Stopped (SIGTERM) when this goes out of scope.
class FrontReaderCard {
public:
    [[nodiscard]] static Result<FrontReaderCard> start(const std::string& program, const std::string& card_file,
                                                       const std::string& control_path) {
        SpawnOptions options;
        options.dies_with_parent = true;
        options.err = Stream::discard;
        auto process = TRY(ChildProcess::spawn(
            {program, "--vpcd", "127.0.0.1:35963", "--card", card_file, "--control", control_path, "--removed"},
            options));
        FrontReaderCard card(std::move(process), control_path);
        // No ready line: the control socket answering is the sign.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (;;) {
            auto status = soak::control_line(control_path, "status", 2'000);
            if (status && status->rfind("ok ", 0) == 0) break;
            if (card.process_.wait_exit(0) != -1)
                return fail("staff.card", "kiosk-sim-card exited at start (vpcd's port 35963 held by another card?)");
            if (std::chrono::steady_clock::now() > give_up)
                return fail("staff.card", "kiosk-sim-card's control socket did not answer");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return card;
    }

    // The card into the reader's field / out of it.
    [[nodiscard]] Status tap() { return order("insert"); }
    [[nodiscard]] Status lift() { return order("remove"); }

private:
    FrontReaderCard(ChildProcess process, std::string control)
        : process_(std::move(process)), control_(std::move(control)) {}
    [[nodiscard]] Status order(const std::string& line) {
        auto answer = TRY(soak::control_line(control_, line));
        if (answer != "ok") return fail("staff.card", "kiosk-sim-card said to '" + line + "': " + answer);
        return {};
    }

    ChildProcess process_;
    std::string control_;
};

// What became of one card fed into the mouth during restock.
enum class FedCard {
    loaded,    // stored in a slot and journaled done
    refused,   // sent back out at the mouth and taken back by the driver
    captured,  // went to the capture bin
};

[[nodiscard]] inline const char* to_string(FedCard card) {
    switch (card) {
        case FedCard::loaded: return "loaded";
        case FedCard::refused: return "refused";
        case FedCard::captured: return "captured";
    }
    return "?";
}

class StaffDriver {
public:
    // `out`: the kiosk's stdout (--trace); `dispenser_control`: kiosk-sim-dispenser's control socket.
    // `hand_ms`: how long a hand takes to feed the next card or reach for one at the mouth. Not 0:
    // pcscd sees a card come and go at the read position's vpcd reader only at its presence checks
    // (every 400 ms, later on a busy machine), so a card there replaced by the next one faster than
    // that is missed and the new card's first APDU fails (the kiosk refuses it as unreadable).
    StaffDriver(OutputLines& out, std::string display, std::string dispenser_control, int hand_ms = 300)
        : out_(out),
          display_(std::move(display)),
          dispenser_control_(std::move(dispenser_control)),
          hand_ms_(hand_ms) {}

    // The screen the trace named last ("" before any).
    [[nodiscard]] std::string screen() const {
        for (auto it = out_.lines.rbegin(); it != out_.lines.rend(); ++it)
            if (it->rfind("screen ", 0) == 0) return it->substr(7);
        return {};
    }

    // Later waits consider only lines from here on (every input marks it before it acts).
    void mark() { cursor_ = out_.lines.size(); }

    // The first line since the mark that `wanted` accepts, read further within timeout_ms; the mark
    // moves past it. An error naming `what` when none comes.
    Result<std::string> await(const std::function<bool(const std::string&)>& wanted, int timeout_ms,
                              const std::string& what) {
        for (; cursor_ < out_.lines.size(); ++cursor_) {
            if (wanted(out_.lines[cursor_])) return out_.lines[cursor_++];
        }
        auto line = out_.until(wanted, timeout_ms);
        cursor_ = out_.lines.size();
        if (!line) return missing(what);
        return *line;
    }
    // The next line exactly `line` ("staff-command begin_loading").
    Result<std::string> await_line(const std::string& line, int timeout_ms) {
        return await([&](const std::string& l) { return l == line; }, timeout_ms, "no '" + line + "'");
    }
    // The next screen named one of `names` (a name ending in '*': any screen it begins); its name.
    Result<std::string> await_screen(std::initializer_list<std::string> names, int timeout_ms) {
        const std::vector<std::string> wanted(names);
        std::string listing;
        for (const auto& n : wanted) listing += (listing.empty() ? "" : " | ") + n;
        auto line =
            TRY(await([&](const std::string& l) { return l.rfind("screen ", 0) == 0 && named(l.substr(7), wanted); },
                      timeout_ms, "no screen " + listing));
        return line.substr(7);
    }
    [[nodiscard]] static bool named(const std::string& screen, const std::vector<std::string>& names) {
        for (const auto& n : names) {
            if (!n.empty() && n.back() == '*' ? screen.rfind(n.substr(0, n.size() - 1), 0) == 0 : screen == n)
                return true;
        }
        return false;
    }

    // Clicks the target `name` of the screen shown now (its targets follow its screen line; read
    // further for them within timeout_ms).
    [[nodiscard]] Status press(const std::string& name, int timeout_ms = 3'000) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            if (auto target = current_target(name)) {
                mark();
                return click(target->x_px + target->width_px / 2, target->y_px + target->height_px / 2);
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 ||
                !out_.until([](const std::string&) { return true; }, static_cast<int>(left.count())))
                return missing("no target '" + name + "' on the screen");
        }
    }

    // On the PIN screen: each digit on the on-screen keypad, then "Lanjut / Continue"; the screen the
    // answer leads to (staff-menu..., staff-pin-wrong, staff-card-refused-pin-blocked, ...).
    Result<std::string> enter_pin(const std::string& pin, int timeout_ms = 20'000) {
        // The PIN screen, unless it is shown already (after a wrong PIN, say).
        if (const auto now = screen(); now.rfind("staff-pin", 0) != 0 || now == "staff-pin-checking")
            TRY(await_screen({"staff-pin", "staff-pin-wrong", "staff-pin-unreadable", "staff-pin-problem"},
                             timeout_ms));
        for (const char digit : pin) TRY(press(std::string("digit-") + digit));
        TRY(press("submit"));
        TRY(await_line("staff-event staff_pin_checked", timeout_ms));
        // The answer's screen; a wrong PIN after a wrong PIN keeps its name and prints none.
        (void)out_.until(
            [](const std::string& l) { return l.rfind("screen ", 0) == 0 && l != "screen staff-pin-checking"; }, 1'500);
        cursor_ = out_.lines.size();
        return screen();
    }

    // The staff card tapped on the front reader (from the attract screen) and its PIN entered; the
    // screen it leads to, as enter_pin.
    Result<std::string> sign_in(FrontReaderCard& card, const std::string& pin) {
        mark();
        TRY(card.tap());
        return enter_pin(pin);
    }

    // From the menu: a task's tile (restock, take-back, capture-bin, operator-checks, service).
    [[nodiscard]] Status open_task(const std::string& task) {
        if (screen() != "staff-menu") TRY(await_screen({"staff-menu"}, 15'000));
        return press("task-" + task);
    }

    // In restock: one card fed into the mouth once the kiosk waits for one. A card sent back out is
    // taken from the mouth as staff would. With `then_done`, "Selesai / Done" is pressed while the
    // card is being read, so that loading stops after it. Returns once the kiosk waits for the next
    // card (or closes the mouth).
    Result<FedCard> feed_card(const std::string& card_file, bool then_done = false) {
        TRY(await_line("staff-command await_inserted_card", 20'000));
        std::this_thread::sleep_for(std::chrono::milliseconds(hand_ms_));
        mark();
        auto inserted = TRY(soak::control_line(dispenser_control_, "insert " + card_file));
        if (inserted != "ok") return missing("the dispenser refused the card at the mouth: " + inserted);
        TRY(await_line("staff-command read_chip_for_load", 20'000));
        if (then_done) TRY(press("loading-done"));
        bool stored = false;
        bool captured = false;
        for (;;) {
            const auto line = TRY(await(
                [](const std::string& l) {
                    return l == "staff-command journal_load_done" || l == "staff-command return_card_to_mouth" ||
                           l == "staff-command capture_card" || l == "staff-command await_inserted_card" ||
                           l == "staff-command stop_loading";
                },
                40'000, "the fed card was neither stored, nor sent back, nor captured"));
            if (line == "staff-command journal_load_done") stored = true;
            if (line == "staff-command capture_card") captured = true;
            if (line == "staff-command return_card_to_mouth") {
                TRY(take_from_mouth());
                TRY(await_line("staff-event card_returned_to_mouth", 40'000));
                continue;
            }
            if (line == "staff-command await_inserted_card" || line == "staff-command stop_loading") {
                cursor_ -= 1;  // the next feed_card (or finish) waits for this very line
                break;
            }
        }
        if (captured) return FedCard::captured;
        return stored ? FedCard::loaded : FedCard::refused;
    }

    // In restock: "Selesai / Done" (unless pressed already), the mouth closes; then back to the menu.
    [[nodiscard]] Status finish_restock(bool done_pressed = false) {
        if (!done_pressed) TRY(press("loading-done"));
        TRY(await_screen({"staff-restock-stopped"}, 40'000));
        TRY(press("back"));
        TRY(await_screen({"staff-menu"}, 15'000));
        return {};
    }

    // Take back: the list, "Ambil kembali / Take back", each card taken from the mouth in turn, back
    // to the menu. How many cards were handed out at the mouth.
    Result<int> take_back_all() {
        TRY(open_task("take-back"));
        TRY(await_screen({"staff-take-back-list"}, 15'000));
        TRY(press("take-back"));
        int taken = 0;
        for (;;) {
            const auto line = TRY(await(
                [](const std::string& l) {
                    return l == "staff-command present_to_staff" || l == "screen staff-take-back-finished";
                },
                60'000, "take back neither presented a card nor finished"));
            if (line == "screen staff-take-back-finished") break;
            TRY(take_from_mouth());
            TRY(await_line("staff-event card_presented_to_staff", 40'000));
            ++taken;
        }
        TRY(press("back"));
        TRY(await_screen({"staff-menu"}, 15'000));
        return taken;
    }

    // The capture bin: its list, the bin's cards lifted out (kiosk-sim-dispenser's `bin empty`: a
    // person at the open bin), "Kotak dikosongkan / Bin emptied", its confirmation, back to the menu.
    [[nodiscard]] Status empty_bin() {
        TRY(open_task("capture-bin"));
        TRY(await_screen({"staff-bin-list"}, 15'000));
        auto emptied = TRY(soak::control_line(dispenser_control_, "bin empty"));
        if (emptied != "ok") return missing("the simulator's bin could not be emptied: " + emptied);
        TRY(press("bin-emptied"));
        TRY(await_screen({"staff-bin-confirm"}, 15'000));
        TRY(press("confirm"));
        TRY(await_screen({"staff-bin-emptied"}, 30'000));
        TRY(press("back"));
        TRY(await_screen({"staff-menu"}, 15'000));
        return {};
    }

    // "Keluar / Exit" until the attract screen; the card is then lifted off the reader.
    [[nodiscard]] Status exit(FrontReaderCard& card) {
        TRY(press("exit"));
        TRY(await_line("staff-command end_staff_mode", 30'000));
        TRY(await_screen({"attract"}, 15'000));
        return lift(card);
    }

    // The staff card lifted off the reader, until the kiosk has seen it go (so that the next tap is
    // a tap of its own).
    [[nodiscard]] Status lift(FrontReaderCard& card) {
        mark();
        TRY(card.lift());
        TRY(await_line("staff-event staff_card_removed", 15'000));
        return {};
    }

    // A card presented at the mouth, taken (retried while it is still on its way out, as a hand
    // that reaches too early tries again).
    [[nodiscard]] Status take_from_mouth(int timeout_ms = 15'000) {
        std::this_thread::sleep_for(std::chrono::milliseconds(hand_ms_));
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            auto taken = TRY(soak::control_line(dispenser_control_, "take"));
            if (taken == "ok") return {};
            if (std::chrono::steady_clock::now() > give_up)
                return missing("the card never came out of the mouth: " + taken);
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    }

private:
    // The target `name` among those printed after the last screen line.
    [[nodiscard]] std::optional<TraceTarget> current_target(const std::string& name) const {
        for (auto it = out_.lines.rbegin(); it != out_.lines.rend(); ++it) {
            if (it->rfind("screen ", 0) == 0) return std::nullopt;
            if (auto target = parse_trace_target(*it); target && target->name == name) return target;
        }
        return std::nullopt;
    }
    [[nodiscard]] Status click(int x_px, int y_px) {
        // `mousemove --sync` waits for the pointer to move, so never ask for the spot it is already on.
        if (x_px == last_x_px_ && y_px == last_y_px_) x_px += 1;
        last_x_px_ = x_px;
        last_y_px_ = y_px;
        if (run_xdotool(display_, {"mousemove", "--sync", std::to_string(x_px), std::to_string(y_px), "click", "1"}) !=
            0)
            return missing("xdotool could not click");
        return {};
    }
    [[nodiscard]] Unexpected<Error> missing(const std::string& what) const {
        return fail("staff.driver", what + " (screen " + screen() + ")");
    }

    OutputLines& out_;
    std::string display_;
    std::string dispenser_control_;
    int hand_ms_;
    std::size_t cursor_ = 0;
    int last_x_px_ = -1;
    int last_y_px_ = -1;
};

}  // namespace kiosk::testing
