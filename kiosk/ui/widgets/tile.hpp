// Tile: a large button of the staff menu with a title in bold and, under it, the figure that says
// whether the task needs doing ("3 lewat batas waktu / 3 past their deadline"). A figure that asks
// for action is drawn in the problem colour and in bold, never by colour alone: its words say it.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/ui_action.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

struct Tile {
    Rect rect;
    std::string title;
    std::string detail;  // empty: the title alone, centred
    UiAction action;
    bool attention = false;  // the detail asks for action
    bool primary = false;    // drawn filled, as the one action that leaves (Exit)

    // Draws the tile with its texts at `percent` of their sizes (the menu draws all its tiles at the
    // size the fullest one fits: tiles whose words shrink one by one read as a jumble).
    void render(Painter& painter, ButtonState state, int percent = 100) const;
    // The texts and where they go, for working out that size.
    [[nodiscard]] std::vector<TextBlock> blocks(const Palette& c, const ThemePx& px, ButtonState state) const;
    [[nodiscard]] Rect inner(const ThemePx& px) const;
};

}  // namespace kiosk::ui
