// StoreService: the session's store work, on the store worker's thread (store_worker.hpp).
//
// The pickup's journal commands go to store::PickupJournal (intent before the dispenser moves; each
// closing one transaction with slot, record status, outbox event and audit row). Each journal write
// returns its answer for the session machine (PickupIntentJournaled, PickupStepJournaled): ok only
// once it is durable, so the machine presents a card only after the journal says so.
//
// A card never moves past a journal write that failed. The machine does its part with the failed
// answer (no PresentCard; the card at the read position goes to the bin). This service does the
// rest, with the JournalSettlement (journal_settlement.hpp): a failed step or closing unsettles the
// journal, which takes the dispenser down (journal_unreconciled) before the answer is given, and an
// intent is refused while the journal is unsettled or holds an open entry (a pickup that ended
// without its closing), so no card leaves its slot until reconciliation has settled the last one.
//
// Why a worker, not the UI thread: every write is a synchronous=FULL commit of a few milliseconds,
// and another connection (an import over HTTPS, start-up reconciliation) may hold the write lock for
// a batch; the busy timeout then waits up to seconds, which must never be a frozen screen. The
// worker runs the commands strictly in the order the machine emitted them, so the journal's
// guarantee holds as it did on one thread: the intent is durable before the machine, told so,
// sends the FetchSlot that follows it.
//
// Templates: a lookup loads the resident's enrolled templates into a session cache and hands the
// machine only TemplateRefs; templates_for turns the refs back into bytes for the sensor's worker.
// WipeSession empties the cache. Nothing here logs a NIK, a name or a template.
//
// Thread safety: none of its own. One thread at a time: the store worker's once it runs (main
// loads the lock book before the worker starts, before the first frame).
#pragma once

#include "kiosk/app/fingerprint_service.hpp"
#include "kiosk/app/journal_settlement.hpp"
#include "kiosk/core/session/nik_lock_book.hpp"
#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/store/sqlite.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::app {

class StoreService {
public:
    StoreService(store::Database& database, std::string kiosk_id);

    [[nodiscard]] core::session::Event lookup(const core::session::LookupRecord& command);
    [[nodiscard]] std::vector<EnrolledTemplate> templates_for(const std::vector<core::session::TemplateRef>& refs) const;

    [[nodiscard]] core::session::PickupIntentJournaled journal_intent(const core::session::JournalPickupIntent& command);
    [[nodiscard]] core::session::PickupStepJournaled journal_step(const core::session::JournalPickupStep& command);
    // The closings. A failed done or captured leaves the entry open for start-up reconciliation and
    // lets the RecordStatus / EmitOutboxEvent that follow it be written on their own.
    [[nodiscard]] core::session::PickupStepJournaled journal_done(const core::session::JournalPickupDone& command);
    [[nodiscard]] core::session::PickupStepJournaled journal_captured(const core::session::JournalCaptured& command);
    [[nodiscard]] core::session::PickupStepJournaled journal_aborted(const core::session::JournalPickupAborted& command);
    void record_status(const core::session::RecordStatus& command);
    void emit_outbox(const core::session::EmitOutboxEvent& command);
    void alert_operator(const core::session::AlertOperator& command);

    // The NIK lock book, kept across restarts in the store's nik_locks tables (store/nik_locks.hpp).
    [[nodiscard]] std::vector<core::session::NikLockBook::Entry> load_lock_book();
    void persist_lock_book(const std::vector<core::session::NikLockBook::Entry>& entries);

    // The store's own health (kiosk/core/session StoreHealth): disk_full from the first write that
    // failed for want of space (store::is_disk_full) until probe_write() succeeds. disk_full() from
    // any thread; the rest on the service's thread.
    [[nodiscard]] bool disk_full() const { return disk_full_.load(); }
    // The StoreHealth the session has not been told yet, once per change.
    [[nodiscard]] std::optional<core::session::StoreHealth> health_change();
    // While the disk is full: once the database's file system has kWritableAgainFreeBytes free, one
    // small real write, committed as every write is (a settings row, store::kWriteProbeKey); its
    // success means the disk takes writes again. Nothing while healthy.
    void probe_write();
    static constexpr std::uint64_t kWritableAgainFreeBytes = 1u << 20;  // a pickup's writes, many times over

    // A store failure of other work on this thread (staff mode's, staff_store_service.hpp): logged
    // (no personal data) and, when it was for want of space, the disk counts as full.
    void report_failure(std::string_view event, const Error& error) { report(event, error); }

    void wipe() {
        templates_.clear();
        closing_.reset();
    }

    // Where the dispenser's capture-bin counter can be read (the dispenser service's last reading;
    // negative: unknown), recorded with each pickup intent for start-up reconciliation.
    void set_bin_counter_source(std::function<std::int64_t()> source) { bin_counter_ = std::move(source); }
    // The pickup journal's settlement (it outlives the service); null: no intent waits for one.
    void set_journal_settlement(JournalSettlement* settlement) { settlement_ = settlement; }

private:
    void audit(const std::string& action, const std::string& detail);
    // Logs a store failure; one for want of space marks the disk full.
    void report(std::string_view event, const Error& error);

    [[nodiscard]] std::optional<std::int64_t> open_entry(int slot);
    // Why no pickup may begin now, if none may.
    [[nodiscard]] std::optional<std::string> intent_refusal();
    // The answer to a step or closing; a failed one unsettles the journal first.
    [[nodiscard]] core::session::PickupStepJournaled answered(core::session::RequestId request, bool ok);
    [[nodiscard]] bool closed_by_journal(const core::Nik& nik) const;

    // The last pickup's closing (done / captured), which already wrote the record's status and the
    // outbox event in its transaction; the session's RecordStatus / EmitOutboxEvent that follow it
    // are then satisfied. A failed closing leaves them to be written on their own.
    struct Closing {
        core::Nik nik;
        bool ok = false;
    };

    store::Database& database_;
    std::function<std::int64_t()> bin_counter_;
    JournalSettlement* settlement_ = nullptr;
    std::optional<Closing> closing_;
    std::string kiosk_id_;
    std::map<std::int64_t, EnrolledTemplate> templates_;  // this session's, by TemplateRef id
    std::int64_t next_template_ref_ = 1;
    std::atomic<bool> disk_full_{false};
    bool told_disk_full_ = false;  // what the session was last told
};

}  // namespace kiosk::app
