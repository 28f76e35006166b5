// StaffBinScreen: the capture bin. Its count of its capacity, as numbers and as a bar, and the
// captured cards: masked NIK and serial, why and when. "Kotak sudah dikosongkan / Bin emptied" asks
// first ("have you taken every card out?": "Ya, sudah kosong / Yes, it is empty" or Back), then the
// dispenser's counter is reset and the emptying recorded with the staff id.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"
#include "kiosk/ui/widgets/table.hpp"

#include <string>

namespace kiosk::ui {

class StaffBinScreen final : public StaffScreen {
public:
    // "staff-bin-<phase>": loading, list, empty, confirm, resetting, emptied.
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::staff::CaptureBinScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::staff::CaptureBinScreen& view() const { return view_; }
    [[nodiscard]] const Button& emptied_button() const { return emptied_; }
    [[nodiscard]] const Button& confirm_button() const { return confirm_; }
    [[nodiscard]] const Table& table() const { return table_; }

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void body_language_changed() override;

private:
    void rebuild_rows();
    // Whether the list of cards is shown (not while asking, nor once emptied).
    [[nodiscard]] bool lists() const;
    [[nodiscard]] bool emptied_offered() const;
    [[nodiscard]] bool confirm_offered() const;

    core::staff::CaptureBinScreen view_;
    std::string name_ = "staff-bin-loading";
    Rect status_;
    Rect bar_;
    Rect list_;
    Table table_;
    Button emptied_;
    Button confirm_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
