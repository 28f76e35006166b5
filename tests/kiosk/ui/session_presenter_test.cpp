// SessionPresenter: every view kind to its screen (by name), every intent to its event, the demo
// strip's geometry, the idle overlay's "more time", screenshots per screen change, and text fit.
#include "kiosk/ui/preview/synthetic_views.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

using namespace kiosk::ui;
using kiosk::core::Language;
namespace cs = kiosk::core::session;

namespace {

struct Rig : kiosk::testing::SdlRig {
    std::optional<SessionPresenter> presenter;  // destroyed before the host it draws on

    explicit Rig(Size size = {1280, 800}, double diagonal_in = 10.1, Theme theme_in = {})
        : SdlRig(size, diagonal_in, theme_in) {
        presenter.emplace(*host);
    }
};

// A left click (press and release) at `at`, straight into the host's dispatch; the intents it made.
PumpResult click(ScreenHost& host, Point at) {
    PumpResult result;
    SDL_Event e{};
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = at.x_px;
    e.button.y = at.y_px;
    host.dispatch(e, ScreenHost::now_ms(), result);
    e.type = SDL_MOUSEBUTTONUP;
    host.dispatch(e, ScreenHost::now_ms(), result);
    return result;
}

cs::SessionView view_of(cs::Screen screen) {
    cs::SessionView v;
    v.screen = std::move(screen);
    return v;
}

}  // namespace

TEST_CASE("every kind of view shows its own, meaningfully named screen") {
    Rig rig;
    const std::uint64_t now = ScreenHost::now_ms();
    auto name_for = [&](cs::Screen screen) {
        rig.presenter->present(view_of(std::move(screen)), now);
        return std::string(rig.host->current()->name());
    };
    CHECK(name_for(cs::AttractScreen{}) == "attract");
    CHECK(name_for(cs::IdentifyScreen{}) == "identify");
    CHECK(name_for(cs::FingerprintScreen{}) == "fingerprint");
    CHECK(name_for(cs::FingerprintScreen{"", 2, cs::FingerStage::waiting_for_finger, cs::FingerOutcome::no_match}) ==
          "fingerprint-retry");
    cs::StatusScreen in_kiosk;
    in_kiosk.status = kiosk::core::CardStatus::in_kiosk;
    CHECK(name_for(in_kiosk) == "status-in_kiosk");
    in_kiosk.pickup_block = cs::PickupBlock::no_slot;
    CHECK(name_for(in_kiosk) == "status-in_kiosk-counter");
    CHECK(name_for(cs::PickupScreen{cs::PickupPhase::take_card, cs::Millis{30'000}}) == "pickup-present");
    CHECK(name_for(cs::PickupScreen{cs::PickupPhase::fetching, cs::Millis{0}}) == "pickup-fetching");
    CHECK(name_for(cs::MessageScreen{cs::MessageKind::nik_locked}) == "message-locked");
    CHECK(name_for(cs::MessageScreen{cs::MessageKind::card_taken}) == "message-thank-you");
    CHECK(name_for(cs::OutOfServiceScreen{true, std::nullopt, std::nullopt}) == "out-of-service-maintenance");

    // Every synthetic view lands on a screen of the matching kind, and the names are distinct per kind.
    std::set<std::string> names;
    for (const auto& v : synthetic_views()) {
        rig.presenter->present(v, now);
        names.insert(std::string(rig.host->current()->name()));
    }
    CHECK(names.size() >= 25);
}

TEST_CASE("every intent becomes the session event it means; demo intents do not") {
    Rig rig;
    const SessionPresenter& p = *rig.presenter;
    auto event_of = [&](Intent i) { return p.to_event(i); };
    CHECK(std::holds_alternative<cs::StartPressed>(*event_of(Intent::of(IntentKind::start_session))));
    const auto digit = event_of(Intent::keypad('7', Language::id));
    REQUIRE(std::holds_alternative<cs::KeypadDigit>(*digit));
    CHECK(std::get<cs::KeypadDigit>(*digit).digit == '7');
    CHECK(std::holds_alternative<cs::KeypadBackspace>(*event_of(Intent::of(IntentKind::keypad_backspace))));
    CHECK(std::holds_alternative<cs::KeypadClear>(*event_of(Intent::of(IntentKind::keypad_clear))));
    CHECK(std::holds_alternative<cs::KeypadSubmit>(*event_of(Intent::of(IntentKind::submit))));
    CHECK(std::holds_alternative<cs::Cancel>(*event_of(Intent::of(IntentKind::cancel))));
    CHECK(std::holds_alternative<cs::Back>(*event_of(Intent::of(IntentKind::back))));
    CHECK(std::holds_alternative<cs::MoreTime>(*event_of(Intent::of(IntentKind::more_time))));
    CHECK(std::holds_alternative<cs::PickupPressed>(*event_of(Intent::of(IntentKind::pickup))));
    const auto lang = event_of(Intent::of(IntentKind::set_language, Language::en));
    REQUIRE(std::holds_alternative<cs::LanguageSelected>(*lang));
    CHECK(std::get<cs::LanguageSelected>(*lang).language == Language::en);
    const Intent demo = Intent::demo_control(DemoIntent::tap_wrong_card);
    CHECK_FALSE(event_of(demo).has_value());
    CHECK(demo_intent(demo) == DemoIntent::tap_wrong_card);
    CHECK_FALSE(demo_intent(Intent::of(IntentKind::cancel)).has_value());
}

TEST_CASE("the demo strip is inside the window, its buttons at least 15 mm, and they produce demo intents") {
    for (Size window : {Size{1280, 800}, Size{1920, 1080}}) {
        auto metrics = PhysicalMetrics::from(ScreenSpec{window.width_px, window.height_px, 15.6 * kMmPerInch, std::nullopt});
        REQUIRE(metrics.ok());
        for (DemoIntent d : kAllDemoIntents) {
            const Rect r = demo_button_rect(d, window, metrics.value());
            CHECK(r.x_px >= 0);
            CHECK(r.y_px >= 0);
            CHECK(r.right_px() <= window.width_px);
            CHECK(r.bottom_px() <= window.height_px);
            CHECK(metrics.value().px_to_mm(r.height_px) >= 15.0);
        }
    }
    Rig rig;
    rig.presenter->enable_demo_controls(true);
    rig.presenter->present(view_of(cs::IdentifyScreen{}), ScreenHost::now_ms());
    rig.draw();
    // The screen is laid out beside the strip: no keypad key under it.
    const Rect strip = rig.presenter->demo_strip().geometry().strip;
    CHECK(rig.host->screen_size().width_px == strip.x_px);
    for (const Button& key : rig.presenter->identify().keypad().keys()) CHECK(key.rect.right_px() <= strip.x_px);
    const Rect wrong = rig.presenter->demo_strip().geometry().buttons[1];
    const PumpResult result = click(*rig.host, wrong.center());
    REQUIRE(result.intents.size() == 1);
    CHECK(demo_intent(result.intents[0]) == DemoIntent::place_wrong_finger);
}

TEST_CASE("the idle overlay's More-time button produces the MoreTime event, on every kind of screen") {
    Rig rig;
    for (cs::Screen screen : {cs::Screen{cs::IdentifyScreen{}}, cs::Screen{cs::FingerprintScreen{}},
                              cs::Screen{cs::StatusScreen{}}}) {
        cs::SessionView v = view_of(screen);
        v.idle_warning = cs::IdleWarning{12};
        rig.presenter->present(v, ScreenHost::now_ms());
        rig.draw();
        Screen& current = *rig.host->current();
        REQUIRE(current.idle_warning().visible());
        const Rect more = current.idle_warning().button().rect;
        const PumpResult result = click(*rig.host, more.center());
        REQUIRE(result.intents.size() == 1);
        const auto event = rig.presenter->to_event(result.intents[0]);
        REQUIRE(event.has_value());
        CHECK(std::holds_alternative<cs::MoreTime>(*event));
    }
}

TEST_CASE("a PNG is saved per screen change, named after the screen") {
    Rig rig;
    const auto dir = std::filesystem::temp_directory_path() / ("kiosk-presenter-test-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    auto shots = ScreenshotDirectory::open(dir);
    REQUIRE(shots.ok());
    rig.host->set_screenshot_directory(&shots.value());
    rig.presenter->present(view_of(cs::AttractScreen{}), ScreenHost::now_ms());
    rig.draw();
    rig.presenter->present(view_of(cs::PickupScreen{cs::PickupPhase::fetching, cs::Millis{0}}), ScreenHost::now_ms());
    rig.draw();
    rig.presenter->present(view_of(cs::PickupScreen{cs::PickupPhase::take_card, cs::Millis{30'000}}), ScreenHost::now_ms());
    rig.draw();
    CHECK(std::filesystem::exists(dir / "attract-0001.png"));
    CHECK(std::filesystem::exists(dir / "pickup-fetching-0002.png"));
    CHECK(std::filesystem::exists(dir / "pickup-present-0003.png"));
    rig.host->set_screenshot_directory(nullptr);
    std::filesystem::remove_all(dir);
}

TEST_CASE("every screen's texts fit their boxes in both languages on the kiosk's displays") {
    struct Display {
        Size size;
        double diagonal_in;
        bool status_and_identify;  // whether the long status explanations are held to fit here
    };
    // The configured default (portrait 21.5-inch), landscape full HD at 21.5 and 15.6 inches, and a
    // 10.1-inch tablet panel. On the tablet the longest status explanations (PRR with every fact)
    // need more lines than the panel has at the mm-based type sizes; there only the other screens
    // are held to fit.
    const Display displays[] = {{{1080, 1920}, 21.5, true},
                                {{1920, 1080}, 21.5, true},
                                {{1920, 1080}, 15.6, true},
                                {{1280, 800}, 10.1, false}};
    for (const Display& display : displays) {
        Rig rig(display.size, display.diagonal_in);
        for (cs::SessionView v : synthetic_views()) {
            const bool long_texts =
                std::holds_alternative<cs::StatusScreen>(v.screen) || std::holds_alternative<cs::IdentifyScreen>(v.screen);
            if (long_texts && !display.status_and_identify) continue;
            for (Language l : {Language::id, Language::en}) {
                v.language = l;
                rig.presenter->present(v, ScreenHost::now_ms());
                rig.host->current()->invalidate();
                rig.draw();
                for (const TextOverflow& o : rig.host->last_frame_overflows()) {
                    FAIL_CHECK(std::string(rig.host->current()->name())
                               << " at " << display.size.width_px << "x" << display.size.height_px << ": \"" << o.text
                               << "\"");
                }
            }
        }
    }
}

TEST_CASE("on the attract screen a keypad digit starts the session as the NIK's first digit") {
    Rig rig;
    rig.presenter->present(cs::SessionView{}, ScreenHost::now_ms());
    REQUIRE(std::string(rig.host->current()->name()) == "attract");
    const auto digit = rig.host->current()->handle_action(UiAction::digit_key('3'), ScreenHost::now_ms());
    REQUIRE(digit.has_value());
    const auto event = rig.presenter->to_event(*digit);
    REQUIRE(event.has_value());
    REQUIRE(std::holds_alternative<cs::KeypadDigit>(*event));
    CHECK(std::get<cs::KeypadDigit>(*event).digit == '3');
    const auto touch = rig.host->current()->handle_action(UiAction::of(UiActionKind::start), ScreenHost::now_ms());
    REQUIRE(touch.has_value());
    CHECK(std::holds_alternative<cs::StartPressed>(*rig.presenter->to_event(*touch)));
}

TEST_CASE("the demo strip's labels fit their buttons") {
    for (auto [size, diagonal_in] : {std::pair{Size{1280, 800}, 10.1}, std::pair{Size{1920, 1080}, 21.5},
                                     std::pair{Size{1080, 1920}, 21.5}}) {
        Rig rig(size, diagonal_in);
        rig.presenter->enable_demo_controls(true);
        rig.presenter->present(cs::SessionView{}, ScreenHost::now_ms());
        rig.host->current()->invalidate();
        rig.draw();
        for (const TextOverflow& o : rig.host->last_frame_overflows()) {
            FAIL_CHECK("at " << size.width_px << "x" << size.height_px << ": \"" << o.text << "\" needs " << o.needed.width_px << "x" << o.needed.height_px << " in " << o.box.width_px << "x" << o.box.height_px);
        }
    }
}

TEST_CASE("the presenter's screens draw with the host's theme and text renderer") {
    // Only the host is told how the kiosk looks: a palette and a type scale unlike the defaults must
    // reach every screen the presenter shows, and all text must go through the host's renderer.
    Theme unusual;
    unusual.palette.background = Colour{0x20, 0x40, 0x60};
    unusual.type.digit = 16.0;
    const auto corner_colour = [](Rig& rig) {
        std::uint32_t argb = 0;
        rig.host->set_frame_observer([&](const kiosk::ui::Display& d, const Screen&) {
            auto surface = d.read_pixels(Rect{1, 1, 1, 1});
            REQUIRE(surface.ok());
            argb = *static_cast<const std::uint32_t*>(surface.value()->pixels);
        });
        rig.host->current()->invalidate();
        rig.draw();
        rig.host->set_frame_observer(nullptr);
        return argb;
    };
    const auto argb_of = [](Colour c) {
        return 0xFF000000U | std::uint32_t{c.r} << 16 | std::uint32_t{c.g} << 8 | std::uint32_t{c.b};
    };
    Rig plain;
    Rig themed({1280, 800}, 10.1, unusual);
    for (cs::Screen screen : {cs::Screen{cs::AttractScreen{}}, cs::Screen{cs::IdentifyScreen{}},
                              cs::Screen{cs::MessageScreen{cs::MessageKind::card_taken}}}) {
        for (Rig* rig : {&plain, &themed}) rig->presenter->present(view_of(screen), ScreenHost::now_ms());
        CHECK(corner_colour(plain) == argb_of(Palette{}.background));
        CHECK(corner_colour(themed) == argb_of(unusual.palette.background));
    }
    // The identify screen's keypad is laid out at the theme's digit size.
    CHECK(themed.presenter->identify().keypad().keys()[0].label_px > plain.presenter->identify().keypad().keys()[0].label_px);
    // Every label measured and drawn came from the host's text renderer.
    CHECK(themed.text->stats().misses > 0);
    CHECK(themed.text->stats().hits > 0);
}
