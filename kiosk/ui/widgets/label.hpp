// Label: a block of text in one style, wrapped to its rectangle's width (a one-line label is a
// paragraph that fits).
#pragma once

#include "kiosk/ui/painter.hpp"

#include <string>

namespace kiosk::ui {

struct Label {
    Rect rect;
    std::string text;
    TextStyle style;
    Align align = Align::start;
    Align vertical = Align::start;

    void render(Painter& painter) const {
        if (!text.empty()) painter.paragraph(rect, text, style, align, vertical);
    }
};

}  // namespace kiosk::ui
