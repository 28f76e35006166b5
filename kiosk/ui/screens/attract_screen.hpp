// AttractScreen: the idle screen. One message, large, in both languages ("Sentuh layar untuk mulai /
// Touch the screen to start"); a touch anywhere starts, and the big "Mulai" button says so to
// anyone who does not believe a whole screen can be a button. Nothing moves: at rest the kiosk
// draws nothing and the event loop sleeps. At the bottom, the operators' notice ([kiosk] notice),
// as they wrote it, in a band kept for it whether or not there is one, so that a notice coming or
// going never moves anything.
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/label.hpp"
#include "kiosk/ui/widgets/language_toggle.hpp"

namespace kiosk::ui {

class AttractScreen final : public Screen {
public:
    [[nodiscard]] std::string_view name() const override { return "attract"; }

    // Whether the contactless reader is offered ("or tap your e-KTP") comes from the view.
    void update(const core::session::AttractScreen& view);
    [[nodiscard]] const LanguageToggle& language_toggle() const { return toggle_; }
    [[nodiscard]] const std::string& explanation() const { return explain_.text; }
    [[nodiscard]] const Button& start_button() const { return start_; }
    void set_notice(std::string text);
    [[nodiscard]] const std::string& notice() const { return notice_.text; }

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    void on_language_changed() override;

private:
    void place_text();

    Size size_;
    const ThemePx* px_ = nullptr;
    LanguageToggle toggle_;
    Label service_;
    Label call_primary_;
    Label call_secondary_;
    Label explain_;
    Label notice_;
    Button start_;
    bool tap_available_ = true;
};

}  // namespace kiosk::ui
