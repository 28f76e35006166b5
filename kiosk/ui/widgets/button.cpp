#include "kiosk/ui/widgets/button.hpp"

#include <algorithm>

namespace kiosk::ui {

int Button::fitted_label_px(TextRenderer& text, int inner_width_px) const {
    // The label may wrap between words but never inside one ("Hap-us"): if its longest word is
    // wider than the button, the type shrinks until it fits, down to 70 % of the theme's size.
    const FontWeight weight = bold ? FontWeight::bold : FontWeight::regular;
    int widest_px = 0;
    std::size_t at = 0;
    while (at < label.size()) {
        std::size_t end = label.find(' ', at);
        if (end == std::string::npos) end = label.size();
        if (end > at) widest_px = std::max(widest_px, text.measure(weight, label_px, std::string_view(label).substr(at, end - at)));
        at = end + 1;
    }
    if (widest_px <= inner_width_px || widest_px == 0) return label_px;
    const int fitted = label_px * inner_width_px / widest_px;
    return std::max(fitted, label_px * 7 / 10);
}

void Button::render(Painter& painter, ButtonState state) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    Colour ground = c.surface;
    Colour edge = c.border;
    Colour ink = c.text;
    switch (style) {
        case ButtonStyle::primary:
            ground = state == ButtonState::pressed ? c.primary_pressed : c.primary;
            edge = ground;
            ink = c.on_primary;
            break;
        case ButtonStyle::key:
        case ButtonStyle::secondary:
            ground = state == ButtonState::pressed ? c.pressed : c.surface;
            break;
    }
    if (state == ButtonState::disabled) {
        ground = c.disabled;
        edge = c.disabled;
        ink = c.on_disabled;
    }
    // A pressed key sinks by a border's width: feedback a finger covering the label still sees
    // around its edges.
    Rect r = rect;
    if (state == ButtonState::pressed) r = Rect{rect.x_px, rect.y_px + px.border, rect.width_px, rect.height_px - px.border};
    const int border_px = state == ButtonState::pressed ? px.border * 2 : px.border;
    painter.box(r, px.corner, border_px, edge, ground);

    const Rect inner = r.inset(px.border * 3);
    const FontWeight weight = bold ? FontWeight::bold : FontWeight::regular;
    painter.paragraph(inner, label, TextStyle{weight, fitted_label_px(painter.text_renderer(), inner.width_px), ink},
                      Align::center, Align::center, r.inset(px.border));
}

int shared_label_px(std::span<const Button> buttons, TextRenderer& text, const ThemePx& px) {
    int out = 0;
    for (const Button& b : buttons) {
        // The label's room as render() gives it: the rect less three borders each side.
        const int fitted = b.fitted_label_px(text, b.rect.inset(px.border * 3).width_px);
        out = out == 0 ? fitted : std::min(out, fitted);
    }
    return out;
}

ButtonState button_state(const Button& button, const std::optional<UiAction>& pressed, bool enabled) {
    if (!enabled) return ButtonState::disabled;
    return pressed && *pressed == button.action ? ButtonState::pressed : ButtonState::normal;
}

}  // namespace kiosk::ui
