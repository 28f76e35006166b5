// FingerprintScreen: "Letakkan jari telunjuk kanan Anda pada alat pemindai". A drawing of the sensor
// with a finger on it, the masked NIK (never unmasked before the match), the four stages (preparing,
// place finger, finger seen, matching), the tries left and what went wrong with the last try.
// "Kembali" goes back to the keypad (tries stay used), "Batal" ends the session.
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/top_bar.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <string>

namespace kiosk::ui {

class FingerprintScreen final : public Screen {
public:
    // "fingerprint", or "fingerprint-retry" after a failed try (a different picture for reviewers).
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::session::FingerprintScreen& view, std::uint64_t now_ms);
    [[nodiscard]] const core::session::FingerprintScreen& view() const { return view_; }
    [[nodiscard]] const Button& back_button() const { return back_; }
    [[nodiscard]] const Button& cancel_button() const { return cancel_; }

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void on_language_changed() override;

private:
    void draw_sensor(Painter& painter, Rect area) const;

    core::session::FingerprintScreen view_;
    std::string name_ = "fingerprint";
    Size size_;
    TopBar bar_;
    Rect picture_;
    Rect text_area_;
    Rect steps_area_;
    Button back_;
    Button cancel_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
