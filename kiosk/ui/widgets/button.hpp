// Button: a large touch target with a plain word label (no icons: a word is understood by everyone
// who reads, an icon only by those who already know it).
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/ui_action.hpp"

#include <optional>
#include <span>
#include <string>

namespace kiosk::ui {

enum class ButtonStyle {
    key,        // a keypad key: white, outlined
    primary,    // the one action that moves the resident forward: filled deep blue
    secondary,  // going back, more time: outlined
};

enum class ButtonState { normal, pressed, disabled };

struct Button {
    Rect rect;
    std::string label;
    UiAction action;
    ButtonStyle style = ButtonStyle::key;
    int label_px = 0;   // the label's em in pixels
    bool bold = true;

    // Draws the button; a label wider than the button wraps onto more lines, centred.
    void render(Painter& painter, ButtonState state) const;
    // The label's em after shrinking it so that its longest word fits `inner_width_px`.
    [[nodiscard]] int fitted_label_px(TextRenderer& text, int inner_width_px) const;
};

// The label size at which every one of `buttons` fits its own width (the smallest of their fitted
// sizes): a group of buttons side by side reads at one size.
[[nodiscard]] int shared_label_px(std::span<const Button> buttons, TextRenderer& text, const ThemePx& px);

// How `button` is drawn: disabled when not `enabled`, pressed while the finger is on its action.
[[nodiscard]] ButtonState button_state(const Button& button, const std::optional<UiAction>& pressed, bool enabled = true);

}  // namespace kiosk::ui
