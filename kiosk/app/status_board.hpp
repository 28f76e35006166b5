// StatusBoard: the kiosk's status as the management interface reports it (mgmt::KioskStatus),
// published by the UI thread from exactly what the session machine sees: the device health events
// it is fed, the commands it emits, the view it shows, the frames the loop draws, and the operator's
// maintenance as the ServiceDesk holds it. The management server's thread reads snapshots; it never
// touches the machine or SDL.
//
// Activity (mgmt::KioskActivity), counted from the events and commands:
// - a session ends at WipeSession: on the message it showed last (MessageKind), else cancelled (the
//   event that ended it was Cancel or Back), out_of_service (DeviceHealth, MaintenanceMode) or
//   timed_out (anything else: the idle timeout fires on the event that finds it due);
// - a fingerprint result counts when it answers the VerifyFingerprint the machine waits on (a stale
//   or cancelled attempt's answer does not);
// - a pickup opens at JournalPickupIntent and ends at JournalPickupDone (taken), JournalCaptured
//   (captured; also counted in captures by reason), JournalPickupAborted or an intent the store
//   refused (aborted), or at WipeSession while still open (failed: where the card is is unknown);
// - the store is failing from a LookupFailed or a refused intent until the next answer it gives.
// The state's age (KioskStatus::state_age_ms) runs on the board's steady clock from the view or the
// stopping that changed the state; a change of reason alone (out of service for a device, then for
// maintenance) does not restart it: the kiosk has been out of service all along.
//
// Thread safety: the on_* calls from the UI thread, snapshot() and answered_snapshot() from any
// thread. Each call holds the board's lock only to copy or count, never across work.
#pragma once

#include "kiosk/clock/steady_clock.hpp"
#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/core/session/session_view.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::app {

// The CUSS state and reason a view stands for: the attract screen is available, a screen of a
// resident's session is active, the out-of-service screen is unavailable with its reason.
[[nodiscard]] std::pair<mgmt::ApplicationState, mgmt::StateReason> cuss_state_of(const core::session::SessionView& view);

class StatusBoard final : public mgmt::StatusSource {
public:
    // Uptime is measured on `clock` from this construction.
    StatusBoard(std::string kiosk_id, std::string version, std::int64_t started_unix_s,
                const core::session::DeviceHealthSnapshot& initial, SteadyClock& clock = real_steady_clock());

    void on_event(const core::session::Event& event);  // DeviceHealth changes a device's line; see above
    void on_command(const core::session::Command& command);  // see above
    void on_view(const core::session::SessionView& view);
    void on_frame(std::int64_t unix_ms);
    // One frame drawn and presented: how long that took, and for each input the frame shows, the
    // time from the input to the frame (seconds).
    void on_frame_timing(double render_s, const std::vector<double>& input_to_frame_s);
    // The operator's maintenance (a view out of service for the store's own fault, StoreHealth, is
    // reported OUT_OF_SERVICE_INTERNAL with the store's fault).
    void on_maintenance(const mgmt::MaintenanceStatus& maintenance);
    void on_stopping();

    [[nodiscard]] mgmt::KioskStatus snapshot() const override;
    // Copies none of the activity: what a status or health request costs the UI thread's lock.
    [[nodiscard]] mgmt::KioskStatus answered_snapshot() const override;

private:
    SteadyClock& clock_;
    SteadyClock::time_point started_;
    mutable std::mutex mutex_;
    // What ended a session, by the event that caused its WipeSession (when no message was shown).
    enum class Ending { timed_out, cancelled, out_of_service };
    void end_pickup(mgmt::PickupOutcome outcome);  // requires mutex_

    // Sets the state and reason; a state other than the current one restarts the state's age.
    void set_state(mgmt::ApplicationState state, mgmt::StateReason reason);  // requires mutex_

    // Guarded by mutex_. status_ leaves uptime_s, state_age_ms and activity at their defaults: they
    // are kept apart (started_, state_entered_, activity_) and put in by snapshot(), so that
    // answered_snapshot() is a plain copy (mgmt::status_as_answered's fields).
    mgmt::KioskStatus status_;
    mgmt::KioskActivity activity_;
    SteadyClock::time_point state_entered_;  // guarded by mutex_: when status_.state last changed
    bool stopping_ = false;     // guarded by mutex_
    // The session's bookkeeping, guarded by mutex_.
    std::optional<core::session::MessageKind> message_shown_;
    Ending ending_ = Ending::timed_out;
    std::optional<core::session::RequestId> finger_awaited_;
    std::optional<core::session::RequestId> pickup_open_;
};

}  // namespace kiosk::app
