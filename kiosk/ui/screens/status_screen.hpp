// StatusScreen: the verified resident's own page. Their NIK in full (the only screen that shows it),
// their name where the record has it, the card's status in plain words (title, what it means, what
// to do next, from kiosk/core/status_text), the print queue facts where known, and either a big
// "Ambil kartu" button (the card is in this kiosk), or "collect it at the counter" (it is here but
// cannot be handed out now), plus "Selesai".
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/top_bar.hpp"

#include <string>

namespace kiosk::ui {

class StatusScreen final : public Screen {
public:
    // "status-<status>" (e.g. "status-in_kiosk"), "-counter" added when pickup is blocked.
    [[nodiscard]] std::string_view name() const override { return name_; }

    void update(const core::session::StatusScreen& view);
    [[nodiscard]] const core::session::StatusScreen& view() const { return view_; }
    [[nodiscard]] const Button& pickup_button() const { return pickup_; }
    [[nodiscard]] const Button& done_button() const { return done_; }

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    void on_language_changed() override;

private:
    void place_bottom();

    core::session::StatusScreen view_;
    TextRenderer* text_ = nullptr;
    ThemePx px_;
    std::string name_ = "status";
    Size size_;
    TopBar bar_;
    Rect panel_;
    Rect facts_;
    // Where "what to do next" goes when it has a place of its own beside "Selesai" (landscape, no
    // pickup offered); empty: it ends the panel's words.
    Rect next_;
    Rect who_;
    Button done_;
    Button pickup_;
};

}  // namespace kiosk::ui
