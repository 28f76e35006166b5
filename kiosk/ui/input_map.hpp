// Maps SDL input events (touch, mouse, keyboard) to UI input: an action straight from the keyboard,
// or a pointer press/release at a pixel for hit testing. The one place SDL input codes are read.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/ui_action.hpp"

#include <SDL.h>

#include <cstdint>
#include <optional>
#include <variant>

namespace kiosk::ui {

// Which finger (SDL's finger id) or the mouse (kMousePointer) a press belongs to.
inline constexpr std::int64_t kMousePointer = -1;

struct PointerDown {
    Point at;
    std::int64_t pointer = kMousePointer;
};
struct PointerUp {
    Point at;
    std::int64_t pointer = kMousePointer;
};

using InputEvent = std::variant<UiAction, PointerDown, PointerUp>;

// Maps one event; nullopt for events that are not input (window, quit, motion) or that must be
// ignored:
// - keys: '0'-'9' and the numeric keypad's digits, Enter and keypad Enter (submit), Backspace,
//   Delete (clear), Escape (cancel), F12 (toggle the demo strip), Tab / Shift+Tab and the arrows
//   (move the focus ring), F1 / Help / '?' (repeat the prompt). Auto-repeat is honoured for Backspace only: a digit or Enter
//   held down by an unsteady hand must not type "5555" or submit twice.
// - touch: SDL_FINGERDOWN/UP carry coordinates normalized to 0..1, scaled here to `window` pixels.
// - mouse: the left button; SDL's mouse events synthesized from touch are dropped so one touch is
//   never seen twice.
[[nodiscard]] std::optional<InputEvent> map_input(const SDL_Event& event, Size window);

}  // namespace kiosk::ui
