// A fill bar: how much of something is used (the magazine's slots loaded, the capture bin's cards),
// as an outlined bar filled from the left. It carries no numbers: the screens write them beside it,
// so the figure is read, not estimated from a length.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"

namespace kiosk::ui {

// `used` of `total` (a total of 0 draws an empty bar); `warn`: drawn in the problem colour (the bin
// nearly full), which the screen also says in words.
void draw_fill_bar(Painter& painter, Rect rect, int used, int total, bool warn = false);

}  // namespace kiosk::ui
