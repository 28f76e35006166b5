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
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/system/demo_driver.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

using namespace kiosk::testing;
namespace ui = kiosk::ui;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

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
        const DemoStart start = await_demo_start(out);
        CHECK(start.ready.rfind("ready video=x11", 0) == 0);
        for (const auto& l : out.lines) CHECK_MESSAGE(l.rfind("nik-only", 0) != 0, "pcscd runs, yet: " << l);
        auto residents = start.residents;
        REQUIRE(residents.count("in_kiosk") == 1);
        REQUIRE(residents.count("print_ready") == 1);
        in_kiosk_nik = residents["in_kiosk"];
        known_nik = residents["print_ready"];
        db_path = (demo_dir / "kiosk.db").string();

        const DemoControls controls = demo_controls(ui::Size{kWidth, kHeight});
        const ui::Point wrong_finger = controls.wrong_finger;

        {
            // (a) pickup
            pick_up_card(out, display, in_kiosk_nik, controls);
            CHECK(std::find(out.lines.begin(), out.lines.end(), "command read_chip_at_read_position") != out.lines.end());
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
