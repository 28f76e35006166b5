#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

double relative_luminance(Colour c) {
    auto linear = [](std::uint8_t channel) {
        const double v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

}  // namespace

double contrast_ratio(Colour a, Colour b) {
    const double la = relative_luminance(a);
    const double lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

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
