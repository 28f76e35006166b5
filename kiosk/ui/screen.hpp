// Screen: one full-screen page of the kiosk (attract, identify, fingerprint, status, pickup,
// out-of-service). The host (ScreenHost) gives it its size, draws it when it is dirty, routes input
// to it, and passes its intents to the application.
//
// Contract for implementations:
// - layout() places everything for a screen size; it is called before the first render and on
//   every size change. It must not depend on anything but the context and the screen's state.
// - render() draws the whole screen (the host does not clear); it is called only when the screen is
//   dirty or a frame it asked for (next_frame_ms) is due.
// - handle() changes state, calls invalidate() if the picture changed, and may return an intent.
// - targets() lists the touch targets, topmost first, with the action each one sends.
// Language, the idle warning and the pressed target are common to all screens and live here.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/core/language.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/ui_action.hpp"
#include "kiosk/ui/widgets/idle_warning.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiosk::ui {

struct HitTarget {
    Rect rect;
    UiAction action;
};

// The first target containing `point`, in list order (topmost first).
[[nodiscard]] std::optional<UiAction> hit_test(std::span<const HitTarget> targets, Point point);

struct LayoutContext {
    Size size;
    const PhysicalMetrics& metrics;
    const ThemePx& px;
    TextRenderer& text;  // to measure labels
};

class Screen {
public:
    virtual ~Screen() = default;

    [[nodiscard]] virtual std::string_view name() const = 0;

    // Entry points the host calls; they add what is common to every screen.
    void layout_all(const LayoutContext& context);
    void render_all(Painter& painter, std::uint64_t now_ms);
    std::optional<Intent> handle_action(const UiAction& action, std::uint64_t now_ms);
    [[nodiscard]] std::vector<HitTarget> all_targets() const;
    [[nodiscard]] std::optional<std::uint64_t> next_frame_ms(std::uint64_t now_ms) const;

    // The target under the finger (drawn pressed), or nullopt.
    void set_pressed(std::optional<UiAction> action);
    [[nodiscard]] const std::optional<UiAction>& pressed() const { return pressed_; }

    void set_language(core::Language language);
    [[nodiscard]] core::Language language() const { return language_; }

    // The idle warning, shown over any screen until `deadline_ms` (monotonic).
    void show_idle_warning(std::uint64_t deadline_ms);
    void hide_idle_warning();
    // Follows a machine's idle warning (`seconds_left`, nullopt: none), as the presenters hand it
    // over with every view: the widget counts down by itself, so it is re-armed only when the
    // machine's number differs from what it last said or from what the widget would show.
    void follow_idle_warning(std::optional<int> seconds_left, std::uint64_t now_ms);
    [[nodiscard]] const IdleWarning& idle_warning() const { return idle_warning_; }

    // The Help key: the screen's prompt is flashed (a ring around prompt_rect()) for
    // kPromptFlashMs, and the returned intent (prompt_repeated) lets speech say it again.
    static constexpr std::uint64_t kPromptFlashMs = 1500;
    Intent repeat_prompt(std::uint64_t now_ms);
    [[nodiscard]] bool prompt_flashing(std::uint64_t now_ms) const { return now_ms < prompt_flash_until_ms_; }

    [[nodiscard]] bool dirty() const { return dirty_; }
    void invalidate() { dirty_ = true; }

protected:
    // What the idle warning says ends (the resident's screens: the session); call from a constructor.
    void set_idle_end(IdleEnd end) { idle_warning_.set_end(end); }

    virtual void layout(const LayoutContext& context) = 0;
    virtual void render(Painter& painter, std::uint64_t now_ms) = 0;
    virtual std::optional<Intent> handle(const UiAction& action, std::uint64_t now_ms) = 0;
    [[nodiscard]] virtual std::vector<HitTarget> targets() const = 0;
    // A frame the screen's own animation needs; nullopt when nothing moves.
    [[nodiscard]] virtual std::optional<std::uint64_t> animation_frame_ms(std::uint64_t /*now_ms*/) const {
        return std::nullopt;
    }
    virtual void on_language_changed() {}
    // Where the screen's prompt (its title or instruction) is drawn, for the Help key's flash;
    // nullopt: the whole screen is ringed.
    [[nodiscard]] virtual std::optional<Rect> prompt_rect() const { return std::nullopt; }

private:
    core::Language language_ = core::Language::id;
    std::optional<UiAction> pressed_;
    IdleWarning idle_warning_;
    std::optional<int> idle_seconds_stated_;
    bool dirty_ = true;
    std::uint64_t prompt_flash_until_ms_ = 0;
    Size size_;
};

}  // namespace kiosk::ui
