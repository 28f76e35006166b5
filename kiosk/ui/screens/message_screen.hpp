// MessageScreen: the end of a session, one message in large plain words with a sign (a tick for
// thanks, "!" for a problem, "i" for information), what to do now, and the seconds until the kiosk
// returns to the start by itself; "Selesai" returns at once. The locked-NIK message is worded the
// same whether or not the NIK exists (the view carries nothing else).
#pragma once

#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"
#include "kiosk/ui/widgets/top_bar.hpp"

#include <string>

namespace kiosk::ui {

class MessageScreen final : public Screen {
public:
    // "message-<kind>": message-thank-you, message-card-captured, message-locked, ...
    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] static const char* name_of(core::session::MessageKind kind);

    // A new message starts its countdown of `display_ms` (the session's message_display) at `now_ms`.
    void update(const core::session::MessageScreen& view, std::uint64_t now_ms, std::uint64_t display_ms);
    // Forgets the message shown, so the next update starts a fresh countdown.
    void reset() { kind_.reset(); }
    [[nodiscard]] int seconds_left(std::uint64_t now_ms) const;
    [[nodiscard]] const Button& done_button() const { return done_; }

protected:
    void layout(const LayoutContext& context) override;
    void render(Painter& painter, std::uint64_t now_ms) override;
    std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    [[nodiscard]] std::optional<std::uint64_t> animation_frame_ms(std::uint64_t now_ms) const override;
    void on_language_changed() override;

private:
    std::optional<core::session::MessageKind> kind_;
    std::string name_ = "message";
    std::uint64_t deadline_ms_ = 0;
    Size size_;
    TopBar bar_;
    Rect sign_;
    Rect text_;
    Rect countdown_;
    Button done_;
};

}  // namespace kiosk::ui
