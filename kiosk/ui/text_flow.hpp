// A "flow" of text blocks laid out top to bottom in one area, stepping its type down until it fits:
// the longest English and Indonesian texts of a screen must both fit at the smallest panel.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

struct TextBlock {
    std::string text;  // an empty block takes no room
    FontWeight weight = FontWeight::regular;
    int size_px = 0;
    Colour colour;
    int gap_after_px = 0;
    Align align = Align::start;
    WordBreaks words = WordBreaks::overflow;
};

// Draws `blocks` top to bottom inside `area`, aligned vertically as asked. When they do not fit (too
// tall, or a word wider than the area in a block whose words must not break), every
// size and gap steps down by 8 % at a time, to 60 % at the least (smaller type stops being readable
// from the kiosk's standing distance); what still does not fit is reported to the painter as an
// overflow, for the tests that hold every text to its box. Returns the height drawn.
int draw_flow(Painter& painter, Rect area, std::vector<TextBlock> blocks, Align vertical = Align::start);
// The percent of their sizes (100, stepping down to the 60 % floor) at which draw_flow draws `blocks`
// in an area of `area`: for layouts that draw several flows at one size (the staff menu's tiles).
[[nodiscard]] int flow_fit_percent(TextRenderer& text, const std::vector<TextBlock>& blocks, Size area);
// `blocks` with every size and gap at `percent` of their own.
[[nodiscard]] std::vector<TextBlock> flow_scaled(const std::vector<TextBlock>& blocks, int percent);
// The height `blocks` take at their own sizes, wrapped to `width_px`.
[[nodiscard]] int flow_height(TextRenderer& text, const std::vector<TextBlock>& blocks, int width_px);

}  // namespace kiosk::ui
