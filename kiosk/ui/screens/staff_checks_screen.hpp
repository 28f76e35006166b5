// StaffChecksScreen: the journal entries start-up reconciliation left for an operator, one at a
// time ("Pemeriksaan 2 dari 5", with Previous/Next between them): the journal's facts (slot, masked
// NIK, the journal and its last step, the reason, when it was flagged) and the slot's sensor
// reading, and the three things staff may have found: the card was taken, it is in the bin, it is
// back in its slot. A choice asks for confirmation with what the store will then record
// ("Ya, catat / Yes, record it" or Back); the last one written is said until the next choice.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <array>
#include <string>

namespace kiosk::ui {

class StaffChecksScreen final : public StaffScreen {
public:
    // "staff-checks-<phase>": loading, list, empty, confirm, resolving.
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::staff::OperatorChecksScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::staff::OperatorChecksScreen& view() const { return view_; }
    // The check shown (an index into the view's items), nullopt when there is none.
    [[nodiscard]] std::optional<std::size_t> shown_index() const;
    // In kAllCheckResolutions order, for the check shown.
    [[nodiscard]] const std::array<Button, 3>& resolution_buttons() const { return resolutions_; }
    [[nodiscard]] const Button& confirm_button() const { return confirm_; }

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void body_language_changed() override;

private:
    void place_choices();
    [[nodiscard]] bool choosing() const;
    [[nodiscard]] bool paging() const;

    core::staff::OperatorChecksScreen view_;
    std::string name_ = "staff-checks-loading";
    std::size_t index_ = 0;  // the check shown while choosing (the screen's own paging)
    ThemePx px_;
    Rect heading_;
    Rect facts_;
    Rect choices_;
    Rect confirm_question_;  // above the confirm button
    std::array<Button, 3> resolutions_;
    Button previous_;
    Button next_;
    Button confirm_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
