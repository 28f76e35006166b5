// The whole appliance, end to end: the REAL `kiosk --demo` binary under a real X server (Xvfb) with
// a real pcscd and vsmartcard-vpcd, driven like a resident would (keyboard and mouse through XTEST,
// at the coordinates the UI's own geometry functions give or the kiosk's --trace reports).
//
//  (a) the IN_KIOSK demo resident types the NIK, places the right finger, sees the status, presses
//      "take card"; the dispenser (simulated on a pty) brings the card to its read position, the
//      kiosk reads and authenticates the chip through pcscd, presents the card; the resident takes
//      it; thank-you message; back to attract. Afterwards the database says so: record PICKED_UP,
//      slot empty, an outbox event, an intact audit chain (kioskctl audit verify).
//  (b) three wrong fingers end the session with the same sequence of screens for a known and an
//      unknown NIK (no enumeration oracle).
//
// Screenshots of every screen are kept in <build>/artifacts/demo-screens.
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/xvfb.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

using namespace kiosk::testing;
namespace ui = kiosk::ui;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

// Reads the kiosk's stdout, remembering every line (for failure messages).
using KioskOutput = OutputLines;

ui::Point centre(const ui::Rect& r) { return {r.x_px + r.width_px / 2, r.y_px + r.height_px / 2}; }

void click(const std::string& display, ui::Point at) {
    // `mousemove --sync` waits for the pointer to move, so never ask for the spot it is already on.
    static ui::Point last{-1, -1};
    if (at.x_px == last.x_px && at.y_px == last.y_px) at.x_px += 1;
    last = at;
    REQUIRE(run_xdotool(display, {"mousemove", "--sync", std::to_string(at.x_px), std::to_string(at.y_px), "click",
                                  "1"}) == 0);
}

// From the attract screen: a touch starts the session (the attract screen is one big start target),
// then the NIK on the keyboard and Enter.
void type_digits(const std::string& display, const std::string& digits) {
    click(display, {100, 100});
    std::vector<std::string> args{"key", "--delay", "30"};
    for (char c : digits) args.emplace_back(1, c);
    args.emplace_back("Return");
    REQUIRE(run_xdotool(display, args) == 0);
}

// "target pickup 640,600,580,130" -> its rect.
std::optional<ui::Rect> parse_target(const std::string& line) {
    ui::Rect r{};
    char action[32] = {};
    if (std::sscanf(line.c_str(), "target %31s %d,%d,%d,%d", action, &r.x_px, &r.y_px, &r.width_px, &r.height_px) != 5) {
        return std::nullopt;
    }
    return r;
}

// One session that fails with three wrong fingers; the screens it showed, in order.
std::vector<std::string> wrong_finger_session(KioskOutput& out, const std::string& display, const std::string& nik,
                                              ui::Point wrong_finger) {
    std::vector<std::string> screens;
    type_digits(display, nik);
    auto fingerprint = out.until_prefix("screen fingerprint", 20'000);
    REQUIRE_MESSAGE(fingerprint.has_value(), "no fingerprint screen\n" << out.tail());
    click(display, wrong_finger);
    auto message = out.until([&](const std::string& l) {
        if (l.rfind("screen ", 0) == 0) screens.push_back(l.substr(7));
        return l.rfind("screen message-", 0) == 0;
    }, 60'000);
    REQUIRE_MESSAGE(message.has_value(), "the session did not end with a message\n" << out.tail());
    REQUIRE(run_xdotool(display, {"key", "Escape"}) == 0);
    REQUIRE_MESSAGE(out.until_prefix("screen attract", 20'000).has_value(), "not back to attract\n" << out.tail());
    return screens;
}

}  // namespace

TEST_CASE("kiosk --demo: a resident picks up the card; wrong fingers look the same for any NIK") {
    REQUIRE(shared_pcscd().ensure_running().ok());
    const Xvfb xvfb = require_ok(Xvfb::start(kWidth, kHeight));
    const std::string& display = xvfb.display();

    const std::filesystem::path shots = std::filesystem::path(KIOSK_ARTIFACTS_DIR) / "demo-screens";
    std::filesystem::remove_all(shots);
    const std::filesystem::path demo_dir = std::filesystem::path(KIOSK_ARTIFACTS_DIR) / "demo-state";
    std::filesystem::remove_all(demo_dir);

    std::optional<std::string> db_path;
    std::string in_kiosk_nik;
    std::string known_nik;
    {
        auto options = xvfb.client_options();
        // libdbus (opened by SDL's X11 backend) leaks by design; see tests/kiosk/ui.
        options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");
        options.out = Stream::pipe;
        ChildProcess kiosk = require_ok(ChildProcess::spawn(
            {KIOSK_BIN, "--demo", "--fullscreen", "--size", std::to_string(kWidth) + "x" + std::to_string(kHeight),
             "--screenshot-dir", shots.string(), "--demo-dir", demo_dir.string(), "--trace"},
            options));
        KioskOutput out{kiosk, {}};
        std::map<std::string, std::string> residents;
        auto ready = out.until([&](const std::string& l) {
            char role[32] = {};
            char nik[32] = {};
            if (std::sscanf(l.c_str(), "demo-resident %31s %31s", role, nik) == 2) residents[role] = nik;
            return l.rfind("ready ", 0) == 0;
        }, 60'000);
        REQUIRE_MESSAGE(ready.has_value(), "kiosk did not show its first frame\n" << out.tail());
        CHECK(ready->rfind("ready video=x11", 0) == 0);
        for (const auto& l : out.lines) CHECK_MESSAGE(l.rfind("nik-only", 0) != 0, "pcscd runs, yet: " << l);
        REQUIRE(residents.count("in_kiosk") == 1);
        REQUIRE(residents.count("print_ready") == 1);
        in_kiosk_nik = residents["in_kiosk"];
        known_nik = residents["print_ready"];
        db_path = (demo_dir / "kiosk.db").string();

        // Fingerprint sensor, dispenser and the front reader report in.
        int health = 0;
        for (const auto& l : out.lines) health += l == "event device_health" ? 1 : 0;
        while (health < 3) {
            REQUIRE_MESSAGE(out.until([](const std::string& l) { return l == "event device_health"; }, 15'000),
                            "devices did not report\n" << out.tail());
            ++health;
        }

        auto metrics = ui::PhysicalMetrics::from(ui::ScreenSpec{kWidth, kHeight, 257.0, std::nullopt});
        REQUIRE(metrics.ok());
        const ui::Size window{kWidth, kHeight};
        const ui::Point right_finger = centre(ui::demo_button_rect(ui::DemoIntent::place_right_finger, window, *metrics));
        const ui::Point wrong_finger = centre(ui::demo_button_rect(ui::DemoIntent::place_wrong_finger, window, *metrics));
        const ui::Point take_card = centre(ui::demo_button_rect(ui::DemoIntent::take_card, window, *metrics));

        {
            // (a) pickup
            type_digits(display, in_kiosk_nik);
            REQUIRE_MESSAGE(out.until_prefix("screen fingerprint", 20'000), "no fingerprint screen\n" << out.tail());
            click(display, right_finger);
            REQUIRE_MESSAGE(out.until_prefix("screen status-in_kiosk", 30'000), "no status screen\n" << out.tail());
            auto pickup_target = out.until_prefix("target pickup ", 2'000);
            REQUIRE_MESSAGE(pickup_target, "the status screen offers no pickup\n" << out.tail());
            auto pickup_rect = parse_target(*pickup_target);
            REQUIRE(pickup_rect);
            click(display, centre(*pickup_rect));
            REQUIRE_MESSAGE(out.until_prefix("screen pickup-present", 60'000), "the card was not presented\n" << out.tail());
            CHECK(std::find(out.lines.begin(), out.lines.end(), "command read_chip_at_read_position") != out.lines.end());
            // The screen asks for the card as the dispenser starts presenting it; a hand that reaches
            // before the card is out finds nothing, so the demo hand tries again, as a person would.
            std::optional<std::string> thanks;
            for (int attempt = 0; attempt < 10 && !thanks; ++attempt) {
                click(display, take_card);
                thanks = out.until_prefix("screen message-thank-you", 2'000);
            }
            REQUIRE_MESSAGE(thanks, "no thank-you\n" << out.tail());
            REQUIRE_MESSAGE(out.until_prefix("screen attract", 30'000), "not back to attract\n" << out.tail());
        }
        {
            // (b) three wrong fingers: a known NIK and an unknown one show the same screens.
            const auto known = wrong_finger_session(out, display, known_nik, wrong_finger);
            const std::string unknown_nik = "3171010101990999";  // plausible, in no record
            const auto unknown = wrong_finger_session(out, display, unknown_nik, wrong_finger);
            std::string known_text;
            std::string unknown_text;
            for (const auto& s : known) known_text += s + " ";
            for (const auto& s : unknown) unknown_text += s + " ";
            INFO("known: " << known_text << "\nunknown: " << unknown_text);
            CHECK(known == unknown);
            REQUIRE_FALSE(known.empty());
            CHECK(known.back() == "message-tries-used-up");
        }
        // The trace never carries a NIK.
        for (const auto& l : out.lines) {
            if (l.rfind("demo-resident ", 0) == 0) continue;
            CHECK_MESSAGE(l.find(in_kiosk_nik) == std::string::npos, "NIK in output: " << l);
            CHECK_MESSAGE(l.find(known_nik) == std::string::npos, "NIK in output: " << l);
        }
        kiosk.send_signal(SIGTERM);
        CHECK(kiosk.wait_exit(15'000) == 0);
    }

    // Screenshots of the screens the flow went through.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(shots)) files.push_back(entry.path().filename().string());
    std::string listing;
    for (const auto& f : files) listing += f + " ";
    INFO("screenshots: " << listing);
    for (const char* screen : {"attract-", "identify-", "fingerprint-", "status-in_kiosk-", "pickup-present-",
                               "message-thank-you-", "message-tries-used-up-"}) {
        CHECK(std::any_of(files.begin(), files.end(), [&](const std::string& f) { return f.rfind(screen, 0) == 0; }));
    }
    std::printf("demo screenshots kept in %s\n", shots.string().c_str());

    // The database tells the same story.
    auto db = kiosk::store::open_store(*db_path, {});
    REQUIRE(db.ok());
    auto nik = kiosk::core::Nik::parse(in_kiosk_nik);
    REQUIRE(nik.ok());
    kiosk::store::Records records(*db);
    auto record = records.get(*nik);
    REQUIRE(record.ok());
    REQUIRE(record->has_value());
    CHECK((*record)->status == kiosk::core::CardStatus::picked_up);
    CHECK_FALSE((*record)->slot.has_value());
    kiosk::store::Slots slots(*db);
    auto slot = slots.get(1);
    REQUIRE(slot.ok());
    CHECK((!slot->has_value() || (*slot)->state == kiosk::store::SlotState::empty));
    kiosk::store::Outbox outbox(*db);
    auto pending = outbox.peek(10);
    REQUIRE(pending.ok());
    CHECK(std::any_of(pending->begin(), pending->end(), [](const auto& e) { return e.kind == "card.picked_up"; }));

    ChildProcess audit = require_ok(ChildProcess::spawn({KIOSKCTL_BIN, "--db", *db_path, "audit", "verify"}));
    CHECK(audit.wait_exit(30'000) == 0);
}
