#include "kiosk/ui/screen.hpp"

#include <algorithm>

namespace kiosk::ui {

std::optional<UiAction> hit_test(std::span<const HitTarget> targets, Point point) {
    for (const HitTarget& target : targets) {
        if (target.rect.contains(point)) return target.action;
    }
    return std::nullopt;
}

void Screen::layout_all(const LayoutContext& context) {
    idle_warning_.layout(context.size, context.px, context.text);
    idle_warning_.set_language(language_);
    size_ = context.size;
    layout(context);
    invalidate();
}

void Screen::render_all(Painter& painter, std::uint64_t now_ms) {
    render(painter, now_ms);
    if (prompt_flashing(now_ms)) {
        const Rect prompt = prompt_rect().value_or(Rect{0, 0, size_.width_px, size_.height_px}.inset(painter.px().border));
        const int t = std::max(4, painter.px().border * 3);
        const Rect outer = prompt.inset(-t);
        const Colour c = painter.palette().warning;
        painter.fill(Rect{outer.x_px, outer.y_px, outer.width_px, t}, c);
        painter.fill(Rect{outer.x_px, outer.bottom_px() - t, outer.width_px, t}, c);
        painter.fill(Rect{outer.x_px, outer.y_px, t, outer.height_px}, c);
        painter.fill(Rect{outer.right_px() - t, outer.y_px, t, outer.height_px}, c);
    }
    const bool more_time_pressed = pressed_ && pressed_->kind == UiActionKind::more_time;
    idle_warning_.render(painter, now_ms, language_, more_time_pressed);
    dirty_ = false;
}

std::optional<Intent> Screen::handle_action(const UiAction& action, std::uint64_t now_ms) {
    // Any action is the resident being there: the warning goes, and the application restarts its
    // idle timer from the intent or from the input itself.
    if (action.kind == UiActionKind::more_time) {
        hide_idle_warning();
        return Intent::of(IntentKind::more_time, language_);
    }
    if (action.kind == UiActionKind::set_language) {
        set_language(action.language);
        return Intent::of(IntentKind::set_language, action.language);
    }
    return handle(action, now_ms);
}

Intent Screen::repeat_prompt(std::uint64_t now_ms) {
    prompt_flash_until_ms_ = now_ms + kPromptFlashMs;
    invalidate();
    return Intent::of(IntentKind::prompt_repeated, language_);
}

std::vector<HitTarget> Screen::all_targets() const {
    std::vector<HitTarget> out;
    if (idle_warning_.visible()) {
        out.push_back({idle_warning_.button().rect, idle_warning_.button().action});
    }
    auto own = targets();
    if (idle_warning_.visible()) {
        // The banner covers what is under it: a touch there must not reach a key.
        const Rect banner = idle_warning_.bounds();
        std::erase_if(own, [&](const HitTarget& t) {
            return t.rect.y_px < banner.bottom_px() && t.rect.bottom_px() > banner.y_px &&
                   t.rect.x_px < banner.right_px() && t.rect.right_px() > banner.x_px;
        });
    }
    out.insert(out.end(), own.begin(), own.end());
    return out;
}

std::optional<std::uint64_t> Screen::next_frame_ms(std::uint64_t now_ms) const {
    auto own = animation_frame_ms(now_ms);
    if (prompt_flashing(now_ms)) own = own ? std::min(*own, prompt_flash_until_ms_) : prompt_flash_until_ms_;
    auto warning = idle_warning_.next_frame_ms(now_ms);
    if (own && warning) return std::min(*own, *warning);
    return own ? own : warning;
}

void Screen::set_pressed(std::optional<UiAction> action) {
    if (action == pressed_) return;
    pressed_ = action;
    invalidate();
}

void Screen::set_language(core::Language language) {
    if (language == language_) return;
    language_ = language;
    idle_warning_.set_language(language);
    on_language_changed();
    invalidate();
}

void Screen::show_idle_warning(std::uint64_t deadline_ms) {
    idle_warning_.show(deadline_ms);
    invalidate();
}

void Screen::follow_idle_warning(std::optional<int> seconds_left, std::uint64_t now_ms) {
    if (!seconds_left) {
        hide_idle_warning();
        idle_seconds_stated_.reset();
        return;
    }
    const int seconds = *seconds_left;
    if (!idle_warning_.visible() || idle_seconds_stated_ != seconds || idle_warning_.seconds_left(now_ms) != seconds) {
        show_idle_warning(now_ms + static_cast<std::uint64_t>(std::max(0, seconds)) * 1000);
    }
    idle_seconds_stated_ = seconds;
}

void Screen::hide_idle_warning() {
    if (!idle_warning_.visible()) return;
    idle_warning_.hide();
    invalidate();
}

}  // namespace kiosk::ui
