#include "kiosk/ui/widgets/button_row.hpp"

#include "kiosk/core/assert.hpp"

#include <algorithm>

namespace kiosk::ui {

void place_bottom_row(std::vector<Button*> buttons, Size screen, const ThemePx& px, TextRenderer& text,
                      const std::vector<Bilingual>& labels, int min_width_px) {
    VERIFY_MSG(labels.size() == buttons.size(), "place_bottom_row wants one label pair per button");
    int x = screen.width_px - px.margin;
    const int y = screen.height_px - px.margin - px.button_height;
    for (std::size_t i = buttons.size(); i-- > 0;) {
        Button& b = *buttons[i];
        const FontWeight weight = b.bold ? FontWeight::bold : FontWeight::regular;
        const int label_w = std::max(text.measure(weight, b.label_px, labels[i].id), text.measure(weight, b.label_px, labels[i].en));
        const int w = std::max(min_width_px, label_w + 2 * px.section_gap + 6 * px.border);
        x -= w;
        b.rect = Rect{x, y, w, px.button_height};
        x -= 2 * px.gap;
    }
}

}  // namespace kiosk::ui
