#include "kiosk/ui/theme.hpp"

#include <algorithm>

namespace kiosk::ui {

ThemePx ThemePx::from(const Theme& theme, const PhysicalMetrics& m) {
    ThemePx px;
    px.display = m.mm_to_px(theme.type.display);
    px.title = m.mm_to_px(theme.type.title);
    px.body = m.mm_to_px(theme.type.body);
    px.digit = m.mm_to_px(theme.type.digit);
    px.key_label = m.mm_to_px(theme.type.key_label);
    px.toggle_label = m.mm_to_px(theme.type.toggle_label);
    px.nik_max = m.mm_to_px(theme.type.nik_max);
    px.nik_min = m.mm_to_px(theme.type.nik_min);
    px.margin = m.mm_to_px(theme.spacing.margin);
    px.gap = m.mm_to_px(theme.spacing.gap);
    px.section_gap = m.mm_to_px(theme.spacing.section_gap);
    px.key_min = m.mm_to_px(theme.spacing.key_min);
    px.key_max = m.mm_to_px(theme.spacing.key_max);
    px.button_height = m.mm_to_px(theme.spacing.button_height);
    px.toggle_height = m.mm_to_px(theme.spacing.toggle_height);
    // A border thinner than 2 px disappears on a 4 px/mm panel; corners scale with density.
    px.border = std::max(2, m.mm_to_px(theme.spacing.border));
    px.corner = m.mm_to_px(theme.spacing.corner);
    return px;
}

}  // namespace kiosk::ui
