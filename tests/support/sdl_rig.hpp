// Test support: the UI's whole SDL stack for tests that draw real frames without a display: SDL on
// the offscreen video driver, a window on the software renderer, the real fonts from the source
// tree's assets, and a ScreenHost over them. Tests add what they drive (a presenter, a screen).
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/sdl_display.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"

#include <optional>

namespace kiosk::testing {

struct SdlRig {
    // A window of `size` pixels on a panel of `diagonal_in` inches, drawn with `theme`. Fails the
    // test when any part cannot be brought up.
    explicit SdlRig(ui::Size size = {1280, 800}, double diagonal_in = 10.1, ui::Theme theme = {});
    SdlRig(const SdlRig&) = delete;
    SdlRig& operator=(const SdlRig&) = delete;

    // Draws a frame if the host wants one; fails the test on a drawing error.
    void draw();

    // Declared in the order they are built; destroyed the other way, SDL_Quit last.
    std::optional<ui::SdlRuntime> runtime;
    std::optional<ui::Display> display;
    std::optional<ui::TextRenderer> text;
    ui::Theme theme;
    std::optional<ui::ScreenHost> host;
};

}  // namespace kiosk::testing
