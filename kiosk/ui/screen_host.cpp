#include "kiosk/ui/screen_host.hpp"

#include <climits>
#include <variant>

namespace kiosk::ui {

ScreenHost::ScreenHost(Display& display, TextRenderer& text, const Theme& theme, const PhysicalMetrics& density)
    : display_(display),
      text_(text),
      theme_(theme),
      metrics_(density.with_size(display.size().width_px, display.size().height_px)),
      px_(ThemePx::from(theme, metrics_)) {}

void ScreenHost::relayout() {
    const Size size = display_.size();
    metrics_ = metrics_.with_size(size.width_px, size.height_px);
    px_ = ThemePx::from(theme_, metrics_);
    if (screen_ != nullptr) screen_->layout_all(LayoutContext{size, metrics_, px_, text_});
}

void ScreenHost::show(Screen& screen) {
    if (screen_ != nullptr) screen_->set_pressed(std::nullopt);
    screen_ = &screen;
    pointer_down_id_.reset();
    pointer_down_on_.reset();
    capture_next_frame_ = screenshots_ != nullptr;
    relayout();
}

void ScreenHost::dispatch(const SDL_Event& event, std::uint64_t now_ms, PumpResult& result) {
    ++stats_.events;
    if (event.type == SDL_QUIT) {
        result.quit_requested = true;
        return;
    }
    if (event.type == SDL_WINDOWEVENT) {
        if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) relayout();
        else if (event.window.event == SDL_WINDOWEVENT_EXPOSED && screen_ != nullptr) screen_->invalidate();
        return;
    }
    if (event.type == SDL_RENDER_TARGETS_RESET || event.type == SDL_RENDER_DEVICE_RESET) {
        if (screen_ != nullptr) screen_->invalidate();
        return;
    }
    if (screen_ == nullptr) return;
    const auto input = map_input(event, display_.window_size());
    if (!input) return;

    Screen& screen = *screen_;
    std::optional<Intent> intent;
    if (const auto* action = std::get_if<UiAction>(&*input)) {
        intent = screen.handle_action(*action, now_ms);
    } else if (const auto* down = std::get_if<PointerDown>(&*input)) {
        if (pointer_down_id_) return;
        pointer_down_id_ = down->pointer;
        const auto targets = screen.all_targets();
        pointer_down_on_ = hit_test(targets, down->at);
        screen.set_pressed(pointer_down_on_);
    } else if (const auto* up = std::get_if<PointerUp>(&*input)) {
        if (pointer_down_id_ != up->pointer) return;
        pointer_down_id_.reset();
        const auto targets = screen.all_targets();
        const auto released_on = hit_test(targets, up->at);
        const auto pressed_on = pointer_down_on_;
        pointer_down_on_.reset();
        screen.set_pressed(std::nullopt);
        if (pressed_on && released_on == pressed_on) intent = screen.handle_action(*pressed_on, now_ms);
    }
    if (intent) result.intents.push_back(std::move(*intent));
}

std::optional<std::uint64_t> ScreenHost::wait_budget_ms(std::uint64_t now_ms) const {
    if (screen_ == nullptr) return std::nullopt;
    if (screen_->dirty()) return 0;
    const auto next = screen_->next_frame_ms(now_ms);
    if (!next) return std::nullopt;
    return *next > now_ms ? *next - now_ms : 0;
}

Result<bool> ScreenHost::render_if_needed(std::uint64_t now_ms) {
    if (screen_ == nullptr) return false;
    const bool due = scheduled_frame_ms_ && now_ms >= *scheduled_frame_ms_;
    if (!screen_->dirty() && !due) return false;

    Painter painter(display_.renderer(), text_, theme_, px_);
    screen_->render_all(painter, now_ms);
    scheduled_frame_ms_ = screen_->next_frame_ms(now_ms);
    if (!painter.status()) return fail(painter.status().error());
    if (observer_) observer_(display_, *screen_);
    if (capture_next_frame_ && screenshots_ != nullptr) {
        capture_next_frame_ = false;
        auto saved = screenshots_->save(display_, screen_->name());
        if (!saved) return fail(saved.error());
    }
    display_.present();
    ++stats_.frames;
    return true;
}

Result<PumpResult> ScreenHost::pump() {
    PumpResult result;
    SDL_Event event;
    while (SDL_PollEvent(&event) == 1) dispatch(event, now_ms(), result);
    auto drawn = render_if_needed(now_ms());
    if (!drawn) return fail(drawn.error());
    result.frame_drawn = drawn.value();
    return result;
}

Result<PumpResult> ScreenHost::wait_and_pump() {
    PumpResult result;
    SDL_Event event;
    const auto budget = wait_budget_ms(now_ms());
    int got = 0;
    SDL_ClearError();
    if (!budget) {
        got = SDL_WaitEvent(&event);
        if (got == 0) return fail(sdl_error("ui.loop", "waiting for events failed"));
    } else if (*budget > 0) {
        const int timeout_ms = *budget > static_cast<std::uint64_t>(INT_MAX) ? INT_MAX : static_cast<int>(*budget);
        got = SDL_WaitEventTimeout(&event, timeout_ms);  // 0 is the timeout, the normal case
    }
    if (got == 1) dispatch(event, now_ms(), result);
    while (SDL_PollEvent(&event) == 1) dispatch(event, now_ms(), result);
    auto drawn = render_if_needed(now_ms());
    if (!drawn) return fail(drawn.error());
    result.frame_drawn = drawn.value();
    return result;
}

}  // namespace kiosk::ui
