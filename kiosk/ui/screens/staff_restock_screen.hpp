// StaffRestockScreen: loading printed cards into the magazine, one at a time. At the left, the steps
// of the card in hand (feed, read chip, check record, store) with the current one lit, what is
// happening in large words, and the last refusal in plain words until the next card (no record,
// wrong status, already in the kiosk or same serial, forged or cloned, unreadable, magazine full);
// a refused card waits at the mouth with the seconds left to take it. At the right, this visit's
// figures: cards loaded and refused, the magazine's fill as a bar and as numbers, the slot the last
// card went into, and any slot blocked on an inventory mismatch. "Selesai / Done" stops after the
// card in hand; Back (once stopped) returns to the menu.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <string>

namespace kiosk::ui {

class StaffRestockScreen final : public StaffScreen {
public:
    // "staff-restock-<phase>": opening, waiting, reading, checking, storing, returning, capturing,
    // blocking-slot, stopping, stopped.
    [[nodiscard]] std::string_view name() const override { return name_; }

    // `now_ms` anchors the take countdown (take_time_left counts from the view).
    void update(const core::staff::RestockScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::staff::RestockScreen& view() const { return view_; }
    [[nodiscard]] int seconds_left(std::uint64_t now_ms) const;
    [[nodiscard]] const Button& done_button() const { return done_; }
    [[nodiscard]] bool done_offered() const;

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void body_language_changed() override;

private:
    void render_figures(Painter& painter) const;
    // Under the fill bar: the fill in numbers, the last slot loaded, the slots blocked.
    [[nodiscard]] std::vector<TextBlock> figure_lines(const ThemePx& px, const Palette& c, core::Language l) const;

    core::staff::RestockScreen view_;
    std::string name_ = "staff-restock-opening";
    std::uint64_t take_deadline_ms_ = 0;
    Rect steps_;
    Rect status_;
    Rect figures_;
    Button done_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
