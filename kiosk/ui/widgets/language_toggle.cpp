#include "kiosk/ui/widgets/language_toggle.hpp"

#include <algorithm>

namespace kiosk::ui {

void LanguageToggle::layout(Size screen, const ThemePx& px, TextRenderer& text) {
    const char* labels[2] = {"Bahasa Indonesia", "English"};
    const core::Language languages[2] = {core::Language::id, core::Language::en};
    const int label_px = px.toggle_label;
    // Each segment as wide as its name plus padding, and never narrower than a keypad key.
    int widths[2] = {0, 0};
    for (std::size_t i = 0; i < 2; ++i) {
        widths[i] = std::max(px.key_min, text.measure(FontWeight::bold, label_px, labels[i]) + 2 * px.section_gap);
    }
    const int h = px.toggle_height;
    int x = screen.width_px - px.margin - widths[0] - widths[1];
    for (std::size_t i = 0; i < 2; ++i) {
        segments_[i] = Button{Rect{x, px.margin, widths[i], h}, labels[i], UiAction::language_choice(languages[i]),
                              ButtonStyle::secondary, label_px, true};
        x += widths[i];
    }
}

Rect LanguageToggle::bounds() const {
    const Rect& a = segments_[0].rect;
    const Rect& b = segments_[1].rect;
    return Rect{a.x_px, a.y_px, b.right_px() - a.x_px, a.height_px};
}

void LanguageToggle::render(Painter& painter, core::Language current, std::optional<UiAction> pressed) const {
    for (const Button& segment : segments_) {
        Button drawn = segment;
        const bool chosen = segment.action.language == current;
        drawn.style = chosen ? ButtonStyle::primary : ButtonStyle::secondary;
        const bool is_pressed = pressed && *pressed == segment.action;
        drawn.render(painter, is_pressed ? ButtonState::pressed : ButtonState::normal);
    }
}

}  // namespace kiosk::ui
