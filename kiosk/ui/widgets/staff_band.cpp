#include "kiosk/ui/widgets/staff_band.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>
#include <string>

namespace kiosk::ui {

namespace {
constexpr Bilingual kStaffMode{"Mode petugas", "Staff mode"};
}

void StaffBand::layout(Size screen, const ThemePx& px, TextRenderer& text) {
    toggle.layout(screen, px, text);
    band = Rect{0, 0, screen.width_px, px.margin + px.toggle_height + px.gap};
    const int text_top = px.gap;
    text_area = Rect{px.margin, text_top, std::max(0, toggle.bounds().x_px - 2 * px.margin),
                     band.height_px - text_top - px.gap};
}

void StaffBand::render(Painter& painter, core::Language language, const std::optional<UiAction>& pressed,
                       const std::optional<core::staff::SignedInStaff>& staff) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    painter.fill(band, c.staff_band);
    std::vector<TextBlock> blocks;
    blocks.push_back({kStaffMode.in(language), FontWeight::bold, px.toggle_label, c.on_staff_band, 0});
    if (staff) {
        // The name as the roster has it, and the role in words: the band says who answers for what
        // is done on this screen.
        blocks.back().gap_after_px = px.gap / 3;
        blocks.push_back({staff->display_name + "  \xC2\xB7  " + role_text(staff->role).in(language),
                          FontWeight::regular, px.toggle_label, c.on_staff_band, 0, Align::start, WordBreaks::allowed});
    }
    draw_flow(painter, text_area, blocks, Align::center);
    // A light frame keeps the toggle's chosen (filled) segment distinct from the dark band.
    const Rect frame = toggle.bounds();
    painter.box(Rect{frame.x_px - px.border, frame.y_px - px.border, frame.width_px + 2 * px.border,
                     frame.height_px + 2 * px.border},
                px.corner, px.border, c.on_staff_band, c.on_staff_band);
    toggle.render(painter, language, pressed);
}

}  // namespace kiosk::ui
