// FrameTiming: the time from a resident's input (its SDL timestamp) to the frame that shows it, with
// SDL's 32-bit timestamps, inputs the UI ignores and renders that drew nothing.
#include "kiosk/app/frame_timing.hpp"

#include <doctest/doctest.h>

using kiosk::app::FrameTiming;

namespace {

SDL_Event key_down(SDL_Keycode key, std::uint32_t at_ms) {
    SDL_Event event{};
    event.type = SDL_KEYDOWN;
    event.key.keysym.sym = key;
    event.common.timestamp = at_ms;
    return event;
}

SDL_Event click(Uint32 type, std::uint32_t at_ms) {
    SDL_Event event{};
    event.type = type;
    event.button.button = SDL_BUTTON_LEFT;
    event.button.x = 10;
    event.button.y = 10;
    event.common.timestamp = at_ms;
    return event;
}

}  // namespace

TEST_CASE("each input the UI takes is timed to the next frame drawn") {
    FrameTiming timing;
    timing.on_dispatched(key_down(SDLK_3, 1000));
    timing.on_dispatched(click(SDL_MOUSEBUTTONDOWN, 1004));
    timing.on_dispatched(click(SDL_MOUSEBUTTONUP, 1006));
    const auto shown = timing.take_shown(true, 1012);
    REQUIRE(shown.size() == 3);
    CHECK(shown[0] == doctest::Approx(0.012));
    CHECK(shown[1] == doctest::Approx(0.008));
    CHECK(shown[2] == doctest::Approx(0.006));
    CHECK(timing.take_shown(true, 2000).empty());  // each input is counted once
}

TEST_CASE("events the UI does not take are not inputs") {
    FrameTiming timing;
    SDL_Event motion{};
    motion.type = SDL_MOUSEMOTION;
    motion.common.timestamp = 5;
    SDL_Event wake{};
    wake.type = SDL_USEREVENT;
    timing.on_dispatched(motion);
    timing.on_dispatched(wake);
    timing.on_dispatched(key_down(SDLK_a, 5));  // no key of the kiosk's
    CHECK(timing.take_shown(true, 100).empty());
}

TEST_CASE("inputs of a render that drew nothing are forgotten, not charged to a later frame") {
    FrameTiming timing;
    timing.on_dispatched(key_down(SDLK_1, 100));
    CHECK(timing.take_shown(false, 110).empty());
    CHECK(timing.take_shown(true, 5000).empty());
}

TEST_CASE("SDL's 32-bit millisecond timestamps wrap; the time across the wrap is right") {
    FrameTiming timing;
    timing.on_dispatched(key_down(SDLK_2, 0xFFFFFFF0u));
    const std::uint64_t after_wrap_ms = (std::uint64_t{1} << 32) + 0x04;  // SDL_GetTicks64 just past it
    const auto shown = timing.take_shown(true, after_wrap_ms);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0] == doctest::Approx(0.020));
}

TEST_CASE("at most kPendingMax inputs wait for one frame") {
    FrameTiming timing;
    for (std::uint32_t i = 0; i < FrameTiming::kPendingMax + 10; ++i) timing.on_dispatched(key_down(SDLK_5, i));
    const auto shown = timing.take_shown(true, 1000);
    CHECK(shown.size() == FrameTiming::kPendingMax);
    CHECK(shown.front() == doctest::Approx(1.0));  // the oldest kept
}
