// StaffServiceScreen: the kiosk's service state and the devices. Whether the kiosk serves residents
// now; "out of service" with a reason chosen from the fixed list (maintenance, cleaning, hardware,
// card stock: one button each) and "Kembali melayani / Back in service"; a self-test of every
// device with each result in words; an inventory audit of the store against the dispenser with
// its mismatches and repairs. While one of these runs, every button waits.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <array>
#include <string>

namespace kiosk::ui {

class StaffServiceScreen final : public StaffScreen {
public:
    // "staff-service-<phase>": ready, setting, self-testing, auditing.
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::staff::ServiceScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::staff::ServiceScreen& view() const { return view_; }
    // In kAllServiceReasons order.
    [[nodiscard]] const std::array<Button, 4>& reason_buttons() const { return reasons_; }
    [[nodiscard]] const Button& in_service_button() const { return in_service_; }
    [[nodiscard]] const Button& self_test_button() const { return self_test_; }
    [[nodiscard]] const Button& audit_button() const { return audit_; }

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void body_language_changed() override;

private:
    [[nodiscard]] bool ready() const { return !ending() && view_.phase == core::staff::ServicePhase::ready; }
    // Out of service: "Back in service" takes the reasons' place. Not known counts as in service
    // (taking the kiosk out of service then says which it is).
    [[nodiscard]] bool out_of_service() const { return view_.in_service == false; }
    [[nodiscard]] bool in_service_offered() const { return ready() && out_of_service(); }

    core::staff::ServiceScreen view_;
    std::string name_ = "staff-service-ready";
    Rect heading_;
    Rect reasons_label_;
    Rect results_;
    Rect in_service_note_;
    std::array<Button, 4> reasons_;
    Button in_service_;
    Button self_test_;
    Button audit_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
