#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

constexpr int kStepPercent = 92;
constexpr int kFloorPercent = 60;

// Whether a block that must not break its words has a word wider than `width_px` (wrap_text would
// then break it between characters, which the painter reports as an overflow).
bool breaks_a_word(TextRenderer& text, const std::vector<TextBlock>& blocks, int width_px) {
    for (const auto& b : blocks) {
        if (b.words != WordBreaks::overflow) continue;
        const std::string_view s = b.text;
        for (std::size_t at = 0; at < s.size();) {
            std::size_t end = s.find_first_of(" \n", at);
            if (end == std::string_view::npos) end = s.size();
            if (end > at && text.measure(b.weight, b.size_px, s.substr(at, end - at)) > width_px) return true;
            at = end + 1;
        }
    }
    return false;
}

}  // namespace

std::vector<TextBlock> flow_scaled(const std::vector<TextBlock>& blocks, int percent) {
    auto out = blocks;
    for (auto& b : out) {
        b.size_px = b.size_px * percent / 100;
        b.gap_after_px = b.gap_after_px * percent / 100;
    }
    return out;
}

int flow_fit_percent(TextRenderer& text, const std::vector<TextBlock>& blocks, Size area) {
    int percent = 100;
    auto fitted = blocks;
    while ((flow_height(text, fitted, area.width_px) > area.height_px || breaks_a_word(text, fitted, area.width_px)) &&
           percent > kFloorPercent) {
        percent = std::max(kFloorPercent, percent * kStepPercent / 100);
        fitted = flow_scaled(blocks, percent);
    }
    return percent;
}

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
    const auto fitted = flow_scaled(blocks, flow_fit_percent(text, blocks, {area.width_px, area.height_px}));
    const int h = flow_height(text, fitted, area.width_px);
    if (h > area.height_px && !fitted.empty()) painter.overflowed(fitted.front().text, area, {area.width_px, h});
    int y = area.y_px;
    if (vertical == Align::center) y += std::max(0, (area.height_px - h) / 2);
    if (vertical == Align::end) y += std::max(0, area.height_px - h);
    for (const auto& b : fitted) {
        if (b.text.empty()) continue;
        const TextStyle style{b.weight, b.size_px, b.colour};
        const int bh = paragraph_height(text, b.text, style, area.width_px);
        painter.paragraph(Rect{area.x_px, y, area.width_px, bh}, b.text, style, b.align, Align::start, std::nullopt,
                          b.words);
        y += bh + b.gap_after_px;
    }
    return h;
}

}  // namespace kiosk::ui
