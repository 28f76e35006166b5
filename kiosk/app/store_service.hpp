// StoreService: the session's store work, on the UI thread.
//
// The pickup's journal commands go to store::PickupJournal (intent before the dispenser moves; each
// closing one transaction with slot, record status, outbox event and audit row).
//
// Why the UI thread: a record lookup is a primary-key read on a cached statement (~5 µs, measured by
// bench/store_bench), and the writes (the pickup journal, the record's status, the outbox, the
// audit) happen only during a pickup, a handful per session, each one synchronous=FULL commit of a
// few milliseconds while the screen shows a still pickup page. Running them here, in the order the
// machine emitted them, gives the journal's guarantee for free: the intent is durable before the
// FetchSlot that follows it is even handed to the dispenser's worker.
//
// Templates: a lookup loads the resident's enrolled templates into a session cache and hands the
// machine only TemplateRefs; VerifyFingerprint turns the refs back into bytes for the sensor's
// worker. WipeSession empties the cache. Nothing here logs a NIK, a name or a template.
#pragma once

#include "kiosk/app/fingerprint_service.hpp"
#include "kiosk/core/session/nik_lock_book.hpp"
#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/store/sqlite.hpp"

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
    void journal_step(const core::session::JournalPickupStep& command);
    void journal_done(const core::session::JournalPickupDone& command);
    void journal_captured(const core::session::JournalCaptured& command);
    void journal_aborted(const core::session::JournalPickupAborted& command);
    void record_status(const core::session::RecordStatus& command);
    void emit_outbox(const core::session::EmitOutboxEvent& command);
    void alert_operator(const core::session::AlertOperator& command);

    // The NIK lock book, kept across restarts in the store's nik_locks tables (store/nik_locks.hpp).
    [[nodiscard]] std::vector<core::session::NikLockBook::Entry> load_lock_book();
    void persist_lock_book(const std::vector<core::session::NikLockBook::Entry>& entries);

    void wipe() {
        templates_.clear();
        closing_.reset();
    }

    // Where the dispenser's capture-bin counter can be read (the dispenser service's last reading;
    // negative: unknown), recorded with each pickup intent for start-up reconciliation.
    void set_bin_counter_source(std::function<std::int64_t()> source) { bin_counter_ = std::move(source); }

private:
    void audit(const std::string& action, const std::string& detail);
    static void report(std::string_view event, const Error& error);

    [[nodiscard]] std::optional<std::int64_t> open_entry(int slot);
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
    std::optional<Closing> closing_;
    std::string kiosk_id_;
    std::map<std::int64_t, EnrolledTemplate> templates_;  // this session's, by TemplateRef id
    std::int64_t next_template_ref_ = 1;
};

}  // namespace kiosk::app
