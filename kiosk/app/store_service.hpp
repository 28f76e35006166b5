// StoreService: the session's store work, on the UI thread.
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
#include <map>
#include <string>
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

    // The NIK lock book, kept in the settings table across restarts.
    [[nodiscard]] std::vector<core::session::NikLockBook::Entry> load_lock_book();
    void persist_lock_book(const std::vector<core::session::NikLockBook::Entry>& entries);

    void wipe() { templates_.clear(); }

private:
    void audit(const std::string& action, const std::string& detail);
    void report(const char* what, const Error& error) const;

    store::Database& database_;
    std::string kiosk_id_;
    std::map<std::int64_t, EnrolledTemplate> templates_;  // this session's, by TemplateRef id
    std::int64_t next_template_ref_ = 1;
};

// The lock book's text form in the settings table: one entry per line,
// "NIK locked_until_ms|- failure_ms,failure_ms,...". Unparseable lines are dropped.
[[nodiscard]] std::string format_lock_book(const std::vector<core::session::NikLockBook::Entry>& entries);
[[nodiscard]] std::vector<core::session::NikLockBook::Entry> parse_lock_book(const std::string& text);

}  // namespace kiosk::app
