#include "kiosk/ui/screens/screen_kit.hpp"

#include "kiosk/ui/text_wrap.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

constexpr int kStepPercent = 92;
constexpr int kFloorPercent = 60;

std::vector<TextBlock> scaled(const std::vector<TextBlock>& blocks, int percent) {
    auto out = blocks;
    for (auto& b : out) {
        b.size_px = b.size_px * percent / 100;
        b.gap_after_px = b.gap_after_px * percent / 100;
    }
    return out;
}

}  // namespace

int flow_height(TextRenderer& text, const std::vector<TextBlock>& blocks, int width_px) {
    int h = 0;
    for (const auto& b : blocks) {
        if (b.text.empty()) continue;
        h += paragraph_height(text, b.text, TextStyle{b.weight, b.size_px, b.colour}, width_px) + b.gap_after_px;
    }
    return h;
}

int draw_flow(Painter& painter, Rect area, std::vector<TextBlock> blocks, Align vertical) {
    TextRenderer& text = painter.text_renderer();
    int percent = 100;
    auto fitted = blocks;
    int h = flow_height(text, fitted, area.width_px);
    while (h > area.height_px && percent > kFloorPercent) {
        percent = std::max(kFloorPercent, percent * kStepPercent / 100);
        fitted = scaled(blocks, percent);
        h = flow_height(text, fitted, area.width_px);
    }
    if (h > area.height_px && !fitted.empty()) painter.overflowed(fitted.front().text, area, {area.width_px, h});
    int y = area.y_px;
    if (vertical == Align::center) y += std::max(0, (area.height_px - h) / 2);
    if (vertical == Align::end) y += std::max(0, area.height_px - h);
    for (const auto& b : fitted) {
        if (b.text.empty()) continue;
        const TextStyle style{b.weight, b.size_px, b.colour};
        const int bh = paragraph_height(text, b.text, style, area.width_px);
        painter.paragraph(Rect{area.x_px, y, area.width_px, bh}, b.text, style, b.align);
        y += bh + b.gap_after_px;
    }
    return h;
}

void TopBar::layout(const LayoutContext& context) {
    toggle.layout(context.size, context.px, context.text);
    const ThemePx& px = context.px;
    name_area = Rect{px.margin, px.margin, std::max(0, toggle.bounds().x_px - 2 * px.margin), px.toggle_height};
}

void TopBar::render(Painter& painter, Language language, const std::optional<UiAction>& pressed, const char* name) const {
    const Palette& c = painter.palette();
    draw_flow(painter, name_area, {TextBlock{name, FontWeight::bold, painter.px().toggle_label, c.text_muted, 0}},
              Align::center);
    toggle.render(painter, language, pressed);
}

void place_bottom_row(std::vector<Button*> buttons, Size screen, const ThemePx& px, TextRenderer& text,
                      const std::vector<Bilingual>& labels, int min_width_px) {
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

ButtonState state_of(const Button& button, const std::optional<UiAction>& pressed, bool enabled) {
    if (!enabled) return ButtonState::disabled;
    return pressed && *pressed == button.action ? ButtonState::pressed : ButtonState::normal;
}

void disc(Painter& painter, Point centre, int radius_px, Colour colour) {
    painter.fill_rounded(Rect{centre.x_px - radius_px, centre.y_px - radius_px, 2 * radius_px, 2 * radius_px}, radius_px,
                         colour);
}

void ring(Painter& painter, Point centre, int radius_px, int thickness_px, Colour colour, Colour inside) {
    disc(painter, centre, radius_px, colour);
    disc(painter, centre, std::max(0, radius_px - thickness_px), inside);
}

void arrow_down(Painter& painter, Point tip, int width_px, int length_px, Colour colour) {
    const int head_h = width_px / 2;
    const int shaft_w = std::max(2, width_px / 3);
    painter.fill(Rect{tip.x_px - shaft_w / 2, tip.y_px - length_px, shaft_w, length_px - head_h + 1}, colour);
    // The head as one span per row: a triangle of exact pixels on any renderer.
    for (int row = 0; row < head_h; ++row) {
        const int half = (head_h - row) * width_px / (2 * head_h);
        painter.fill(Rect{tip.x_px - half, tip.y_px - head_h + row, 2 * half + 1, 1}, colour);
    }
}

void draw_steps(Painter& painter, Rect area, const std::vector<std::string>& labels, int current, int label_px) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    if (labels.empty()) return;
    const int n = static_cast<int>(labels.size());
    const int column_w = area.width_px / n;
    const int radius = std::max(6, label_px * 6 / 10);
    // Step names are single words or two: shrink them until the widest word fits its column.
    int name_px = label_px * 8 / 10;
    TextRenderer& text = painter.text_renderer();
    for (const auto& label : labels) {
        const int w = text.measure(FontWeight::bold, name_px, label);
        const int room = column_w - px.gap;
        if (w > room && w > 0) name_px = std::max(label_px / 2, name_px * room / w);
    }
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
        const TextStyle label{i == current ? FontWeight::bold : FontWeight::regular, name_px,
                              i == current ? c.text : c.text_muted};
        const Rect label_rect{area.x_px + column_w * i, dot_y + radius + px.gap, column_w,
                              area.bottom_px() - (dot_y + radius + px.gap)};
        painter.paragraph(label_rect, labels[static_cast<std::size_t>(i)], label, Align::center, Align::start,
                          Rect{label_rect.x_px - px.gap, label_rect.y_px, label_rect.width_px + 2 * px.gap,
                               std::max(label_rect.height_px, 0)});
    }
}

}  // namespace kiosk::ui
