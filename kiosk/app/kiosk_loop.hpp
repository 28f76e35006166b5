// KioskLoop: the UI thread's loop. It sleeps in its EventSource (SDL_WaitEvent: zero CPU at the
// attract screen) and wakes for input, for an Inbox push (device answers push an SDL user event), for
// the next frame a screen asked for, or for a timer it needs itself: a Tick every 250 ms only while a
// session runs (so the machine's idle warnings and deadlines fire), the systemd watchdog, and a retry
// of a device that is down. Each wake: input -> events, inbox -> events, each event fed to the
// SessionMachine, its commands executed in order, the view presented, one frame drawn if anything
// changed. All of its time comes from the EventSource.
//
// Staff mode (optional parts): a staff card presented while no resident's session runs (the session
// machine at attract or out of service) goes to the StaffMachine; until it emits EndStaffMode and is
// idle again, its view is shown, the screens' intents are its events, resident taps at the front
// reader are dropped (no session starts under staff mode) and the Tick runs for it. A staff card
// presented during a resident's session is dropped: a session never turns into staff mode. Staff
// taking the kiosk out of (or back into) service is applied through the ServiceDesk, as an
// operator's maintenance is, once the store has confirmed it (InServiceSet ok).
#pragma once

#include "kiosk/app/command_dispatch.hpp"
#include "kiosk/app/config_handoff.hpp"
#include "kiosk/app/demo_world.hpp"
#include "kiosk/app/event_source.hpp"
#include "kiosk/app/frame_timing.hpp"
#include "kiosk/app/management_mailbox.hpp"
#include "kiosk/app/service_desk.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/staff_dispatch.hpp"
#include "kiosk/app/staff_inbox.hpp"
#include "kiosk/app/status_board.hpp"
#include "kiosk/app/systemd_notify.hpp"
#include "kiosk/clock/steady_clock.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/core/staff/staff_machine.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "kiosk/ui/staff_presenter.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace kiosk::app {

struct LoopParts {
    EventSource* events = nullptr;
    ui::ScreenHost* host = nullptr;
    ui::SessionPresenter* presenter = nullptr;
    core::session::SessionMachine* machine = nullptr;
    CommandDispatch* dispatch = nullptr;
    SessionInbox* inbox = nullptr;
    ManagementMailbox* mailbox = nullptr;       // null: nothing comes from the management server
    SystemdNotify* notify = nullptr;            // null: no watchdog
    DemoWorld* demo = nullptr;                   // null outside --demo
    StatusBoard* status = nullptr;               // null: nothing published for management
    SteadyClock* clock = nullptr;                // times each frame's render; null: the real steady clock
    ServiceDesk* desk = nullptr;                 // null: no maintenance orders nor screenshots
    // While faults_pending() (a device down, the store's disk full): retry_faults() every kDeviceRetryMs.
    std::function<void()> retry_faults;
    std::function<bool()> faults_pending;
    bool trace = false;
    std::function<void()> on_first_frame;        // after the first frame is on screen
    // Staff mode; all four or none (null: a staff card is dropped like any card that is not an e-KTP).
    core::staff::StaffMachine* staff = nullptr;
    ui::StaffPresenter* staff_presenter = nullptr;
    StaffDispatch* staff_dispatch = nullptr;
    StaffInbox* staff_inbox = nullptr;
};

inline constexpr std::uint64_t kSessionTickMs = 250;
inline constexpr std::uint64_t kDeviceRetryMs = 5000;

// Registers the SDL user event the inbox pushes; call after SDL started, before any push.
[[nodiscard]] Result<std::uint32_t> register_wake_event();
// The inbox's wake function for that event type (thread-safe: SDL_PushEvent).
[[nodiscard]] std::function<void()> wake_function(const std::uint32_t* event_type);

class KioskLoop {
public:
    explicit KioskLoop(LoopParts parts) : p_(std::move(parts)) {}
    // Runs until SDL_QUIT (window closed, SIGTERM, SIGINT). Errors only when SDL fails.
    Status run();

private:
    void feed(const core::session::Event& event);
    void execute(const core::session::Commands& commands);
    void feed_staff(const core::staff::Event& event);
    void execute_staff(const core::staff::Commands& commands);
    [[nodiscard]] bool staff_active() const;
    // Whether the session machine is where staff mode may begin (no resident's session runs).
    [[nodiscard]] bool session_idle() const;
    void drain_inbox();
    void drain_mailbox();  // and applies what waits for an idle point
    void present();
    void dispatch(const SDL_Event& event, ui::PumpResult& pumped);
    Status render();  // draws a frame if one is due; tells the status board when one was drawn, and its timing
    void say(const std::string& line) const;

    LoopParts p_;
    std::string screen_shown_;
    FrameTiming timing_;
    ConfigHandoff config_handoff_;
    // SetInService commands sent and not yet confirmed, by request id.
    std::vector<std::pair<core::session::RequestId, mgmt::MaintenanceChange>> service_orders_;
};

}  // namespace kiosk::app
