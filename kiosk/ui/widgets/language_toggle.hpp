// LanguageToggle: "Bahasa Indonesia | English", each named in its own language so a resident finds
// theirs without reading the other. Two segments; the chosen one is filled. Always top-right.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <array>
#include <optional>

namespace kiosk::ui {

class LanguageToggle {
public:
    // Places the toggle at the top-right corner of `screen` inside the margin.
    void layout(Size screen, const ThemePx& px, TextRenderer& text);
    void render(Painter& painter, core::Language current, std::optional<UiAction> pressed) const;

    [[nodiscard]] const std::array<Button, 2>& segments() const { return segments_; }
    [[nodiscard]] Rect bounds() const;

private:
    std::array<Button, 2> segments_;
};

}  // namespace kiosk::ui
