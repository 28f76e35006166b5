// StaffTakeBackScreen: the cards past their pickup deadline, going back to the office. The list
// (slot, masked NIK, deadline) under a summary; "Ambil kembali / Take back" hands out every listed
// card in turn, each after a chip re-read: the card in hand is shown with what the machine does
// with it, and at the mouth the seconds left to take it. A card that is not handed over goes to the
// capture bin (or, from an empty slot, to an operator check), told in plain words. Back (no card in
// motion) returns to the menu; pressed during the task it stops after the card in hand.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"
#include "kiosk/ui/widgets/table.hpp"

#include <string>

namespace kiosk::ui {

class StaffTakeBackScreen final : public StaffScreen {
public:
    // "staff-take-back-<phase>": loading, list, empty, fetching, checking, take-card, capturing, finished.
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::staff::TakeBackScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::staff::TakeBackScreen& view() const { return view_; }
    [[nodiscard]] int seconds_left(std::uint64_t now_ms) const;
    [[nodiscard]] const Button& take_back_button() const { return take_back_; }
    [[nodiscard]] bool take_back_offered() const;
    [[nodiscard]] const Table& table() const { return table_; }

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void body_language_changed() override;

private:
    // Where the status's words go: the status column above the action and the pager, where shown.
    [[nodiscard]] Rect status_area() const;

    core::staff::TakeBackScreen view_;
    std::string name_ = "staff-take-back-loading";
    std::uint64_t take_deadline_ms_ = 0;
    Rect status_column_;
    int gap_px_ = 0;
    Table table_;
    Button take_back_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
