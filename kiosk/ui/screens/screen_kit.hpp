// Parts shared by the session's screens: the top bar (service name, language toggle), a bottom row of
// buttons, and a "flow" of text blocks that steps its type down until it fits its area (the longest
// English and Indonesian texts must both fit at 1280x800), plus the few drawn shapes (rings, dots,
// arrows) the screens' pictures are made of.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/core/session/session_types.hpp"
#include "kiosk/ui/language.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/language_toggle.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

[[nodiscard]] inline core::Language to_core(Language l) { return l == Language::id ? core::Language::id : core::Language::en; }
[[nodiscard]] inline Language from_session(core::session::Language l) {
    return l == core::session::Language::id ? Language::id : Language::en;
}
[[nodiscard]] inline core::session::Language to_session(Language l) {
    return l == Language::id ? core::session::Language::id : core::session::Language::en;
}

struct TextBlock {
    std::string text;
    FontWeight weight = FontWeight::regular;
    int size_px = 0;
    Colour colour;
    int gap_after_px = 0;
    Align align = Align::start;
};

// Draws `blocks` top to bottom inside `area`, aligned vertically as asked. When they do not fit, every
// size steps down by 8 % (at most to 70 %: below that a resident cannot read it from the kiosk's
// standing distance); what still does not fit is reported to the painter as an overflow.
// Returns the height drawn.
int draw_flow(Painter& painter, Rect area, std::vector<TextBlock> blocks, Align vertical = Align::start);
[[nodiscard]] int flow_height(TextRenderer& text, const std::vector<TextBlock>& blocks, int width_px);

// The common top bar: a small service name at the left and the language toggle at the right.
struct TopBar {
    LanguageToggle toggle;
    Rect name_area;
    void layout(const LayoutContext& context);
    void render(Painter& painter, Language language, const std::optional<UiAction>& pressed, const char* name) const;
    // The first y below the bar.
    [[nodiscard]] int bottom_px(const ThemePx& px) const { return px.margin + px.toggle_height + px.section_gap; }
};

// Buttons in one row along the bottom edge, right-aligned (the forward action last, at the right),
// each as wide as its longer label needs and at least `min_width_px`.
void place_bottom_row(std::vector<Button*> buttons, Size screen, const ThemePx& px, TextRenderer& text,
                      const std::vector<Bilingual>& labels, int min_width_px);

[[nodiscard]] ButtonState state_of(const Button& button, const std::optional<UiAction>& pressed, bool enabled = true);

// A filled disc and a ring (outline `thickness_px`).
void disc(Painter& painter, Point centre, int radius_px, Colour colour);
void ring(Painter& painter, Point centre, int radius_px, int thickness_px, Colour colour, Colour inside);
// A thick arrow pointing down with its tip at `tip`.
void arrow_down(Painter& painter, Point tip, int width_px, int length_px, Colour colour);

// Numbered steps in a row: done steps filled, the current one highlighted, later ones outlined.
void draw_steps(Painter& painter, Rect area, const std::vector<std::string>& labels, int current, int label_px);

}  // namespace kiosk::ui
