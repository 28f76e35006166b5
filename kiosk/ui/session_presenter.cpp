#include "kiosk/ui/session_presenter.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace kiosk::ui {

namespace cs = core::session;

SessionPresenter::SessionPresenter(ScreenHost& host) : host_(host) {
    host_.add_overlay(demo_);
}

SessionPresenter::~SessionPresenter() { host_.remove_overlay(demo_); }

Screen& SessionPresenter::current() const {
    Screen* screen = host_.current();
    return screen != nullptr ? *screen : const_cast<AttractScreen&>(attract_);
}

Screen& SessionPresenter::screen_for(const View& view, std::uint64_t now_ms) {
    return std::visit(
        [&](const auto& v) -> Screen& {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, cs::AttractScreen>) {
                attract_.update(v);
                return attract_;
            } else if constexpr (std::is_same_v<T, cs::IdentifyScreen>) {
                identify_.update(v);
                return identify_;
            } else if constexpr (std::is_same_v<T, cs::FingerprintScreen>) {
                fingerprint_.update(v, now_ms);
                return fingerprint_;
            } else if constexpr (std::is_same_v<T, cs::StatusScreen>) {
                status_.update(v);
                return status_;
            } else if constexpr (std::is_same_v<T, cs::PickupScreen>) {
                pickup_.update(v, now_ms);
                return pickup_;
            } else if constexpr (std::is_same_v<T, cs::MessageScreen>) {
                message_.update(v, now_ms, message_display_ms_);
                return message_;
            } else {
                static_assert(std::is_same_v<T, cs::OutOfServiceScreen>);
                if (v.maintenance && maintenance_reason_) {
                    maintenance_.update(*maintenance_reason_);
                    return maintenance_;
                }
                out_of_service_.update(v);
                return out_of_service_;
            }
        },
        view.screen);
}

void SessionPresenter::present(const View& view, std::uint64_t now_ms) {
    shown_view_ = view;
    const std::size_t kind = view.screen.index();
    // A message met again later is a new message: its countdown restarts.
    if (shown_kind_ != kind) message_.reset();
    Screen& screen = screen_for(view, now_ms);
    screen.set_language(view.language);
    screen.follow_idle_warning(view.idle_warning ? std::optional<int>(view.idle_warning->seconds_left) : std::nullopt,
                               now_ms);
    if (shown_kind_ != kind || host_.current() != &screen) {
        shown_kind_ = kind;
        host_.show(screen);
    }
}

std::optional<cs::Event> SessionPresenter::to_event(const Intent& intent) const {
    switch (intent.kind) {
        case IntentKind::start_session: return cs::StartPressed{};
        case IntentKind::keypad_digit: return cs::KeypadDigit{intent.digit};
        case IntentKind::keypad_backspace: return cs::KeypadBackspace{};
        case IntentKind::keypad_clear: return cs::KeypadClear{};
        case IntentKind::submit: return cs::KeypadSubmit{};
        case IntentKind::cancel: return cs::Cancel{};
        case IntentKind::back: return cs::Back{};
        case IntentKind::set_language: return cs::LanguageSelected{intent.language};
        case IntentKind::more_time: return cs::MoreTime{};
        case IntentKind::prompt_repeated: return cs::MoreTime{};  // the resident is there
        case IntentKind::pickup: return cs::PickupPressed{};
        case IntentKind::demo: return std::nullopt;
        // The staff screens' intents are StaffPresenter's.
        case IntentKind::staff_task:
        case IntentKind::resolve:
        case IntentKind::confirm:
        case IntentKind::loading_done:
        case IntentKind::take_back:
        case IntentKind::bin_emptied:
        case IntentKind::out_of_service:
        case IntentKind::in_service:
        case IntentKind::self_test:
        case IntentKind::inventory_audit: return std::nullopt;
    }
    return std::nullopt;
}

void SessionPresenter::enable_demo_controls(bool enabled) {
    const int before = demo_.reserved_right_px();
    demo_.set_enabled(enabled);
    // The screen is laid out beside the strip: re-adding relayouts the host.
    if (demo_.reserved_right_px() != before) {
        host_.remove_overlay(demo_);
        host_.add_overlay(demo_);
    }
}

std::optional<DemoIntent> demo_intent(const Intent& intent) {
    if (intent.kind != IntentKind::demo) return std::nullopt;
    return intent.demo;
}

Rect demo_button_rect(DemoIntent which, Size window, const PhysicalMetrics& metrics) {
    const DemoStripGeometry g = demo_strip_geometry(window, metrics);
    for (std::size_t i = 0; i < g.buttons.size(); ++i) {
        if (kAllDemoIntents[i] == which) return g.buttons[i];
    }
    return {};
}

}  // namespace kiosk::ui
