// StaffScreen: what every staff screen has (DESIGN.md "Staff"), drawn from the staff machine's
// view (kiosk/core/staff/staff_view.hpp):
//   - the staff band across the top (staff colour, who is signed in, the language toggle);
//   - "Keluar / Exit" at the bottom-left whenever the view offers it, and beside it "Kembali / Back"
//     on the screens that have one whenever Back goes somewhere (no card in motion);
//   - while staff mode is ending (the card in motion finishes first), a notice in place of those
//     buttons, and no input but the language;
//   - the idle warning with "Tambah waktu / More time", as on the resident screens (Screen's).
// A screen derives from it and lays out, draws and handles only its body. The machine says what
// goes; the screens only offer what the view allows, and send intents (StaffPresenter::to_event
// turns them into the machine's events).
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/staff_band.hpp"

#include <optional>
#include <vector>

namespace kiosk::ui {

class StaffScreen : public Screen {
public:
    StaffScreen() { set_idle_end(IdleEnd::staff_mode); }

    // The parts of `view` every staff screen shows: who is signed in, Exit and Back, ending.
    void set_frame(const core::staff::StaffView& view);

    [[nodiscard]] const Button& exit_button() const { return exit_; }
    [[nodiscard]] const Button& back_button() const { return back_; }
    [[nodiscard]] const StaffBand& band() const { return band_; }
    [[nodiscard]] bool exit_offered() const { return exit_available_ && !ending_; }
    [[nodiscard]] bool back_offered() const { return has_back() && back_available_ && !ending_; }
    [[nodiscard]] bool ending() const { return ending_; }

protected:
    // The body: the area below the band, down to the bottom margin.
    virtual void layout_body(const LayoutContext& context, Rect body) = 0;
    virtual void render_body(Painter& painter, std::uint64_t now_ms) = 0;
    // Only while staff mode is not ending, and for actions other than Exit and Back.
    virtual std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) = 0;
    [[nodiscard]] virtual std::vector<HitTarget> body_targets() const = 0;
    virtual void body_language_changed() {}
    // Whether the screen has a Back button at all (the menu and the PIN screen do not).
    [[nodiscard]] virtual bool has_back() const { return true; }

    // Places Exit, then Back, along the bottom of `body` at its left, and `actions` (if any) at its
    // right, the last one rightmost; each as wide as the longer of its labels needs. Returns the
    // body above the row. The row is also where the ending notice goes; what is left of it between
    // the buttons is note_ (see draw_note).
    Rect place_bottom_row(const LayoutContext& context, Rect body, std::vector<Button*> actions = {},
                          const std::vector<Bilingual>& labels = {});
    // Places Exit and Back along the bottom of `area` (the PIN screen's left column).
    void place_navigation(const LayoutContext& context, Rect area);
    // Places a task's action at the left of `area`, at its bottom (Align::end) or top (Align::start):
    // as wide as the longer of its labels needs, or, where that is wider than the area, the area's
    // width and tall enough for the label on two lines. Returns the rest of the area (above it, or
    // below it).
    static Rect place_action(const LayoutContext& context, Button& button, Bilingual labels, Rect area,
                             Align where = Align::end);
    // Draws `blocks` (a short note: the last thing done, a problem) in note_, unless staff mode is
    // ending (the ending notice has the row then).
    void draw_note(Painter& painter, std::vector<TextBlock> blocks) const;
    // The intent of `kind` in the screen's language.
    [[nodiscard]] Intent intent(IntentKind kind) const { return Intent::of(kind, language()); }

    [[nodiscard]] const std::optional<core::staff::SignedInStaff>& signed_in() const { return signed_in_; }

    Button exit_;
    Button back_;
    Rect row_;   // where Exit and Back are: the ending notice's place
    Rect note_;  // the bottom row right of Exit and Back (and left of any action there): a short note's place

private:
    void layout(const LayoutContext& context) final;
    void render(Painter& painter, std::uint64_t now_ms) final;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) final;
    [[nodiscard]] std::vector<HitTarget> targets() const final;
    void on_language_changed() final;

    StaffBand band_;
    std::optional<core::staff::SignedInStaff> signed_in_;
    bool exit_available_ = false;
    bool back_available_ = false;
    bool ending_ = false;
};

// A body in two parts: side by side where the area's width is at least `wide_from_percent` of its
// height (the first part `first_percent` of the width), else stacked (the first part
// `first_percent_stacked` of the height); `gap_px` between them.
struct TwoParts {
    Rect first;
    Rect second;
    bool side_by_side = true;
};
[[nodiscard]] TwoParts split_in_two(Rect area, int gap_px, int first_percent, int first_percent_stacked,
                                    int wide_from_percent = 100);

// A body with a status (what is happening) and a list: side by side where the body is wide (1.8 to
// 1; the list taking the larger part), else the status on top, in two fifths of the height.
[[nodiscard]] TwoParts status_and_list(Rect area, const ThemePx& px);

// The width a button needs for the longer of its two labels at its own type size.
[[nodiscard]] int button_width_for(TextRenderer& text, const ThemePx& px, const Button& button, Bilingual labels);

}  // namespace kiosk::ui
