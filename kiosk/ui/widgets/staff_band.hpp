// StaffBand: the band across the top of every staff screen, in the staff colour no resident screen
// uses: "Mode petugas / Staff mode" and, once the PIN was accepted, the staff member's name and
// role at the left; the language toggle at the right, where it is on the resident screens. A
// screen left in staff mode is thereby told apart from a resident's at a glance.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/ui_action.hpp"
#include "kiosk/ui/widgets/language_toggle.hpp"

#include <optional>

namespace kiosk::ui {

struct StaffBand {
    LanguageToggle toggle;
    Rect band;
    Rect text_area;

    void layout(Size screen, const ThemePx& px, TextRenderer& text);
    // `staff` is who is signed in (nullopt before the PIN was accepted).
    void render(Painter& painter, core::Language language, const std::optional<UiAction>& pressed,
                const std::optional<core::staff::SignedInStaff>& staff) const;
    // The first y below the band.
    [[nodiscard]] int bottom_px() const { return band.bottom_px(); }
};

}  // namespace kiosk::ui
