// Buttons in one row along the bottom edge of a screen, right-aligned with the forward action last
// (at the right, where the resident's eye ends), each as wide as the longer of its two labels needs.
#pragma once

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <vector>

namespace kiosk::ui {

// Sets each button's rect; `labels[i]` are button i's texts in both languages (so the row does not
// move when the language changes). Every button is at least `min_width_px` wide.
void place_bottom_row(std::vector<Button*> buttons, Size screen, const ThemePx& px, TextRenderer& text,
                      const std::vector<Bilingual>& labels, int min_width_px);

}  // namespace kiosk::ui
