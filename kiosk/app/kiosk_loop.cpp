#include "kiosk/app/kiosk_loop.hpp"

#include "kiosk/app/staff_store_service.hpp"
#include "kiosk/app/trace_names.hpp"
#include "kiosk/ui/sdl_display.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace kiosk::app {

namespace session = core::session;

Result<std::uint32_t> register_wake_event() {
    const std::uint32_t type = SDL_RegisterEvents(1);
    if (type == static_cast<std::uint32_t>(-1)) return fail(ui::sdl_error("app.loop", "no SDL user event left"));
    return type;
}

std::function<void()> wake_function(const std::uint32_t* event_type) {
    return [event_type] {
        SDL_Event event{};
        event.type = *event_type;
        SDL_PushEvent(&event);  // a full SDL queue already guarantees a wake
    };
}

void KioskLoop::say(const std::string& line) const {
    std::fputs((line + "\n").c_str(), stdout);  // one call: workers print lines too
    std::fflush(stdout);
}

void KioskLoop::execute(const session::Commands& commands) {
    for (const auto& command : commands) {
        if (p_.trace) say("command " + std::string(command_name(command)));
        if (p_.status) p_.status->on_command(command);
        p_.dispatch->execute(command, *p_.machine);
    }
}

void KioskLoop::feed(const session::Event& event) {
    if (p_.trace && !std::holds_alternative<session::Tick>(event)) say("event " + std::string(event_name(event)));
    if (p_.status) p_.status->on_event(event);
    execute(p_.machine->handle(p_.events->wall_now(), event));
    if (p_.desk) p_.desk->settle(*p_.machine, [this](const session::Event& next) { feed(next); });
}

bool KioskLoop::staff_active() const { return p_.staff != nullptr && p_.staff->phase() != core::staff::Phase::idle; }

bool KioskLoop::session_idle() const {
    return p_.machine->phase() == session::Phase::attract || p_.machine->phase() == session::Phase::out_of_service;
}


void KioskLoop::execute_staff(const core::staff::Commands& commands) {
    for (const auto& command : commands) {
        if (p_.trace) say("staff-command " + std::string(staff_command_name(command)));
        if (const auto* order = std::get_if<core::staff::SetInService>(&command)) {
            mgmt::MaintenanceChange change;
            change.on = !order->in_service;
            if (order->reason) change.reason = service_reason_words(*order->reason);
            service_orders_.emplace_back(order->request, std::move(change));
        }
        p_.staff_dispatch->execute(command);
    }
}

void KioskLoop::feed_staff(const core::staff::Event& event) {
    if (p_.trace && !std::holds_alternative<core::staff::Tick>(event)) {
        say("staff-event " + std::string(staff_event_name(event)));
    }
    if (const auto* set = std::get_if<core::staff::InServiceSet>(&event)) {
        const auto order = std::find_if(service_orders_.begin(), service_orders_.end(),
                                        [&](const auto& o) { return o.first == set->request; });
        if (order != service_orders_.end()) {
            // Durable and audited first; only then does the kiosk change its service.
            if (set->ok && p_.desk) {
                p_.desk->order_from_staff(order->second, *p_.machine, [this](const session::Event& next) { feed(next); });
            }
            service_orders_.erase(order);
        }
    }
    execute_staff(p_.staff->handle(p_.events->wall_now(), event));
}

void KioskLoop::drain_inbox() {
    // Answers that arrive while events are handled are fed too; keep going until the inbox is quiet,
    // bounded so a misbehaving producer cannot starve the frame.
    for (int round = 0; round < 64; ++round) {
        auto events = p_.inbox->drain();
        std::vector<core::staff::Event> staff_events;
        if (p_.staff_inbox) staff_events = p_.staff_inbox->drain();
        if (events.empty() && staff_events.empty()) return;
        for (const auto& event : events) {
            // No resident's session starts under staff mode; the resident taps again afterwards.
            if (staff_active() && std::holds_alternative<session::CardTapped>(event)) continue;
            feed(event);
        }
        for (const auto& event : staff_events) {
            if (!p_.staff || !p_.staff_dispatch) continue;
            if (std::holds_alternative<core::staff::StaffCardPresented>(event) && !staff_active() && !session_idle()) {
                if (p_.trace) say("staff card ignored: a resident's session runs");
                continue;
            }
            feed_staff(event);
        }
    }
}

void KioskLoop::drain_mailbox() {
    if (!p_.mailbox) return;
    for (const ManagementMessage& message : p_.mailbox->drain()) {
        if (const auto* changed = std::get_if<ConfigChanged>(&message)) config_handoff_.receive(changed->effective);
    }
    if (auto notice = config_handoff_.take_notice()) p_.presenter->set_notice(*notice);
    if (config_handoff_.apply_when_idle(*p_.machine) && p_.trace) say("config applied");
}

namespace {

// The resident's buttons by what they do, for the trace (digit keys are left out: keyboards type them).
const char* action_name(ui::UiActionKind kind) {
    switch (kind) {
        case ui::UiActionKind::submit: return "submit";
        case ui::UiActionKind::cancel: return "cancel";
        case ui::UiActionKind::back: return "back";
        case ui::UiActionKind::start: return "start";
        case ui::UiActionKind::more_time: return "more_time";
        case ui::UiActionKind::pickup: return "pickup";
        default: return nullptr;
    }
}

}  // namespace

void KioskLoop::present() {
    const session::SessionView view = p_.machine->view();
    if (p_.status) p_.status->on_view(view);
    const bool staff_shown = p_.staff_presenter != nullptr && p_.staff != nullptr &&
                             p_.staff_presenter->present(p_.staff->view(), p_.events->now_ms());
    if (!staff_shown) p_.presenter->present(view, p_.events->now_ms());
    const ui::Screen& screen = staff_shown ? static_cast<const ui::Screen&>(p_.staff_presenter->current())
                                           : p_.presenter->current();
    const std::string name(screen.name());
    if (name == screen_shown_) return;
    screen_shown_ = name;
    if (!p_.trace) return;
    say("screen " + name);
    // Where the screen's buttons are, in window pixels, so that a test can press them like a finger.
    for (const auto& target : screen.all_targets()) {
        std::optional<std::string> action;
        if (staff_shown) action = ui::staff_target_name(target.action);
        else if (const char* resident = action_name(target.action.kind)) action = resident;
        if (!action) continue;
        const auto& r = target.rect;
        say("target " + *action + " " + std::to_string(r.x_px) + "," + std::to_string(r.y_px) + "," +
            std::to_string(r.width_px) + "," + std::to_string(r.height_px));
    }
}

Status KioskLoop::run() {
    EventSource& events = *p_.events;
    drain_inbox();
    present();
    TRY(render());
    if (p_.on_first_frame) p_.on_first_frame();

    const auto watchdog = p_.notify ? p_.notify->watchdog_interval() : std::nullopt;
    std::uint64_t next_watchdog_ms = events.now_ms();
    std::uint64_t next_tick_ms = events.now_ms() + kSessionTickMs;
    std::uint64_t next_retry_ms = events.now_ms() + kDeviceRetryMs;

    for (;;) {
        std::uint64_t now_ms = events.now_ms();
        // The earliest thing due; nullopt: nothing, sleep until an event.
        std::optional<std::uint64_t> due_ms;
        auto consider = [&](std::uint64_t at_ms) { due_ms = due_ms ? std::min(*due_ms, at_ms) : at_ms; };
        const bool in_session = !session_idle() || staff_active();
        if (in_session) consider(next_tick_ms);
        if (watchdog) consider(next_watchdog_ms);
        if (p_.faults_pending && p_.faults_pending()) consider(next_retry_ms);
        if (auto budget = p_.host->wait_budget_ms(now_ms)) consider(now_ms + *budget);

        ui::PumpResult pumped;
        std::optional<SDL_Event> woken;
        if (!due_ms) woken = TRY(events.wait(std::nullopt));
        else if (*due_ms > now_ms) woken = TRY(events.wait(*due_ms - now_ms));
        if (woken) dispatch(*woken, pumped);
        while (auto queued = events.poll()) dispatch(*queued, pumped);
        if (pumped.quit_requested) return {};

        for (const auto& intent : pumped.intents) {
            if (auto demo = ui::demo_intent(intent)) {
                if (p_.trace) say("demo control");
                if (p_.demo) p_.demo->act(*demo);
            } else if (staff_active() && p_.staff_presenter != nullptr) {
                if (auto staff_event = p_.staff_presenter->to_event(intent)) feed_staff(*staff_event);
            } else if (auto session_event = p_.presenter->to_event(intent)) {
                feed(*session_event);
            }
        }
        drain_inbox();
        if (p_.desk) p_.desk->serve(*p_.machine, [this](const session::Event& next) { feed(next); });

        now_ms = events.now_ms();
        if (now_ms >= next_tick_ms) {
            next_tick_ms = now_ms + kSessionTickMs;
            feed(session::Tick{});
            if (staff_active()) feed_staff(core::staff::Tick{});
            drain_inbox();
        }
        if (p_.faults_pending && now_ms >= next_retry_ms) {
            next_retry_ms = now_ms + kDeviceRetryMs;
            if (p_.faults_pending() && p_.retry_faults) p_.retry_faults();
        }
        if (watchdog && now_ms >= next_watchdog_ms) {
            // Sent from the loop itself, so a hung loop (not just a live process) trips the watchdog.
            p_.notify->watchdog();
            next_watchdog_ms = now_ms + static_cast<std::uint64_t>(watchdog->count());
        }
        drain_mailbox();
        present();
        TRY(render());
    }
}

void KioskLoop::dispatch(const SDL_Event& event, ui::PumpResult& pumped) {
    timing_.on_dispatched(event);
    p_.host->dispatch(event, p_.events->now_ms(), pumped);
}

Status KioskLoop::render() {
    SteadyClock& clock = p_.clock != nullptr ? *p_.clock : real_steady_clock();
    const auto started = clock.now();
    const bool drawn = TRY(p_.host->render_if_needed(p_.events->now_ms()));
    const auto render_time = clock.now() - started;
    const auto input_to_frame_s = timing_.take_shown(drawn, p_.events->now_ms());
    if (drawn && p_.status) {
        p_.status->on_frame(std::chrono::duration_cast<std::chrono::milliseconds>(
                                p_.events->wall_now().time_since_epoch())
                                .count());
        p_.status->on_frame_timing(std::chrono::duration<double>(render_time).count(), input_to_frame_s);
    }
    return {};
}

}  // namespace kiosk::app
