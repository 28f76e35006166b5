// Numbered steps in a row (the fingerprint and pickup screens' "where am I" line): done steps
// filled, the current one highlighted, later ones outlined, each with its name below.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

// `current` is the index of the step under way; `label_px` the numbers' size (names are drawn
// smaller and shrink further until the widest word fits its column). Where a column is too narrow
// for its name at 70 % of that size (a 10.1-inch panel beside the demo strip), the row reflows:
// the dots alone, with the current step's name once below them across the whole row, so that no
// name is broken inside a word ("Menyia / pkan") or shrunk past reading.
void draw_steps(Painter& painter, Rect area, const std::vector<std::string>& labels, int current, int label_px);

}  // namespace kiosk::ui
