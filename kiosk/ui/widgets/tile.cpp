#include "kiosk/ui/widgets/tile.hpp"

#include "kiosk/ui/text_flow.hpp"

namespace kiosk::ui {

Rect Tile::inner(const ThemePx& px) const {
    const int pad = px.gap + px.border;
    const int band = px.gap + px.border;  // the primary band at the left
    return Rect{rect.x_px + band + pad, rect.y_px + pad + px.border, rect.width_px - band - 2 * pad,
                rect.height_px - 2 * pad - px.border};
}

std::vector<TextBlock> Tile::blocks(const Palette& c, const ThemePx& px, ButtonState state) const {
    const Colour ink = state == ButtonState::disabled ? c.on_disabled : (primary ? c.on_primary : c.text);
    std::vector<TextBlock> out;
    out.push_back({title, FontWeight::bold, px.body, ink, detail.empty() ? 0 : px.gap, Align::center});
    if (!detail.empty()) {
        const Colour detail_ink = attention && !primary && state != ButtonState::disabled ? c.problem : ink;
        out.push_back({detail, attention ? FontWeight::bold : FontWeight::regular, px.toggle_label, detail_ink, 0,
                       Align::center});
    }
    return out;
}

void Tile::render(Painter& painter, ButtonState state, int percent) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    Colour ground = state == ButtonState::pressed ? c.pressed : c.surface;
    Colour edge = c.border;
    if (primary) {
        ground = state == ButtonState::pressed ? c.primary_pressed : c.primary;
        edge = ground;
    }
    if (state == ButtonState::disabled) {
        ground = c.disabled;
        edge = c.disabled;
    }
    // Pressed: sunk by a border's width, as a Button.
    Rect r = rect;
    if (state == ButtonState::pressed)
        r = Rect{rect.x_px, rect.y_px + px.border, rect.width_px, rect.height_px - px.border};
    painter.box(r, px.corner, state == ButtonState::pressed ? px.border * 2 : px.border, edge, ground);
    // A band of the primary colour down the left edge, as the status panel has: the eye's start.
    if (!primary && state != ButtonState::disabled) {
        painter.fill_rounded(Rect{r.x_px, r.y_px, px.gap + px.border, r.height_px}, px.corner, c.primary);
    }
    draw_flow(painter, inner(px), flow_scaled(blocks(c, px, state), percent), Align::center);
}

}  // namespace kiosk::ui
