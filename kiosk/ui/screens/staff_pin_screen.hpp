// StaffPinScreen: the staff member types their card's PIN on the on-screen keypad (the identify
// screen's Keypad widget) or a physical one. Landscape layout:
//
//   Masukkan PIN                                [1] [2] [3]
//   Kartu: SITI RAHAYU                           [4] [5] [6]
//   +-----------------------------+              [7] [8] [9]
//   |  ●  ●  ●  ○                 |              [Hapus semua] [0] [Hapus]
//   +-----------------------------+
//   PIN salah. Sisa 2 kali percobaan.
//   [ Keluar ]  [     Lanjut      ]
//
// Privacy: the view carries only how many digits were typed, and the screen draws one dot per digit
// (a shape, not text); the digits themselves pass through as intents and are never kept or drawn.
// While the card checks the PIN, the keys are disabled and the progress dots move.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"
#include "kiosk/ui/screens/staff_screen.hpp"
#include "kiosk/ui/widgets/keypad.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <string>

namespace kiosk::ui {

class StaffPinScreen final : public StaffScreen {
public:
    // "staff-pin", "staff-pin-checking", "staff-pin-wrong", "staff-pin-too-short", "staff-pin-unreadable",
    // "staff-pin-problem".
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::staff::PinEntryScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::staff::PinEntryScreen& view() const { return view_; }
    // The line under the dots, and whether it tells of a problem.
    struct Hint {
        std::string text;
        bool problem = false;
    };
    [[nodiscard]] Hint hint() const;

    [[nodiscard]] const Keypad& keypad() const { return keypad_; }
    [[nodiscard]] const Button& submit_button() const { return submit_; }
    [[nodiscard]] Rect dots_box() const { return dots_; }

protected:
    void layout_body(const LayoutContext& context, Rect body) override;
    void render_body(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle_body(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> body_targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void body_language_changed() override;
    [[nodiscard]] bool has_back() const override { return false; }

private:
    void draw_dots(Painter& painter) const;
    [[nodiscard]] bool enough_digits() const { return static_cast<int>(view_.digit_count) >= view_.min_digits; }

    core::staff::PinEntryScreen view_;
    std::string name_ = "staff-pin";
    Rect title_;
    Rect dots_;
    Rect hint_;
    Keypad keypad_;
    Button submit_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
