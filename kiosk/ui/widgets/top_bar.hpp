// TopBar: the bar along the top of the session's screens, the service's name small at the left and
// the language toggle at the right, so the language choice is always in the same place.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/ui_action.hpp"
#include "kiosk/ui/widgets/language_toggle.hpp"

#include <optional>

namespace kiosk::ui {

struct TopBar {
    LanguageToggle toggle;
    Rect name_area;

    void layout(Size screen, const ThemePx& px, TextRenderer& text);
    // `name` is UI text (the service's name), never personal data.
    void render(Painter& painter, core::Language language, const std::optional<UiAction>& pressed,
                const char* name) const;
    // The first y below the bar.
    [[nodiscard]] int bottom_px(const ThemePx& px) const { return px.margin + px.toggle_height + px.section_gap; }
};

}  // namespace kiosk::ui
