#include "kiosk/ui/widgets/tile.hpp"

#include "kiosk/ui/text_flow.hpp"

namespace kiosk::ui {

void Tile::render(Painter& painter, ButtonState state) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    Colour ground = state == ButtonState::pressed ? c.pressed : c.surface;
    Colour edge = c.border;
    Colour ink = c.text;
    if (primary) {
        ground = state == ButtonState::pressed ? c.primary_pressed : c.primary;
        edge = ground;
        ink = c.on_primary;
    }
    if (state == ButtonState::disabled) {
        ground = c.disabled;
        edge = c.disabled;
        ink = c.on_disabled;
    }
    // Pressed: sunk by a border's width, as a Button.
    Rect r = rect;
    if (state == ButtonState::pressed) r = Rect{rect.x_px, rect.y_px + px.border, rect.width_px, rect.height_px - px.border};
    painter.box(r, px.corner, state == ButtonState::pressed ? px.border * 2 : px.border, edge, ground);
    // A band of the primary colour down the left edge, as the status panel has: the eye's start.
    if (!primary && state != ButtonState::disabled) {
        painter.fill_rounded(Rect{r.x_px, r.y_px, px.gap + px.border, r.height_px}, px.corner, c.primary);
    }
    const int pad = px.gap + px.border;
    const int band = px.gap + px.border;  // the primary band at the left
    const Rect inner{r.x_px + band + pad, r.y_px + pad, r.width_px - band - 2 * pad, r.height_px - 2 * pad};
    std::vector<TextBlock> blocks;
    blocks.push_back({title, FontWeight::bold, px.body, ink, detail.empty() ? 0 : px.gap, Align::center});
    if (!detail.empty()) {
        const Colour detail_ink = attention && !primary && state != ButtonState::disabled ? c.problem : ink;
        blocks.push_back({detail, attention ? FontWeight::bold : FontWeight::regular, px.toggle_label, detail_ink, 0,
                          Align::center});
    }
    draw_flow(painter, inner, blocks, Align::center);
}

}  // namespace kiosk::ui
