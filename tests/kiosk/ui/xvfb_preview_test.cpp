// The real program under a real X server: starts Xvfb (on a free display it picks itself), runs
// kiosk-ui-preview fullscreen on it, and types a NIK the way a resident would, half by tapping the
// on-screen keypad (mouse clicks through XTEST at the keys' centres, computed with the same layout
// functions the screen uses) and half on the keyboard. The NIK must arrive.
#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/screens/identify_screen.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets/keypad.hpp"

#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/xvfb.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::ui;
using kiosk::testing::ChildProcess;
using kiosk::testing::require_ok;
using kiosk::testing::run_xdotool;
using kiosk::testing::Xvfb;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;
constexpr double kDiagonalMm = 10.1 * kMmPerInch;

}  // namespace

TEST_CASE("a NIK typed on the keypad and keyboard under Xvfb reaches the program") {
    const Xvfb xvfb = require_ok(Xvfb::start(kWidth, kHeight));
    const std::string& display = xvfb.display();

    auto options = xvfb.client_options();
    // Under the sanitizers: SDL's X11 backend opens libdbus, whose global state is never freed (SDL
    // deliberately skips dbus_shutdown) and whose module is unloaded before the leak report, so it
    // can be neither fixed nor suppressed by name. The toolkit's own leak checking is in ui_render,
    // which covers the same code offscreen.
    options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");
    options.out = kiosk::testing::Stream::pipe;
    ChildProcess preview = require_ok(ChildProcess::spawn({KIOSK_UI_PREVIEW, "--interactive", "--fullscreen", "--screen", "identify", "--size",
                   std::to_string(kWidth) + "x" + std::to_string(kHeight), "--diagonal-mm",
                   std::to_string(kDiagonalMm), "--max-submits", "1", "--trace", "--assets", KIOSK_SOURCE_ASSETS_DIR},
                                                        options));
    const auto ready = preview.read_line(15'000);
    REQUIRE_MESSAGE(ready.has_value(), "kiosk-ui-preview did not show a frame");
    CHECK(ready->rfind("ready x11", 0) == 0);

    // Where the keys are: the same pure layout the identify screen uses.
    auto density = PhysicalMetrics::from(ScreenSpec{kWidth, kHeight, kDiagonalMm, std::nullopt});
    REQUIRE(density.ok());
    const ThemePx px = ThemePx::from(Theme{}, density.value());
    const KeypadGeometry pad = keypad_geometry(identify_geometry({kWidth, kHeight}, px).keypad_area, px);
    auto centre_of = [&](char digit) {
        const std::size_t index = digit == '0' ? 10 : static_cast<std::size_t>(digit - '1');
        return pad.keys[index].center();
    };

    // The first half tapped on screen, with one mistake corrected with the on-screen "Hapus".
    for (char digit : std::string("140312159")) {
        const Point at = centre_of(digit);
        REQUIRE(run_xdotool(display, {"mousemove", "--sync", std::to_string(at.x_px), std::to_string(at.y_px),
                                      "click", "1"}) == 0);
    }
    const Point backspace = pad.keys[11].center();
    REQUIRE(run_xdotool(display, {"mousemove", "--sync", std::to_string(backspace.x_px),
                                  std::to_string(backspace.y_px), "click", "1"}) == 0);
    // The rest on the keyboard: top-row digits, then the numeric keypad, then Enter.
    REQUIRE(run_xdotool(display, {"key", "0", "5", "9", "0", "KP_0", "KP_0", "KP_0", "KP_1", "Return"}) == 0);

    // "digits N" lines trace the typing (counts only); then the NIK.
    std::string trace;
    std::optional<std::string> line;
    while ((line = preview.read_line(10'000)) && line->rfind("digits ", 0) == 0) trace += *line + "; ";
    INFO("trace: " << trace);
    REQUIRE_MESSAGE(line.has_value(), "no NIK arrived");
    CHECK(*line == "nik 1403121505900001");
    CHECK(trace.find("digits 9; digits 8; ") != std::string::npos);  // the on-screen Hapus worked
    CHECK(preview.wait_exit(10'000) == 0);
}
