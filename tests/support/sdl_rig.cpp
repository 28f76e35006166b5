#include "tests/support/sdl_rig.hpp"

#include "kiosk/ui/physical_metrics.hpp"
#include "tests/support/require_ok.hpp"

#include <cstdlib>
#include <filesystem>

namespace kiosk::testing {

SdlRig::SdlRig(ui::Size size, double diagonal_in, ui::Theme theme_in) : theme(theme_in) {
    // ctest sets the same; a test binary run by hand must not open a window on the developer's desktop.
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    runtime.emplace(require_ok(ui::SdlRuntime::start()));
    display.emplace(require_ok(
        ui::Display::open(ui::DisplayConfig{"test", size, ui::WindowMode::windowed, ui::RendererKind::software})));
    text.emplace(require_ok(
        ui::TextRenderer::open(display->renderer(), std::filesystem::path(KIOSK_SOURCE_ASSETS_DIR) / "fonts")));
    const auto density = require_ok(
        ui::PhysicalMetrics::from(ui::ScreenSpec{size.width_px, size.height_px, diagonal_in * ui::kMmPerInch, std::nullopt}));
    host.emplace(*display, *text, theme, density);
}

void SdlRig::draw() { (void)require_ok(host->render_if_needed(ui::ScreenHost::now_ms())); }

}  // namespace kiosk::testing
