// ServiceDesk: the UI thread's side of the requests that change the kiosk's service or read its
// screen: an operator's maintenance order and screenshot. They arrive through a DeskInbox, a small mailbox of their own that
// wakes the loop exactly like the SessionInbox (an SDL user event: no polling, zero idle CPU), and
// are answered through each request's ReplySlot, so the asking thread waits with its own deadline
// and the UI thread never waits on it.
//
//   - MaintenanceOrder: handed to the MaintenanceSwitch (maintenance.hpp); answered with the state
//     right after, once the machine was told (active, or pending while a session runs).
//   - ScreenshotOrder: the current screen is redrawn and, with that frame drawn and not yet
//     presented, the view it was drawn from decides (screen_privacy.hpp): the frame's pixels, or
//     personal_data_on_screen with no pixel read. The PNG encoding is the asker's (off this thread).
//
// The desk publishes the operator's maintenance to the presenter (the maintenance screen's words)
// and to the status board. UI thread only, except DeskInbox::push.
#pragma once

#include "kiosk/app/inbox.hpp"
#include "kiosk/app/maintenance.hpp"
#include "kiosk/app/reply_slot.hpp"
#include "kiosk/app/status_board.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/operator_routes.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/sdl_handles.hpp"
#include "kiosk/ui/session_presenter.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace kiosk::app {

// What a screenshot order gets back.
struct FrameCapture {
    enum class Outcome { captured, personal_data_on_screen, failed };
    Outcome outcome = Outcome::failed;
    ui::SurfacePtr pixels;  // captured: the frame as drawn, ARGB8888 (freeing it is safe on any thread)
    std::string failure;    // failed: why, in words without personal data
};

struct MaintenanceOrder {
    mgmt::MaintenanceChange change;
    std::shared_ptr<ReplySlot<mgmt::MaintenanceStatus>> reply;
};
struct ScreenshotOrder {
    std::shared_ptr<ReplySlot<FrameCapture>> reply;
};
using DeskRequest = std::variant<MaintenanceOrder, ScreenshotOrder>;
// Small: the server asks one thing at a time, so a full desk means the UI thread stopped answering.
inline constexpr std::size_t kDeskInboxCapacity = 16;
using DeskInbox = Inbox<DeskRequest>;

class ServiceDesk {
public:
    // Hands the machine an event: the loop's own feed, so that the status board and the trace see
    // it and the desk settles again after it.
    using Feed = std::function<void(const core::session::Event&)>;

    // Publishes `maintenance`'s state at once (the first frame already shows a persisted
    // maintenance). `status` may be null.
    ServiceDesk(DeskInbox& inbox, MaintenanceSwitch maintenance, ui::SessionPresenter& presenter, ui::ScreenHost& host,
                StatusBoard* status);

    // The machine's maintenance flag at its start (DeviceHealthSnapshot::maintenance).
    [[nodiscard]] bool machine_flag() const { return maintenance_.machine_flag(); }
    [[nodiscard]] const MaintenanceSwitch& maintenance() const { return maintenance_; }

    // Takes every request that arrived, in order, with `machine` as it is now.
    void serve(const core::session::SessionMachine& machine, const Feed& feed);
    // A staff member took the kiosk out of service, or put it back, at the kiosk (staff mode), once
    // the store had it durable: applied exactly as an operator's order.
    void order_from_staff(const mgmt::MaintenanceChange& change, const core::session::SessionMachine& machine,
                          const Feed& feed);
    // Tells the machine what maintenance it must now be in; call after every event it handled.
    void settle(const core::session::SessionMachine& machine, const Feed& feed);

private:
    void capture(ScreenshotOrder order);
    void publish();

    DeskInbox& inbox_;
    MaintenanceSwitch maintenance_;
    ui::SessionPresenter& presenter_;
    ui::ScreenHost& host_;
    StatusBoard* status_;
    std::optional<mgmt::MaintenanceStatus> published_;
};

}  // namespace kiosk::app
