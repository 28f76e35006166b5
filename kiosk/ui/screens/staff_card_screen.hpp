// StaffCardScreen: a staff card at the front reader. While the roster is asked, "Memeriksa kartu
// petugas / Checking the staff card" with the progress dots; when the card is refused, why in plain
// words (not registered, PIN blocked, cannot be checked now) and what to do, with a "!" sign as the
// resident's problem messages have. The machine ends the refusal when the card is removed or after
// a few seconds; "Keluar / Exit" ends it at once where the view offers it.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <optional>
#include <string>

namespace kiosk::ui {

class StaffCardScreen final : public StaffScreen {
public:
    // "staff-card-checking", "staff-card-refused-not-registered", "-pin-blocked", "-unavailable".
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update_checking(std::uint64_t now_ms);
    void update_refused(const core::staff::StaffRefusedScreen& view);
    [[nodiscard]] const std::optional<core::staff::StaffRefusal>& refusal() const { return refusal_; }

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override { return {}; }
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    [[nodiscard]] bool has_back() const override { return false; }

private:
    std::optional<core::staff::StaffRefusal> refusal_;  // nullopt: checking
    std::string name_ = "staff-card-checking";
    Rect sign_;
    Rect text_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
