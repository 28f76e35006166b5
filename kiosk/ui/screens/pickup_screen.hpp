// PickupScreen: the card on its way out. Four steps (preparing, fetching the card, checking it is
// yours, take it) with the current one lit; at "take" a big "Silakan ambil kartu Anda", a drawing of
// the card coming out of the slot with an arrow to it, and the seconds left; while a card not taken
// is pulled back in, what is happening. Nothing to press: a moving card is never abandoned.
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/top_bar.hpp"
#include "kiosk/ui/widgets/progress_indicator.hpp"

#include <string>

namespace kiosk::ui {

class PickupScreen final : public Screen {
public:
    // "pickup-preparing", "pickup-fetching", "pickup-checking", "pickup-present", "pickup-securing".
    [[nodiscard]] std::string_view name() const override { return name_; }

    // `now_ms` anchors the countdown: take_time_left counts from the moment of the view.
    void update(const core::session::PickupScreen& view, std::uint64_t now_ms);
    [[nodiscard]] int seconds_left(std::uint64_t now_ms) const;

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;

private:
    void draw_slot(Painter& painter, Rect area, int seconds) const;

    core::session::PickupScreen view_;
    std::string name_ = "pickup-preparing";
    std::uint64_t take_deadline_ms_ = 0;
    Size size_;
    TopBar bar_;
    Rect steps_;
    Rect text_;
    Rect picture_;
    ProgressIndicator progress_;
};

}  // namespace kiosk::ui
