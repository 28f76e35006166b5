#include "kiosk/ui/input_map.hpp"

#include <cmath>

namespace kiosk::ui {

namespace {

std::optional<InputEvent> map_key(const SDL_KeyboardEvent& key) {
    const SDL_Keycode sym = key.keysym.sym;
    const SDL_Scancode code = key.keysym.scancode;
    const bool repeat = key.repeat != 0;

    if (sym == SDLK_BACKSPACE || code == SDL_SCANCODE_KP_BACKSPACE) {
        return UiAction::of(UiActionKind::backspace);  // the one key that may repeat
    }
    if (repeat) return std::nullopt;

    if (sym >= SDLK_0 && sym <= SDLK_9) return UiAction::digit_key(static_cast<char>('0' + (sym - SDLK_0)));
    // The keypad by scancode: the digit keys report KP_End, KP_Down... as symbols when NumLock is
    // off, but a kiosk's keypad means digits either way.
    if (code >= SDL_SCANCODE_KP_1 && code <= SDL_SCANCODE_KP_9) {
        return UiAction::digit_key(static_cast<char>('1' + (code - SDL_SCANCODE_KP_1)));
    }
    if (code == SDL_SCANCODE_KP_0) return UiAction::digit_key('0');
    if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER || code == SDL_SCANCODE_KP_ENTER) {
        return UiAction::of(UiActionKind::submit);
    }
    if (sym == SDLK_DELETE || code == SDL_SCANCODE_KP_CLEAR) return UiAction::of(UiActionKind::clear);
    if (sym == SDLK_ESCAPE) return UiAction::of(UiActionKind::cancel);
    if (sym == SDLK_F12) return UiAction::of(UiActionKind::toggle_demo);  // demo builds only act on it
    if (sym == SDLK_TAB) {
        return UiAction::of((key.keysym.mod & KMOD_SHIFT) != 0 ? UiActionKind::focus_previous : UiActionKind::focus_next);
    }
    if (sym == SDLK_LEFT) return UiAction::of(UiActionKind::focus_left);
    if (sym == SDLK_RIGHT) return UiAction::of(UiActionKind::focus_right);
    if (sym == SDLK_UP) return UiAction::of(UiActionKind::focus_up);
    if (sym == SDLK_DOWN) return UiAction::of(UiActionKind::focus_down);
    // Help: F1, the Help key of keypads that have one, and '?' (Shift+/ on a keyboard; the symbol
    // itself on keypads that report it).
    if (sym == SDLK_F1 || sym == SDLK_HELP || code == SDL_SCANCODE_HELP || sym == SDLK_QUESTION ||
        (sym == SDLK_SLASH && (key.keysym.mod & KMOD_SHIFT) != 0)) {
        return UiAction::of(UiActionKind::repeat_prompt);
    }
    return std::nullopt;
}

Point finger_point(const SDL_TouchFingerEvent& finger, Size window) {
    // Normalized 0..1; 1.0 itself maps to the last pixel so the point stays inside the window.
    auto scale = [](float normalized, int extent_px) {
        const double px = std::floor(static_cast<double>(normalized) * extent_px);
        const double max_px = extent_px > 0 ? extent_px - 1 : 0;
        return static_cast<int>(px < 0 ? 0 : (px > max_px ? max_px : px));
    };
    return {scale(finger.x, window.width_px), scale(finger.y, window.height_px)};
}

}  // namespace

std::optional<InputEvent> map_input(const SDL_Event& event, Size window) {
    switch (event.type) {
        case SDL_KEYDOWN:
            return map_key(event.key);
        case SDL_FINGERDOWN:
            return PointerDown{finger_point(event.tfinger, window), static_cast<std::int64_t>(event.tfinger.fingerId)};
        case SDL_FINGERUP:
            return PointerUp{finger_point(event.tfinger, window), static_cast<std::int64_t>(event.tfinger.fingerId)};
        case SDL_MOUSEBUTTONDOWN:
            if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) break;
            return PointerDown{{event.button.x, event.button.y}};
        case SDL_MOUSEBUTTONUP:
            if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) break;
            return PointerUp{{event.button.x, event.button.y}};
        default:
            break;
    }
    return std::nullopt;
}

}  // namespace kiosk::ui
