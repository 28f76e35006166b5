// IdentifyScreen: the resident types their 16-digit NIK on the on-screen keypad (or a physical
// keypad/keyboard). Landscape layout:
//
//   Masukkan NIK Anda                      [Bahasa Indonesia|English]
//   +---------------------------+            [1] [2] [3]
//   | 1403 1215 05__ ____       |            [4] [5] [6]
//   +---------------------------+            [7] [8] [9]
//   Kurang 6 angka lagi.                     [Hapus semua] [0] [Hapus 1]
//   [ Kembali ]  [    Lanjut    ]
//
// "Lanjut" looks disabled until 16 digits are typed; pressing it early explains what is missing
// instead of doing nothing. After a submit the screen is busy (keys disabled, "please wait" with a
// progress indicator) until the application calls reset() or set_busy(false): a second press
// cannot submit twice.
#pragma once

#include "kiosk/core/civil_date.hpp"
#include "kiosk/ui/nik_entry.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/keypad.hpp"
#include "kiosk/ui/widgets/label.hpp"
#include "kiosk/ui/widgets/language_toggle.hpp"
#include "kiosk/ui/widgets/nik_field.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

namespace kiosk::ui {

struct IdentifyGeometry {
    Rect left_column;  // title, NIK field, hint, Kembali/Lanjut
    Rect keypad_area;  // exactly the keypad's grid
};

// The screen's two columns below the top bar: the keypad as large as the right half allows, the
// left column beside it, the pair centred. Pure, so a test driving the real program with xdotool
// can compute where each key is.
[[nodiscard]] IdentifyGeometry identify_geometry(Size size, const ThemePx& px);

class IdentifyScreen final : public Screen {
public:
    // `today` resolves the birth year's century for the plausibility hints.
    explicit IdentifyScreen(core::CivilDate today) : today_(today) {}

    [[nodiscard]] std::string_view name() const override { return "identify"; }

    void set_today(core::CivilDate today);
    // Empties the field and leaves the busy state: for a new resident or a retry.
    void reset();
    void set_busy(bool busy, std::uint64_t now_ms);
    [[nodiscard]] bool busy() const { return busy_; }

    [[nodiscard]] const NikEntry& entry() const { return entry_; }
    [[nodiscard]] NikHint current_hint() const;
    [[nodiscard]] std::string hint_text() const;

    [[nodiscard]] const Keypad& keypad() const { return keypad_; }
    [[nodiscard]] const NikField& nik_field() const { return field_; }
    [[nodiscard]] const Button& submit_button() const { return submit_; }
    [[nodiscard]] const Button& back_button() const { return back_; }
    [[nodiscard]] const LanguageToggle& language_toggle() const { return toggle_; }

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void on_language_changed() override;

private:
    void place_text();
    void edited();

    core::CivilDate today_;
    NikEntry entry_;
    bool submit_too_early_ = false;  // the resident pressed Lanjut before typing 16 digits
    bool busy_ = false;

    Label title_;
    Label busy_label_;
    LanguageToggle toggle_;
    NikField field_;
    Keypad keypad_;
    Button back_;
    Button submit_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
