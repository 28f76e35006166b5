#include "kiosk/ui/screen_host.hpp"

#include <algorithm>
#include <climits>
#include <utility>
#include <variant>

namespace kiosk::ui {

ScreenHost::ScreenHost(Display& display, TextRenderer& text, const Theme& theme, const PhysicalMetrics& density)
    : display_(display),
      text_(text),
      theme_(theme),
      metrics_(density.with_size(display.size().width_px, display.size().height_px)),
      px_(ThemePx::from(theme, metrics_)) {}

int ScreenHost::reserved_right_px() const {
    int reserved = 0;
    for (const Overlay* overlay : overlays_) reserved += overlay->reserved_right_px();
    return reserved;
}

Size ScreenHost::screen_size() const {
    const Size window = display_.size();
    return {std::max(0, window.width_px - reserved_right_px()), window.height_px};
}

void ScreenHost::relayout() {
    const Size window = display_.size();
    metrics_ = metrics_.with_size(window.width_px, window.height_px);
    px_ = ThemePx::from(theme_, metrics_);
    for (Overlay* overlay : overlays_) overlay->layout(LayoutContext{window, metrics_, px_, text_});
    if (screen_ != nullptr) {
        // The screen's metrics keep the density; only its area shrinks beside a reserved band.
        const Size size = screen_size();
        const PhysicalMetrics screen_metrics = metrics_.with_size(size.width_px, size.height_px);
        screen_->layout_all(LayoutContext{size, screen_metrics, px_, text_});
    }
}

void ScreenHost::add_overlay(Overlay& overlay) {
    overlays_.push_back(&overlay);
    overlay.invalidate();
    relayout();
}

void ScreenHost::remove_overlay(Overlay& overlay) {
    std::erase(overlays_, &overlay);
    relayout();
}

bool ScreenHost::overlays_dirty() const {
    return std::ranges::any_of(overlays_, [](const Overlay* o) { return o->dirty(); });
}

std::vector<HitTarget> ScreenHost::all_targets() const {
    std::vector<HitTarget> out;
    for (const Overlay* overlay : overlays_) {
        auto own = overlay->targets();
        out.insert(out.end(), own.begin(), own.end());
    }
    if (screen_ != nullptr) {
        auto own = screen_->all_targets();
        out.insert(out.end(), own.begin(), own.end());
    }
    return out;
}

std::optional<Intent> ScreenHost::act(const UiAction& action, std::uint64_t now_ms) {
    for (Overlay* overlay : overlays_) {
        if (!overlay->accepts(action)) continue;
        const int reserved_before = reserved_right_px();
        auto intent = overlay->handle(action);
        if (reserved_right_px() != reserved_before) relayout();
        return intent;
    }
    if (screen_ == nullptr) return std::nullopt;
    return screen_->handle_action(action, now_ms);
}

namespace {

std::optional<FocusMove> focus_move_of(UiActionKind kind) {
    switch (kind) {
        case UiActionKind::focus_next: return FocusMove::next;
        case UiActionKind::focus_previous: return FocusMove::previous;
        case UiActionKind::focus_left: return FocusMove::left;
        case UiActionKind::focus_right: return FocusMove::right;
        case UiActionKind::focus_up: return FocusMove::up;
        case UiActionKind::focus_down: return FocusMove::down;
        default: return std::nullopt;
    }
}

}  // namespace

std::optional<Rect> ScreenHost::focused_rect() const {
    if (!focused_) return std::nullopt;
    for (const HitTarget& target : all_targets()) {
        if (target.action == *focused_) return target.rect;
    }
    return std::nullopt;
}

void ScreenHost::move_focus(FocusMove move) {
    const auto targets = all_targets();
    std::vector<Rect> rects;
    rects.reserve(targets.size());
    std::optional<std::size_t> current;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        rects.push_back(targets[i].rect);
        if (!current && focused_ && targets[i].action == *focused_) current = i;
    }
    const auto next = ui::move_focus(rects, current, move);
    focused_ = next ? std::optional<UiAction>(targets[*next].action) : std::nullopt;
    if (screen_ != nullptr) screen_->invalidate();
}

std::optional<Intent> ScreenHost::act_on_key(const UiAction& action, std::uint64_t now_ms) {
    if (screen_->idle_warning().visible() && action.kind != UiActionKind::toggle_demo) {
        focused_.reset();
        return act(UiAction::of(UiActionKind::more_time), now_ms);
    }
    if (const auto move = focus_move_of(action.kind)) {
        move_focus(*move);
        return std::nullopt;
    }
    if (action.kind == UiActionKind::repeat_prompt) return screen_->repeat_prompt(now_ms);
    if (action.kind == UiActionKind::submit && focused_rect()) {
        const UiAction focused = *focused_;
        return act(focused, now_ms);
    }
    return act(action, now_ms);
}

void ScreenHost::render_focus_ring(Painter& painter) const {
    const auto rect = focused_rect();
    if (!rect) return;
    // Two bands outside the target, dark then bright, so the ring shows on the light ground, on a
    // primary (dark blue) button and on the yellow idle banner alike.
    const int t = std::max(3, px_.border * 2);
    const Size window = display_.size();
    const Palette& c = painter.palette();
    auto band = [&](Rect outer, int width, Colour colour) {
        painter.fill(Rect{outer.x_px, outer.y_px, outer.width_px, width}, colour);
        painter.fill(Rect{outer.x_px, outer.bottom_px() - width, outer.width_px, width}, colour);
        painter.fill(Rect{outer.x_px, outer.y_px, width, outer.height_px}, colour);
        painter.fill(Rect{outer.right_px() - width, outer.y_px, width, outer.height_px}, colour);
    };
    band(focus_ring_outer(*rect, 2 * t, window), t, c.text);
    band(focus_ring_outer(*rect, t, window), t, c.warning);
}

void ScreenHost::show(Screen& screen) {
    if (screen_ != nullptr) screen_->set_pressed(std::nullopt);
    if (screen_ != &screen) focused_.reset();
    screen_ = &screen;
    pointer_down_id_.reset();
    pointer_down_on_.reset();
    capture_next_frame_ = screenshots_ != nullptr;
    relayout();
}

void ScreenHost::capture_next_frame(std::function<void(const Display&, const Screen&)> capture) {
    captures_.push_back(std::move(capture));
    if (screen_ != nullptr) screen_->invalidate();
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
        intent = act_on_key(*action, now_ms);
    } else if (const auto* down = std::get_if<PointerDown>(&*input)) {
        if (pointer_down_id_) return;
        pointer_down_id_ = down->pointer;
        pointer_down_on_ = hit_test(all_targets(), down->at);
        screen.set_pressed(pointer_down_on_);
    } else if (const auto* up = std::get_if<PointerUp>(&*input)) {
        if (pointer_down_id_ != up->pointer) return;
        pointer_down_id_.reset();
        const auto released_on = hit_test(all_targets(), up->at);
        const auto pressed_on = pointer_down_on_;
        pointer_down_on_.reset();
        screen.set_pressed(std::nullopt);
        if (pressed_on && released_on == pressed_on) intent = act(*pressed_on, now_ms);
        else if (!pressed_on && !released_on && screen.idle_warning().visible()) {
            intent = act(UiAction::of(UiActionKind::more_time), now_ms);  // a touch anywhere
        }
    }
    if (intent) result.intents.push_back(std::move(*intent));
}

std::optional<std::uint64_t> ScreenHost::wait_budget_ms(std::uint64_t now_ms) const {
    if (screen_ == nullptr) return std::nullopt;
    if (screen_->dirty() || overlays_dirty()) return 0;
    const auto next = screen_->next_frame_ms(now_ms);
    if (!next) return std::nullopt;
    return *next > now_ms ? *next - now_ms : 0;
}

Result<bool> ScreenHost::render_if_needed(std::uint64_t now_ms) {
    if (screen_ == nullptr) return false;
    const bool due = scheduled_frame_ms_ && now_ms >= *scheduled_frame_ms_;
    if (!screen_->dirty() && !due && !overlays_dirty()) return false;

    Painter painter(display_.renderer(), text_, theme_, px_);
    texts_.clear();
    if (record_texts_) painter.record_texts(&texts_);
    SDL_RenderSetClipRect(display_.renderer(), nullptr);
    screen_->render_all(painter, now_ms);
    for (Overlay* overlay : overlays_) {
        overlay->render(painter, screen_->pressed());
        overlay->drawn();
    }
    render_focus_ring(painter);
    overflows_ = painter.overflows();
    scheduled_frame_ms_ = screen_->next_frame_ms(now_ms);
    TRY(painter.status());
    if (observer_) observer_(display_, *screen_);
    for (auto& capture : std::exchange(captures_, {})) capture(display_, *screen_);
    const std::string name(screen_->name());
    if (screenshots_ != nullptr && (capture_next_frame_ || name != last_shot_name_)) {
        capture_next_frame_ = false;
        last_shot_name_ = name;
        TRY(screenshots_->save(display_, name));
    }
    display_.present();
    ++stats_.frames;
    return true;
}

Result<PumpResult> ScreenHost::pump() {
    PumpResult result;
    SDL_Event event;
    while (SDL_PollEvent(&event) == 1) dispatch(event, now_ms(), result);
    result.frame_drawn = TRY(render_if_needed(now_ms()));
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
    result.frame_drawn = TRY(render_if_needed(now_ms()));
    return result;
}

}  // namespace kiosk::ui
