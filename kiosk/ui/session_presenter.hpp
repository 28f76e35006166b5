// SessionPresenter: the one place where the session machine's view becomes screens, and the screens'
// intents become the machine's events. The application owns the machine and the loop:
//
//   presenter.present(machine.view(), ScreenHost::now_ms());
//   auto pumped = host.wait_and_pump();
//   for (const Intent& intent : pumped->intents) {
//       if (auto event = presenter.to_event(intent)) commands = machine.handle(now, *event);
//       else if (auto demo = demo_intent(intent)) simulators.act(*demo);
//   }
//
// The presenter owns one screen per kind of view and the demo strip. present() switches screens when
// the kind of view changes (the host then saves a screenshot named after the new screen, see
// Screen::name(): attract, identify, fingerprint, status-in_kiosk, pickup-present, message-locked,
// out-of-service-maintenance, maintenance, ...) and otherwise updates the current screen in place.
// Language and the idle warning ("Tambah waktu / More time", on every screen) follow the view. An
// operator's maintenance shows the maintenance screen with their note instead of the out-of-service
// screen (set_maintenance_reason). Main thread only.
#pragma once

#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_view.hpp"
#include "kiosk/ui/demo_strip.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/screens/attract_screen.hpp"
#include "kiosk/ui/screens/fingerprint_screen.hpp"
#include "kiosk/ui/screens/identify_screen.hpp"
#include "kiosk/ui/screens/maintenance_screen.hpp"
#include "kiosk/ui/screens/message_screen.hpp"
#include "kiosk/ui/screens/out_of_service_screen.hpp"
#include "kiosk/ui/screens/pickup_screen.hpp"
#include "kiosk/ui/screens/status_screen.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::ui {

// The brief's "View" is kiosk::core::session::SessionView (session_view.hpp).
using View = core::session::SessionView;

class SessionPresenter {
public:
    // Registers the demo strip as an overlay of `host` (hidden until enable_demo_controls(true)).
    // The screens take their theme and text renderer from the host, through the LayoutContext and
    // Painter it hands them: the host is the one place that says how the kiosk looks.
    explicit SessionPresenter(ScreenHost& host);
    ~SessionPresenter();
    SessionPresenter(const SessionPresenter&) = delete;
    SessionPresenter& operator=(const SessionPresenter&) = delete;

    // Shows what the view says: switches screen when the kind of view changes, updates the current
    // one otherwise; sets language and idle warning.
    void present(const core::session::SessionView& view, std::uint64_t now_ms);
    // The session event a UI intent means; nullopt when the intent is handled inside the UI or is a
    // demo intent.
    [[nodiscard]] std::optional<core::session::Event> to_event(const Intent& intent) const;
    // Demo controls (F12 toggles a panel; only when enabled): intents from it come out as DemoIntent.
    void enable_demo_controls(bool enabled);

    // The operator's note while their maintenance is in effect (nullopt: none): an out-of-service
    // view in maintenance then shows the maintenance screen with it. Takes effect at the next present().
    void set_maintenance_reason(std::optional<std::string> reason) { maintenance_reason_ = std::move(reason); }
    // The view last presented: what the current frame is drawn from.
    [[nodiscard]] const View& shown_view() const { return shown_view_; }

    // How long the session machine shows an end-of-session message (SessionConfig::message_display),
    // for the message screen's countdown. Default 12 s.
    void set_message_display_ms(std::uint64_t ms) { message_display_ms_ = ms; }
    // The operators' notice on the attract screen ([kiosk] notice); empty: none.
    void set_notice(std::string text) { attract_.set_notice(std::move(text)); }

    [[nodiscard]] Screen& current() const;
    [[nodiscard]] const DemoStrip& demo_strip() const { return demo_; }
    [[nodiscard]] IdentifyScreen& identify() { return identify_; }
    [[nodiscard]] AttractScreen& attract() { return attract_; }
    [[nodiscard]] FingerprintScreen& fingerprint() { return fingerprint_; }
    [[nodiscard]] StatusScreen& status() { return status_; }
    [[nodiscard]] PickupScreen& pickup() { return pickup_; }
    [[nodiscard]] MessageScreen& message() { return message_; }
    [[nodiscard]] OutOfServiceScreen& out_of_service() { return out_of_service_; }
    [[nodiscard]] MaintenanceScreen& maintenance() { return maintenance_; }

private:
    Screen& screen_for(const core::session::SessionView& view, std::uint64_t now_ms);

    ScreenHost& host_;
    DemoStrip demo_;
    AttractScreen attract_;
    IdentifyScreen identify_;
    FingerprintScreen fingerprint_;
    StatusScreen status_;
    PickupScreen pickup_;
    MessageScreen message_;
    OutOfServiceScreen out_of_service_;
    MaintenanceScreen maintenance_;
    std::optional<std::string> maintenance_reason_;
    View shown_view_;
    std::optional<std::size_t> shown_kind_;
    std::uint64_t message_display_ms_ = 12'000;
};

// Which demo control an intent came from; nullopt for every other intent.
[[nodiscard]] std::optional<DemoIntent> demo_intent(const Intent& intent);

// Pure geometry for tests driving the UI with xdotool: where each demo button is for a window size
// and density (the strip shown).
[[nodiscard]] Rect demo_button_rect(DemoIntent which, Size window, const PhysicalMetrics& metrics);

}  // namespace kiosk::ui
