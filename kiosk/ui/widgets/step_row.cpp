#include "kiosk/ui/widgets/step_row.hpp"

#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

void draw_steps(Painter& painter, Rect area, const std::vector<std::string>& labels, int current, int label_px) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    if (labels.empty()) return;
    const int n = static_cast<int>(labels.size());
    const int column_w = area.width_px / n;
    const int radius = std::max(6, label_px * 6 / 10);
    // Step names are single words or two: shrink them until the widest fits its column.
    const int name_floor_px = label_px * 7 / 10;
    int name_px = label_px * 8 / 10;
    TextRenderer& text = painter.text_renderer();
    bool compact = false;
    for (const auto& label : labels) {
        const int w = text.measure(FontWeight::bold, name_px, label);
        const int room = column_w - px.gap;
        if (w > room && w > 0) name_px = name_px * room / w;
        if (name_px < name_floor_px) compact = true;
    }
    if (compact) name_px = label_px * 8 / 10;
    const int dot_y = area.y_px + radius;
    // The line joining the steps, behind the dots: the done part in the primary colour.
    const int x0 = area.x_px + column_w / 2;
    const int x1 = area.x_px + column_w * (n - 1) + column_w / 2;
    painter.fill(Rect{x0, dot_y - px.border / 2, x1 - x0, px.border}, c.border);
    if (current > 0) {
        const int xc = area.x_px + column_w * std::min(current, n - 1) + column_w / 2;
        painter.fill(Rect{x0, dot_y - px.border, xc - x0, 2 * px.border}, c.primary);
    }
    for (int i = 0; i < n; ++i) {
        const Point centre{area.x_px + column_w * i + column_w / 2, dot_y};
        const TextStyle number{FontWeight::bold, label_px, i <= current ? c.on_primary : c.text};
        if (i < current) {
            disc(painter, centre, radius, c.primary);
            painter.text_in(Rect{centre.x_px - radius, centre.y_px - radius, 2 * radius, 2 * radius}, std::to_string(i + 1), number, Align::center);
        } else if (i == current) {
            disc(painter, centre, radius + px.border * 2, c.pressed);
            disc(painter, centre, radius, c.primary);
            painter.text_in(Rect{centre.x_px - radius, centre.y_px - radius, 2 * radius, 2 * radius}, std::to_string(i + 1), number, Align::center);
        } else {
            ring(painter, centre, radius, px.border, c.border, c.surface);
            painter.text_in(Rect{centre.x_px - radius, centre.y_px - radius, 2 * radius, 2 * radius}, std::to_string(i + 1), number, Align::center);
        }
        if (compact) continue;
        const TextStyle label{i == current ? FontWeight::bold : FontWeight::regular, name_px,
                              i == current ? c.text : c.text_muted};
        const Rect label_rect{area.x_px + column_w * i, dot_y + radius + px.gap, column_w,
                              area.bottom_px() - (dot_y + radius + px.gap)};
        painter.paragraph(label_rect, labels[static_cast<std::size_t>(i)], label, Align::center, Align::start,
                          Rect{label_rect.x_px - px.gap, label_rect.y_px, label_rect.width_px + 2 * px.gap,
                               std::max(label_rect.height_px, 0)});
    }
    if (compact && current >= 0 && current < n) {
        const Rect below{area.x_px, dot_y + radius + px.gap, area.width_px, area.bottom_px() - (dot_y + radius + px.gap)};
        draw_flow(painter, below,
                  {TextBlock{labels[static_cast<std::size_t>(current)], FontWeight::bold, name_px, c.text, 0,
                             Align::center}});
    }
}

}  // namespace kiosk::ui
