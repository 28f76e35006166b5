// IdentifyScreen: the resident types their 16-digit NIK on the on-screen keypad (or a physical
// keypad/keyboard). Landscape layout:
//
//   Masukkan NIK Anda                      [Bahasa Indonesia|English]
//   +---------------------------+            [1] [2] [3]
//   | 1403 1215 05__ ____       |            [4] [5] [6]
//   +---------------------------+            [7] [8] [9]
//   10 dari 16 digit.                        [Hapus semua] [0] [Hapus 1]
//   [ Kembali ]  [    Lanjut    ]
//
// What is typed, and every hint, comes from the session machine's view (update()): a key press is an
// intent (keypad_digit, keypad_backspace, ...) that the machine turns into the next view. "Lanjut"
// looks disabled until 16 digits are typed; pressing it early still submits, and the machine's
// too_short answer explains what is missing. After a submit the screen is busy (keys disabled,
// "please wait" with a progress indicator) until the next view arrives: a second press cannot submit
// twice. The tap option (contactless e-KTP) is offered, explained when unavailable, and a refused
// card is told in plain words ("Kartu tidak terbaca, tempelkan lagi").
#pragma once

#include "kiosk/core/session/session_view.hpp"
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
    [[nodiscard]] std::string_view name() const override { return "identify"; }

    // Shows what the session machine says; leaves the busy state.
    void update(const core::session::IdentifyScreen& view);
    void set_busy(bool busy, std::uint64_t now_ms);
    [[nodiscard]] bool busy() const { return busy_; }

    [[nodiscard]] const core::session::IdentifyScreen& view() const { return view_; }
    // The digits typed so far (the view's grouped digits without their spaces).
    [[nodiscard]] const std::string& typed_digits() const { return digits_; }
    // The line under the field: guidance, a typing problem (core's nik_problem_hint), or the tap
    // reader's news; `problem` says whether it is drawn as a problem.
    struct Hint {
        std::string text;
        bool problem = false;
    };
    [[nodiscard]] Hint hint() const;
    [[nodiscard]] std::string hint_text() const { return hint().text; }

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
    [[nodiscard]] bool complete() const { return digits_.size() == core::Nik::kDigits; }

    core::session::IdentifyScreen view_;
    std::string digits_;  // derived from view_.typed_grouped in update(), for the field widget
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
