// Rendering through SDL's offscreen video driver with the software renderer: real frames, real
// fonts, real PNG files, without a display.
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "kiosk/ui/screens/attract_screen.hpp"
#include "kiosk/ui/screens/identify_screen.hpp"
#include "kiosk/ui/screenshot.hpp"
#include "tests/support/sdl_rig.hpp"

#include <SDL_image.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace kiosk::ui;
using kiosk::core::Language;

namespace {

const kiosk::core::CivilDate kToday{2026, 11, 21};

// The SDL stack, with the real session machine driving the identify screen through the presenter,
// as in the app.
struct Rig : kiosk::testing::SdlRig {
    std::optional<kiosk::core::session::SessionMachine> machine;
    std::optional<SessionPresenter> presenter;  // destroyed before the host it draws on

    // Pixels of `area` as ARGB words, captured from the next frame drawn.
    std::vector<std::uint32_t> pixels_of_next_frame(Rect area, Screen& screen) {
        std::vector<std::uint32_t> out;
        host->set_frame_observer([&](const Display& d, const Screen&) {
            auto surface = d.read_pixels(area);
            REQUIRE(surface.ok());
            const SDL_Surface* s = surface.value().get();
            for (int y = 0; y < s->h; ++y) {
                const auto* row = static_cast<const std::uint32_t*>(static_cast<const void*>(
                    static_cast<const std::uint8_t*>(s->pixels) + y * s->pitch));
                out.insert(out.end(), row, row + s->w);
            }
        });
        screen.invalidate();
        auto drawn = host->render_if_needed(ScreenHost::now_ms());
        REQUIRE(drawn.ok());
        CHECK(drawn.value());
        host->set_frame_observer(nullptr);
        return out;
    }

    static kiosk::core::session::Instant wall(std::uint64_t ms) {
        // 2026-11-21 10:00 WIB plus the host's clock, so "today" is fixed for plausibility hints.
        return kiosk::core::session::Instant{std::chrono::milliseconds{1'795'744'800'000LL + static_cast<long long>(ms)}};
    }

    // A session on the identify screen, shown.
    IdentifyScreen& identify() {
        machine.emplace(kiosk::core::session::SessionConfig{}, kiosk::core::session::DeviceHealthSnapshot{},
                        wall(ScreenHost::now_ms()));
        presenter.emplace(*host);
        machine->handle(wall(ScreenHost::now_ms()), kiosk::core::session::StartPressed{});
        presenter->present(machine->view(), ScreenHost::now_ms());
        return presenter->identify();
    }

    // Hands intents to the session machine (when there is one) and shows its new view.
    void feed(const std::vector<Intent>& intents) {
        if (!machine || intents.empty()) return;
        for (const Intent& intent : intents) {
            if (auto event = presenter->to_event(intent)) machine->handle(wall(ScreenHost::now_ms()), *event);
        }
        presenter->present(machine->view(), ScreenHost::now_ms());
    }

    PumpResult pump_raw() {
        auto result = host->pump();
        REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
        return result.value();
    }

    PumpResult pump() {
        PumpResult result = pump_raw();
        if (machine && !result.intents.empty()) {
            feed(result.intents);
            auto drawn = host->render_if_needed(ScreenHost::now_ms());  // the machine's new view
            REQUIRE(drawn.ok());
            result.frame_drawn = result.frame_drawn || drawn.value();
        }
        return result;
    }
};

void push_key(SDL_Keycode sym, SDL_Scancode code) {
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.scancode = code;
    REQUIRE(SDL_PushEvent(&e) == 1);
}

void push_digits(const std::string& digits) {
    for (char d : digits) {
        push_key(SDLK_0 + (d - '0'), static_cast<SDL_Scancode>(SDL_SCANCODE_1 + (d == '0' ? 9 : d - '1')));
    }
}

void push_finger(Uint32 type, Point at, Size window, SDL_FingerID finger = 1) {
    SDL_Event e{};
    e.type = type;
    e.tfinger.fingerId = finger;
    e.tfinger.x = (static_cast<float>(at.x_px) + 0.5f) / static_cast<float>(window.width_px);
    e.tfinger.y = (static_cast<float>(at.y_px) + 0.5f) / static_cast<float>(window.height_px);
    REQUIRE(SDL_PushEvent(&e) == 1);
}

void push_mouse(Uint32 type, Point at) {
    SDL_Event e{};
    e.type = type;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = at.x_px;
    e.button.y = at.y_px;
    REQUIRE(SDL_PushEvent(&e) == 1);
}

std::filesystem::path fresh_dir(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / ("kiosk-ui-test-" + std::to_string(getpid())) / name;
    std::filesystem::remove_all(dir);
    return dir;
}

}  // namespace

TEST_CASE("the identify screen renders to a PNG of the screen's size with real content") {
    Rig rig;
    CHECK(SdlRuntime::video_driver() == "offscreen");
    CHECK(rig.display->renderer_name() == "software");
    const auto dir = fresh_dir("shots");
    auto shots = ScreenshotDirectory::open(dir);
    REQUIRE(shots.ok());
    rig.host->set_screenshot_directory(&shots.value());
    IdentifyScreen& identify = rig.identify();
    CHECK(identify.name() == "identify");
    const PumpResult first = rig.pump();
    CHECK(first.frame_drawn);

    const auto path = dir / "identify-0001.png";
    REQUIRE(std::filesystem::exists(path));
    SurfacePtr png(IMG_Load(path.c_str()));
    REQUIRE(png != nullptr);
    CHECK(png->w == 1280);
    CHECK(png->h == 800);

    SurfacePtr argb(SDL_ConvertSurfaceFormat(png.get(), SDL_PIXELFORMAT_ARGB8888, 0));
    REQUIRE(argb != nullptr);
    std::set<std::uint32_t> colours;
    for (int y = 0; y < argb->h; y += 3) {
        const auto* row = static_cast<const std::uint32_t*>(
            static_cast<const void*>(static_cast<const std::uint8_t*>(argb->pixels) + y * argb->pitch));
        for (int x = 0; x < argb->w; x += 3) colours.insert(row[x]);
    }
    // Background, text, key faces, borders, the primary blue, anti-aliased edges.
    CHECK(colours.size() > 20);
    std::filesystem::remove_all(dir.parent_path());
}

TEST_CASE("screenshot names carry the screen and a sequence number") {
    CHECK(ScreenshotDirectory::file_name("identify", 2) == "identify-0002.png");
    CHECK(ScreenshotDirectory::file_name("attract", 123) == "attract-0123.png");
}

TEST_CASE("typed digits change the NIK field's pixels, and only a changed screen is drawn") {
    Rig rig;
    IdentifyScreen& identify = rig.identify();
    CHECK(rig.pump().frame_drawn);
    // Nothing changed: no frame, and the loop may sleep until the next event.
    CHECK_FALSE(rig.pump().frame_drawn);
    CHECK_FALSE(rig.host->wait_budget_ms(ScreenHost::now_ms()).has_value());

    const Rect field = identify.nik_field().geometry().box;
    const auto before = rig.pixels_of_next_frame(field, identify);
    push_digits("1403");
    push_key(SDLK_KP_1, SDL_SCANCODE_KP_1);
    const PumpResult typed = rig.pump();
    CHECK(typed.frame_drawn);
    CHECK(identify.typed_digits() == "14031");
    const auto after = rig.pixels_of_next_frame(field, identify);
    REQUIRE(before.size() == after.size());
    CHECK(before != after);

    // Backspace then Delete (clear): back to the empty field's exact pixels.
    push_key(SDLK_BACKSPACE, SDL_SCANCODE_BACKSPACE);
    rig.pump();
    CHECK(identify.typed_digits() == "1403");
    push_key(SDLK_DELETE, SDL_SCANCODE_DELETE);
    rig.pump();
    CHECK(identify.typed_digits().empty());
    CHECK(rig.pixels_of_next_frame(field, identify) == before);
}

TEST_CASE("touch and mouse press keys: pressed while down, typed on release over the same key") {
    Rig rig;
    IdentifyScreen& identify = rig.identify();
    rig.pump();
    const Size window = rig.display->window_size();
    const Rect seven = *identify.keypad().key_rect(UiAction::digit_key('7'));
    const Rect eight = *identify.keypad().key_rect(UiAction::digit_key('8'));

    const auto idle_key = rig.pixels_of_next_frame(seven, identify);
    push_finger(SDL_FINGERDOWN, seven.center(), window);
    CHECK(rig.pump().frame_drawn);
    CHECK(identify.pressed() == UiAction::digit_key('7'));
    CHECK(identify.typed_digits().empty());  // nothing typed until the finger lifts
    CHECK(rig.pixels_of_next_frame(seven, identify) != idle_key);
    push_finger(SDL_FINGERUP, seven.center(), window);
    rig.pump();
    CHECK(identify.typed_digits() == "7");
    CHECK_FALSE(identify.pressed().has_value());
    CHECK(rig.pixels_of_next_frame(seven, identify) == idle_key);

    // Sliding off a key cancels it.
    push_mouse(SDL_MOUSEBUTTONDOWN, seven.center());
    push_mouse(SDL_MOUSEBUTTONUP, eight.center());
    rig.pump();
    CHECK(identify.typed_digits() == "7");

    push_mouse(SDL_MOUSEBUTTONDOWN, eight.center());
    push_mouse(SDL_MOUSEBUTTONUP, eight.center());
    rig.pump();
    CHECK(identify.typed_digits() == "78");

    // A second finger while the first is down presses nothing; only the first finger's lift counts.
    push_finger(SDL_FINGERDOWN, seven.center(), window, 1);
    push_finger(SDL_FINGERDOWN, eight.center(), window, 2);
    push_finger(SDL_FINGERUP, eight.center(), window, 2);
    rig.pump();
    CHECK(identify.pressed() == UiAction::digit_key('7'));
    CHECK(identify.typed_digits() == "78");
    push_finger(SDL_FINGERUP, seven.center(), window, 1);
    rig.pump();
    CHECK(identify.typed_digits() == "787");
}

TEST_CASE("submit: early press explains, 16 digits submit once, then the screen waits") {
    Rig rig;
    IdentifyScreen& identify = rig.identify();
    rig.pump();

    push_digits("140312150590");
    push_key(SDLK_RETURN, SDL_SCANCODE_RETURN);
    PumpResult early = rig.pump();
    REQUIRE(early.intents.size() == 13);
    CHECK(early.intents.back().kind == IntentKind::submit);
    CHECK(identify.view().too_short);
    CHECK(identify.hint_text() == "12 dari 16 digit. Ketik sisanya, lalu tekan Lanjut.");
    CHECK_FALSE(identify.hint().problem);  // an unfinished number is progress, not a mistake

    push_digits("0001");
    rig.pump();
    CHECK_FALSE(identify.view().too_short);
    CHECK(identify.hint_text() == "Sudah 16 angka. Tekan Lanjut.");
    const Rect submit = identify.submit_button().rect;
    push_mouse(SDL_MOUSEBUTTONDOWN, submit.center());
    push_mouse(SDL_MOUSEBUTTONUP, submit.center());
    push_key(SDLK_KP_ENTER, SDL_SCANCODE_KP_ENTER);  // a second submit right behind the first
    const PumpResult sent = rig.pump_raw();
    REQUIRE(sent.intents.size() == 1);
    CHECK(sent.intents[0].kind == IntentKind::submit);
    CHECK(identify.busy());
    rig.feed(sent.intents);
    // The machine looks the NIK up: the fingerprint screen, preparing, with the NIK masked.
    CHECK(rig.host->current()->name() == "fingerprint");
    CHECK(rig.presenter->fingerprint().view().nik_masked.find("0001") != std::string::npos);
    CHECK(rig.presenter->fingerprint().view().nik_masked.find("1215") == std::string::npos);

    // Busy: the progress indicator wants a frame within its step, keys do nothing.
    rig.pump();
    const auto budget = rig.host->wait_budget_ms(ScreenHost::now_ms());
    REQUIRE(budget.has_value());
    CHECK(*budget <= ProgressIndicator::kStepMs);
    push_digits("9");
    rig.pump();
    CHECK(identify.typed_digits() == "1403121505900001");
    // wait_and_pump wakes for the animation frame without any event.
    const auto frames = rig.host->stats().frames;
    auto woke = rig.host->wait_and_pump();
    REQUIRE(woke.ok());
    CHECK(rig.host->stats().frames == frames + 1);

    // Escape ends the session: back to the still attract screen, no frames wanted.
    push_key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE);
    rig.pump();
    CHECK(rig.host->current()->name() == "attract");
    rig.pump();
    CHECK_FALSE(rig.host->wait_budget_ms(ScreenHost::now_ms()).has_value());
}

TEST_CASE("attract: a touch anywhere starts; the language toggle switches language instead") {
    Rig rig;
    AttractScreen attract;
    rig.host->show(attract);
    rig.pump();
    CHECK_FALSE(rig.host->wait_budget_ms(ScreenHost::now_ms()).has_value());  // blocks in SDL_WaitEvent
    const Size window = rig.display->window_size();

    const Rect english = attract.language_toggle().segments()[1].rect;
    const auto before = rig.pixels_of_next_frame(Rect{0, 0, 1280, 800}, attract);
    push_finger(SDL_FINGERDOWN, english.center(), window);
    push_finger(SDL_FINGERUP, english.center(), window);
    PumpResult switched = rig.pump();
    REQUIRE(switched.intents.size() == 1);
    CHECK(switched.intents[0].kind == IntentKind::set_language);
    CHECK(switched.intents[0].language == Language::en);
    CHECK(attract.language() == Language::en);
    CHECK(rig.pixels_of_next_frame(Rect{0, 0, 1280, 800}, attract) != before);

    push_finger(SDL_FINGERDOWN, Point{100, 700}, window);
    push_finger(SDL_FINGERUP, Point{100, 700}, window);
    PumpResult started = rig.pump();
    REQUIRE(started.intents.size() == 1);
    CHECK(started.intents[0].kind == IntentKind::start_session);
    CHECK(started.intents[0].language == Language::en);
}

TEST_CASE("the idle warning covers the keys under it and offers more time") {
    Rig rig;
    IdentifyScreen& identify = rig.identify();
    rig.pump();
    const std::uint64_t now = ScreenHost::now_ms();
    identify.show_idle_warning(now + 20'000);
    CHECK(rig.pump().frame_drawn);
    const auto budget = rig.host->wait_budget_ms(ScreenHost::now_ms());
    REQUIRE(budget.has_value());
    CHECK(*budget <= 1000);

    const auto targets = identify.all_targets();
    const Rect banner = identify.idle_warning().bounds();
    const Rect more_time = identify.idle_warning().button().rect;
    CHECK(hit_test(targets, more_time.center()) == UiAction::of(UiActionKind::more_time));
    const Rect zero = *identify.keypad().key_rect(UiAction::digit_key('0'));
    if (zero.bottom_px() > banner.y_px) CHECK(hit_test(targets, zero.center()) != UiAction::digit_key('0'));

    push_mouse(SDL_MOUSEBUTTONDOWN, more_time.center());
    push_mouse(SDL_MOUSEBUTTONUP, more_time.center());
    PumpResult asked = rig.pump();
    REQUIRE(asked.intents.size() == 1);
    CHECK(asked.intents[0].kind == IntentKind::more_time);
    CHECK_FALSE(identify.idle_warning().visible());
}

TEST_CASE("repeated frames come from the text cache") {
    Rig rig;
    IdentifyScreen& identify = rig.identify();
    rig.pump();
    const auto after_first = rig.text->stats();
    CHECK(after_first.misses > 0);
    identify.invalidate();
    CHECK(rig.pump().frame_drawn);
    const auto after_second = rig.text->stats();
    CHECK(after_second.misses == after_first.misses);
    CHECK(after_second.hits > after_first.hits);
}

TEST_CASE("UTF-8 text renders, including the masked NIK's bullets") {
    Rig rig;
    auto font = rig.text->font(FontWeight::bold, 40);
    REQUIRE(font.ok());
    CHECK(TTF_GlyphIsProvided32(font.value(), 0x2022) != 0);  // •
    const std::string masked = "1403 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 0001";
    auto rendered = rig.text->texture(TextStyle{FontWeight::bold, 40, Colour{}}, masked);
    REQUIRE(rendered.ok());
    // Wider than the ASCII form would be if bullets fell back to nothing, as wide as its digits.
    CHECK(rendered->width_px == rig.text->measure(FontWeight::bold, 40, masked));
    CHECK(rendered->width_px > rig.text->measure(FontWeight::bold, 40, "1403   0001"));
    CHECK_FALSE(rig.text->texture(TextStyle{FontWeight::bold, 40, Colour{}}, "").ok());
}

TEST_CASE("a missing font directory is an error value, not a crash") {
    Rig rig;
    auto missing = TextRenderer::open(rig.display->renderer(), "/nonexistent/fonts");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().where == "ui.text");
}
