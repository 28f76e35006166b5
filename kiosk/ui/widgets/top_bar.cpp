#include "kiosk/ui/widgets/top_bar.hpp"

#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

void TopBar::layout(Size screen, const ThemePx& px, TextRenderer& text) {
    toggle.layout(screen, px, text);
    name_area = Rect{px.margin, px.margin, std::max(0, toggle.bounds().x_px - 2 * px.margin), px.toggle_height};
}

void TopBar::render(Painter& painter, core::Language language, const std::optional<UiAction>& pressed,
                    const char* name) const {
    const Palette& c = painter.palette();
    draw_flow(painter, name_area, {TextBlock{name, FontWeight::bold, painter.px().toggle_label, c.text_muted, 0}},
              Align::center);
    toggle.render(painter, language, pressed);
}

}  // namespace kiosk::ui
