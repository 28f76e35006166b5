#include "kiosk/ui/input_map.hpp"

#include <doctest/doctest.h>

using namespace kiosk::ui;

namespace {

SDL_Event key(SDL_Keycode sym, SDL_Scancode code, bool repeat = false) {
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.scancode = code;
    e.key.repeat = repeat ? 1 : 0;
    return e;
}

std::optional<UiAction> action_of(const SDL_Event& e) {
    auto mapped = map_input(e, Size{1280, 800});
    if (!mapped) return std::nullopt;
    REQUIRE(std::holds_alternative<UiAction>(*mapped));
    return std::get<UiAction>(*mapped);
}

}  // namespace

TEST_CASE("digit keys on the top row and on the numeric keypad") {
    CHECK(action_of(key(SDLK_0, SDL_SCANCODE_0)) == UiAction::digit_key('0'));
    CHECK(action_of(key(SDLK_7, SDL_SCANCODE_7)) == UiAction::digit_key('7'));
    CHECK(action_of(key(SDLK_KP_1, SDL_SCANCODE_KP_1)) == UiAction::digit_key('1'));
    CHECK(action_of(key(SDLK_KP_0, SDL_SCANCODE_KP_0)) == UiAction::digit_key('0'));
    // NumLock off: the symbol is a navigation key, but the key is still the keypad's 9.
    CHECK(action_of(key(SDLK_PAGEUP, SDL_SCANCODE_KP_9)) == UiAction::digit_key('9'));
}

TEST_CASE("editing and navigation keys") {
    CHECK(action_of(key(SDLK_RETURN, SDL_SCANCODE_RETURN)) == UiAction::of(UiActionKind::submit));
    CHECK(action_of(key(SDLK_KP_ENTER, SDL_SCANCODE_KP_ENTER)) == UiAction::of(UiActionKind::submit));
    CHECK(action_of(key(SDLK_BACKSPACE, SDL_SCANCODE_BACKSPACE)) == UiAction::of(UiActionKind::backspace));
    CHECK(action_of(key(SDLK_DELETE, SDL_SCANCODE_DELETE)) == UiAction::of(UiActionKind::clear));
    CHECK(action_of(key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE)) == UiAction::of(UiActionKind::cancel));
    CHECK_FALSE(action_of(key(SDLK_a, SDL_SCANCODE_A)).has_value());
    CHECK_FALSE(action_of(key(SDLK_SPACE, SDL_SCANCODE_SPACE)).has_value());
}

TEST_CASE("keypad navigation: Tab, Shift+Tab, arrows and the Help key (input_map is their one map)") {
    CHECK(action_of(key(SDLK_TAB, SDL_SCANCODE_TAB)) == UiAction::of(UiActionKind::focus_next));
    SDL_Event shift_tab = key(SDLK_TAB, SDL_SCANCODE_TAB);
    shift_tab.key.keysym.mod = KMOD_LSHIFT;
    CHECK(action_of(shift_tab) == UiAction::of(UiActionKind::focus_previous));
    CHECK(action_of(key(SDLK_LEFT, SDL_SCANCODE_LEFT)) == UiAction::of(UiActionKind::focus_left));
    CHECK(action_of(key(SDLK_RIGHT, SDL_SCANCODE_RIGHT)) == UiAction::of(UiActionKind::focus_right));
    CHECK(action_of(key(SDLK_UP, SDL_SCANCODE_UP)) == UiAction::of(UiActionKind::focus_up));
    CHECK(action_of(key(SDLK_DOWN, SDL_SCANCODE_DOWN)) == UiAction::of(UiActionKind::focus_down));
    CHECK(action_of(key(SDLK_F1, SDL_SCANCODE_F1)) == UiAction::of(UiActionKind::repeat_prompt));
    CHECK(action_of(key(SDLK_HELP, SDL_SCANCODE_HELP)) == UiAction::of(UiActionKind::repeat_prompt));
    SDL_Event question = key(SDLK_SLASH, SDL_SCANCODE_SLASH);
    question.key.keysym.mod = KMOD_RSHIFT;
    CHECK(action_of(question) == UiAction::of(UiActionKind::repeat_prompt));
    CHECK_FALSE(action_of(key(SDLK_SLASH, SDL_SCANCODE_SLASH)).has_value());
    // The numeric keypad's 8/2/4/6 stay digits even with NumLock off (they report arrows).
    CHECK(action_of(key(SDLK_KP_8, SDL_SCANCODE_KP_8)) == UiAction::digit_key('8'));
}

TEST_CASE("auto-repeat: only Backspace repeats") {
    CHECK(action_of(key(SDLK_BACKSPACE, SDL_SCANCODE_BACKSPACE, true)) == UiAction::of(UiActionKind::backspace));
    CHECK_FALSE(action_of(key(SDLK_5, SDL_SCANCODE_5, true)).has_value());
    CHECK_FALSE(action_of(key(SDLK_KP_5, SDL_SCANCODE_KP_5, true)).has_value());
    CHECK_FALSE(action_of(key(SDLK_RETURN, SDL_SCANCODE_RETURN, true)).has_value());
    CHECK_FALSE(action_of(key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE, true)).has_value());
}

TEST_CASE("touch: normalized coordinates become window pixels") {
    SDL_Event e{};
    e.type = SDL_FINGERDOWN;
    e.tfinger.x = 0.5f;
    e.tfinger.y = 0.25f;
    auto mapped = map_input(e, Size{1280, 800});
    REQUIRE(mapped.has_value());
    REQUIRE(std::holds_alternative<PointerDown>(*mapped));
    CHECK(std::get<PointerDown>(*mapped).at == Point{640, 200});

    e.type = SDL_FINGERUP;
    e.tfinger.x = 1.0f;  // the far edge is the last pixel, not one past it
    e.tfinger.y = 1.0f;
    mapped = map_input(e, Size{1280, 800});
    REQUIRE(mapped.has_value());
    REQUIRE(std::holds_alternative<PointerUp>(*mapped));
    CHECK(std::get<PointerUp>(*mapped).at == Point{1279, 799});

    e.tfinger.x = -0.2f;  // some panels report slightly outside
    e.tfinger.y = 0.0f;
    mapped = map_input(e, Size{1280, 800});
    REQUIRE(mapped.has_value());
    CHECK(std::get<PointerUp>(*mapped).at == Point{0, 0});
}

TEST_CASE("mouse: left button only, and never the mouse events SDL makes from touches") {
    SDL_Event e{};
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.which = 0;
    e.button.x = 100;
    e.button.y = 200;
    auto mapped = map_input(e, Size{1280, 800});
    REQUIRE(mapped.has_value());
    CHECK(std::get<PointerDown>(*mapped).at == Point{100, 200});

    e.button.which = SDL_TOUCH_MOUSEID;
    CHECK_FALSE(map_input(e, Size{1280, 800}).has_value());
    e.button.which = 0;
    e.button.button = SDL_BUTTON_RIGHT;
    CHECK_FALSE(map_input(e, Size{1280, 800}).has_value());

    SDL_Event motion{};
    motion.type = SDL_MOUSEMOTION;
    CHECK_FALSE(map_input(motion, Size{1280, 800}).has_value());
}
