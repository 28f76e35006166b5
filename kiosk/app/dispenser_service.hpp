// DispenserService: owns the card dispenser's driver on its own DeviceWorker and executes the
// session's FetchSlot / PresentCard / CaptureCard commands, answering each with exactly one event
// (SlotFetched / CardPresentResult / CardCaptured) in the SessionInbox, plus DeviceHealth when the
// dispenser goes down or comes back.
//
// Slots: `slot` is the store's number (1-based); the service maps it to the device's position.
//
// The pickup journal (journal_settlement.hpp): the dispenser is up only while the journal is
// settled. Until start-up reconciliation succeeded, and from any failed journal write until a
// reconciliation succeeds again, it is reported down with DeviceFault::journal_unreconciled (no
// session offers a pickup; the status and /healthz show the reason). Reconciliation runs on the
// worker once the device answered, before the dispenser is reported up; a failed one is tried again
// on connect() (the loop calls it while the dispenser is down) when the settlement's backoff
// allows, never while a card of a session is out of its slot (its session's capture comes first).
// Stopping: every wait of the driver is cut short by the worker's stop token (a card presented at the
// mouth would otherwise hold stop() for up to its take timeout). A command that a stop cut short
// parks the card (park_card): none is left where a person could take it while the kiosk is down.
//
// Thread safety: public members from the UI thread; the driver lives on the worker.
#pragma once

#include "drivers/dispenser/dispenser.hpp"
#include "kiosk/app/config/config.hpp"
#include "kiosk/app/device_commands.hpp"
#include "kiosk/app/device_health_reporter.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/journal_settlement.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/staff_inbox.hpp"
#include "kiosk/clock/steady_clock.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kiosk::app {

class DispenserService final : public DispenserCommands {
public:
    // Reconciles the pickup journal with the device (startup_reconciliation.hpp), on the worker,
    // with the device open and answering; a failure keeps the dispenser down and is tried again.
    // Null: nothing to reconcile, the journal settles at the first open.
    using Reconcile = std::function<Status(dispenser::Dispenser&)>;
    // `journal` outlives the service; the service takes its on_unsettled listener, so every other
    // thread that unsettles it (the store worker) stops before the service is destroyed. `clock`
    // (outlives the service) keeps the driver's own waits: the take timeout, its status polls.
    DispenserService(SessionInbox& inbox, const DispenserSection& config, serial::PortSpec port_spec,
                     JournalSettlement& journal, Reconcile reconcile = {}, SteadyClock& clock = real_steady_clock());
    ~DispenserService();
    DispenserService(const DispenserService&) = delete;
    DispenserService& operator=(const DispenserService&) = delete;

    // Opens the device on the worker and initialises it without moving a card (keep_card), so that
    // start-up reconciliation sees the card path exactly as a power cut left it. With the device
    // open and the journal unsettled: reconciles again, when due.
    void connect();
    void fetch(core::session::RequestId request, int slot) override;
    void present(core::session::RequestId request, core::session::Millis take_timeout) override;
    void capture(core::session::RequestId request) override;
    [[nodiscard]] bool up() const { return health_.up(); }
    // The capture bin's counter as last read (at open and after each capture); -1: unknown.
    [[nodiscard]] std::int64_t bin_counter() const;
    // The consumables as last read on the worker, for the management interface: the magazine by the
    // inventory at each open, less each card fetched since; the bin's counter at open and after each
    // capture, its full sensor at open and from a capture refused as bin_full; the firmware at open.
    // Any thread; it copies under a lock the worker holds only to publish, never across device I/O.
    [[nodiscard]] mgmt::DispenserReading reading() const;
    // Cuts the running command short (its card parked, see park_card), drops the queued ones and
    // joins the worker, inside the unit's TimeoutStopSec (20 s).
    void stop();

    // --- staff mode (kiosk/core/staff/staff_commands.hpp; dispenser_staff.cpp). Each runs on the
    // worker after what was posted before it and is answered with exactly one event in the inbox
    // given to set_staff_inbox() (called once, before any of these; it outlives the service). A card
    // inserted for loading, or fetched for a take-back, counts as out of its slot (no reconciliation
    // runs) until it is stored, taken or captured.
    void set_staff_inbox(StaffInbox* inbox) { staff_inbox_ = inbox; }
    void begin_loading(core::session::RequestId request);                              // LoadingReady
    void await_inserted_card(core::session::RequestId request, core::session::Millis wait);  // CardInserted
    void stop_loading(core::session::RequestId request);                               // LoadingStopped
    // Stores the card at the read position into `slot` (from 1), then reads the inventory: it agrees
    // when it shows exactly the slots believed occupied before, plus this one.
    void store_card(core::session::RequestId request, int slot);  // CardStoredInSlot
    void return_to_mouth(core::session::RequestId request, core::session::Millis take_timeout);  // CardReturnedToMouth
    void capture_for_staff(core::session::RequestId request);                  // CardCaptured (staff inbox)
    void fetch_for_return(core::session::RequestId request, int slot);         // FetchedForReturn
    void present_to_staff(core::session::RequestId request, core::session::Millis take_timeout);  // CardPresentedToStaff
    void reset_bin_counter(core::session::RequestId request);                  // BinCounterReset
    // The self-test's share: initialize without moving a card, then the sensors at rest. Calls
    // `done` on the worker with the fault found (nullopt: passed).
    void self_test(std::function<void(std::optional<core::session::DeviceFault>)> done);
    // The inventory as the device reads it now, by slot from 1 (index 0 is slot 1); nullopt when it
    // could not be read. Calls `done` on the worker.
    void read_inventory(std::function<void(std::optional<std::vector<bool>>)> done);

private:
    bool ensure_open();
    // The device answered: reconcile the journal when due, read the bin, report whether it can
    // serve. False when its status could not be read (nothing reported up).
    bool report_readiness();
    void reconcile_if_due();
    // Up, unless the journal is unsettled or the bin is full. Under health_mutex_, so that a
    // journal failure reported from the store's thread cannot be overtaken by a stale "up".
    void report_state(bool bin_full);
    void journal_unsettled();  // the settlement's listener: any thread
    void note_failure(const dispenser::DispenserError& error);
    void park_card();
    void read_bin_counter();
    void read_inventory_and_firmware();
    void note_fetched(int slot);  // the card left `slot` (store numbering) for the read position
    void publish(const std::function<void(mgmt::DispenserReading&)>& change);
    void publish_magazine();  // the magazine's reading from occupied_
    void answer_staff(core::staff::Event event);
    // The worker's share of a fetch and a capture, for the session and staff mode alike (card_out_,
    // the magazine and bin readings, a failed capture unsettling the journal).
    core::session::DispenserOutcome fetch_card(int slot);
    core::session::DispenserOutcome capture_card();
    // A take from the mouth (present and wait) for staff: taken, not taken, or a fault.
    core::session::TakeOutcome present_for_staff(core::session::Millis take_timeout);

    SessionInbox& inbox_;
    DispenserSection config_;
    serial::PortSpec port_spec_;
    SteadyClock& clock_;

    JournalSettlement& journal_;
    Reconcile reconcile_;
    // A session's card may be out of its slot: from a fetch until its capture, or its present
    // ending taken (or the fetch finding the slot empty). Worker thread only.
    bool card_out_ = false;
    bool parked_ = false;                           // worker thread only: a stop's park is done
    std::unique_ptr<dispenser::Dispenser> device_;  // worker thread only
    std::vector<bool> occupied_;  // worker thread only: by device position, as last read or fetched
    mutable std::mutex reading_mutex_;
    mgmt::DispenserReading reading_;  // guarded by reading_mutex_
    // The machine starts with the dispenser down (not_responding) until it answered; the first
    // report is sent all the same, so that a failed open says why (disconnected).
    DeviceHealthReporter health_;
    std::mutex health_mutex_;  // orders report_state() against journal_unsettled()
    StaffInbox* staff_inbox_ = nullptr;
    DeviceWorker worker_{"dispenser"};
};

}  // namespace kiosk::app
