// StoreWorker: the session's store work on a thread of its own, so that the UI thread never waits
// on the database (a second writer, such as an import over HTTPS, may hold the write lock for a
// batch, and the busy timeout would then freeze the screen).
//
// CommandDispatch posts the store's share of the session commands here, in the order the machine
// emitted them. One thread runs them one at a time in exactly that order through StoreService, on
// the connection StoreService was given (used from this thread only while the worker runs), and
// pushes each answer (RecordLookedUp / LookupFailed, PickupIntentJournaled, PickupStepJournaled) into
// the SessionInbox like every device's. A database error becomes the command's failure answer
// (LookupFailed, ok=false), never silence. After each command, a change of the store's own health
// (a write that found the disk full, a probe that found it writable again) is pushed as StoreHealth.
//
// VerifyFingerprint needs the session's template cache, which lives here: the worker turns the refs
// into bytes and hands the verification to the sensor's service from this thread
// (FingerprintCommands::verify only queues a job on the sensor's own worker). A verification thus
// reaches the sensor after the lookup it follows, never before.
//
// Thread safety: post() and stop() from the UI thread; post() holds a mutex only, never waits on the
// database. stop() runs every command posted before it (each bounded by the connection's busy
// timeout: a journal write posted just before a shutdown still reaches the disk), then joins; a
// command posted after it is not run, and one that expects an answer gets its failure at once, so
// the machine never waits for nothing.
#pragma once

#include "kiosk/app/device_commands.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/staff_inbox.hpp"
#include "kiosk/app/store_service.hpp"
#include "kiosk/core/session/nik_lock_book.hpp"
#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/staff/staff_commands.hpp"

#include <cstddef>
#include <mutex>
#include <variant>
#include <vector>

namespace kiosk::app {

// VerifyFingerprint with the sensor's service that runs it (never null).
struct VerifyOnSensor {
    core::session::VerifyFingerprint command;
    FingerprintCommands* sensor = nullptr;
};
// PersistLockBook with the book to save: the machine lives on the UI thread, so the dispatch copies
// SessionMachine::lock_book().entries() there, when the command is emitted.
struct PersistLockBookEntries {
    std::vector<core::session::NikLockBook::Entry> entries;
};

// A staff-machine command that is the store's (staff_dispatch.hpp), run by the StaffStore given to
// StoreWorker::set_staff and answered into the StaffInbox. `inventory`: for AuditInventory, the
// dispenser's inventory by slot from 1 as it was just read (nullopt: it could not be).
struct StaffStoreCommand {
    core::staff::Command command;
    std::optional<std::vector<bool>> inventory;
};
// What runs a StaffStoreCommand: its answer (nullopt for a command that has none, as AuditStaff).
class StaffStore {
public:
    [[nodiscard]] virtual std::optional<core::staff::Event> execute(const StaffStoreCommand& command) = 0;

protected:
    ~StaffStore() = default;
};

// While the disk is full (StoreService::disk_full): try one write (StoreService::probe_write). The
// loop posts it with its device retries.
struct ProbeStore {};

using StoreCommand =
    std::variant<core::session::LookupRecord, VerifyOnSensor, core::session::JournalPickupIntent,
                 core::session::JournalPickupStep, core::session::JournalPickupDone, core::session::JournalCaptured,
                 core::session::JournalPickupAborted, core::session::RecordStatus, core::session::EmitOutboxEvent,
                 core::session::AlertOperator, PersistLockBookEntries, core::session::WipeSession, ProbeStore,
                 StaffStoreCommand>;

class StoreWorker {
public:
    StoreWorker(StoreService& service, SessionInbox& inbox);
    ~StoreWorker();  // stop()
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    void post(StoreCommand command);
    // Where staff commands run and are answered; before the first StaffStoreCommand is posted. Both
    // outlive the worker. Without them a StaffStoreCommand is refused (StoreRequestFailed).
    void set_staff(StaffStore* store, StaffInbox* inbox) {
        staff_store_ = store;
        staff_inbox_ = inbox;
    }
    // Commands waiting (not counting the running one).
    [[nodiscard]] std::size_t queued() const { return worker_.queued(); }
    // Runs what was posted before it, then joins the thread. Idempotent.
    void stop();

private:
    void execute(const StoreCommand& command);
    // The answer of a command that was not run, if it expects one.
    void refuse(const StoreCommand& command);
    void answer(core::session::Event event);

    void refuse_staff(const StaffStoreCommand& command);

    StoreService& service_;
    SessionInbox& inbox_;
    StaffStore* staff_store_ = nullptr;
    StaffInbox* staff_inbox_ = nullptr;
    std::mutex mutex_;      // orders post() against stop()
    bool stopping_ = false;  // guarded by mutex_
    DeviceWorker worker_{"store"};
};

}  // namespace kiosk::app
