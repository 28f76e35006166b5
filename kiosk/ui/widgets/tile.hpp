// Tile: a large button of the staff menu with a title in bold and, under it, the figure that says
// whether the task needs doing ("3 lewat batas waktu / 3 past their deadline"). A figure that asks
// for action is drawn in the problem colour and in bold, never by colour alone: its words say it.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/ui_action.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <string>

namespace kiosk::ui {

struct Tile {
    Rect rect;
    std::string title;
    std::string detail;  // empty: the title alone, centred
    UiAction action;
    bool attention = false;  // the detail asks for action
    bool primary = false;    // drawn filled, as the one action that leaves (Exit)

    void render(Painter& painter, ButtonState state) const;
};

}  // namespace kiosk::ui
