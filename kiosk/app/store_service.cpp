#include "kiosk/app/store_service.hpp"

#include "kiosk/app/health_probes.hpp"
#include "kiosk/log/log.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/nik_locks.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/settings.hpp"
#include "kiosk/store/templates.hpp"

#include <filesystem>

namespace kiosk::app {

namespace session = core::session;

namespace {

std::int64_t unix_now_s() { return std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count(); }

std::string slot_detail(int slot) { return "slot " + std::to_string(slot); }

const char* alert_code(session::AlertReason reason) {
    switch (reason) {
        case session::AlertReason::chip_mismatch: return "chip_mismatch";
        case session::AlertReason::chip_forged: return "chip_forged";
        case session::AlertReason::chip_cloned: return "chip_cloned";
        case session::AlertReason::chip_unreadable: return "chip_unreadable";
        case session::AlertReason::fetch_failed: return "fetch_failed";
        case session::AlertReason::present_failed: return "present_failed";
        case session::AlertReason::capture_failed: return "capture_failed";
        case session::AlertReason::dispenser_silent: return "dispenser_silent";
        case session::AlertReason::journal_failed: return "journal_failed";
    }
    return "unknown";
}

}  // namespace

StoreService::StoreService(store::Database& database, std::string kiosk_id)
    : database_(database), kiosk_id_(std::move(kiosk_id)) {}

void StoreService::report(std::string_view event, const Error& error) {
    // Store errors name tables, slots and journal ids, never a NIK (sqlite.hpp, pickup_journal.hpp).
    log::error(event, {log::kv("reason", error.to_string())});
    if (store::is_disk_full(error)) disk_full_.store(true);
}

std::optional<session::StoreHealth> StoreService::health_change() {
    const bool full = disk_full_.load();
    if (full == told_disk_full_) return std::nullopt;
    told_disk_full_ = full;
    if (full) return session::StoreHealth{session::StoreFault::disk_full};
    return session::StoreHealth{};
}

void StoreService::probe_write() {
    if (!disk_full_.load()) return;
    // One small row can fit in pages SQLite freed while a pickup's writes (intent, audit, outbox)
    // still cannot: the disk must first have a margin again, or the kiosk would flap in and out of
    // service and take a resident through NIK and finger to a failed intent.
    const std::string directory = std::filesystem::path(database_.path()).parent_path().string();
    auto space = statvfs_disk_space(directory.empty() ? "." : directory);
    if (!space || space->free_bytes < kWritableAgainFreeBytes) return;
    auto written = [&]() -> Status {
        auto transaction = TRY(store::Transaction::begin(database_, store::TransactionKind::immediate, "store.write_probe"));
        TRY(store::Settings(database_).set(std::string(store::kWriteProbeKey), std::to_string(unix_now_s())));
        return transaction.commit();
    }();
    if (!written) {
        if (!store::is_disk_full(written.error())) report("store.write_probe_failed", written.error());
        return;
    }
    log::info("store.writable_again", {});
    disk_full_.store(false);
}

void StoreService::audit(const std::string& action, const std::string& detail) {
    store::AuditLog audit_log(database_);
    if (auto appended = audit_log.append("kiosk:" + kiosk_id_, action, detail, unix_now_s()); !appended) {
        report("store.audit_failed", appended.error());
    }
}

session::Event StoreService::lookup(const session::LookupRecord& command) {
    store::Records records(database_);
    auto found = records.get(command.nik);
    if (!found) {
        report("store.lookup_failed", found.error());
        return session::LookupFailed{command.request};
    }
    if (!found->has_value()) return session::RecordLookedUp{command.request, std::nullopt};
    const store::Record& stored = **found;
    session::Record record;
    record.status = stored.status;
    record.facts.name = stored.name;
    record.facts.priority = stored.priority;
    if (stored.queue_position) record.facts.queue_position = static_cast<int>(*stored.queue_position);
    if (stored.office_blank_stock) record.facts.office_blank_stock = static_cast<int>(*stored.office_blank_stock);
    record.facts.card_serial = stored.card_serial;
    if (stored.slot) record.slot = static_cast<int>(*stored.slot);
    store::Templates templates(database_);
    auto enrolled = templates.get(command.nik);
    if (!enrolled) {
        report("store.templates_failed", enrolled.error());
        return session::LookupFailed{command.request};
    }
    for (const auto* finger : {&enrolled->first, &enrolled->second}) {
        if (!finger->has_value()) continue;
        const std::int64_t ref = next_template_ref_++;
        EnrolledTemplate bytes{};
        std::copy((*finger)->begin(), (*finger)->end(), bytes.begin());
        templates_.emplace(ref, bytes);
        record.templates.push_back(session::TemplateRef{ref});
    }
    return session::RecordLookedUp{command.request, std::move(record)};
}

std::vector<EnrolledTemplate> StoreService::templates_for(const std::vector<session::TemplateRef>& refs) const {
    std::vector<EnrolledTemplate> out;
    for (const auto& ref : refs) {
        if (auto it = templates_.find(ref.id); it != templates_.end()) out.push_back(it->second);
    }
    return out;
}

std::optional<std::string> StoreService::intent_refusal() {
    if (settlement_ != nullptr && !settlement_->settled()) return "the pickup journal is not reconciled";
    auto open = store::PickupJournal(database_).open_entries();
    if (!open) return open.error().to_string();
    if (!open->empty()) {
        // A pickup ended without its closing (a capture that failed, say): the sensors must settle it.
        if (settlement_ != nullptr) settlement_->unsettle();
        return "journal " + std::to_string(open->front().id) + " is still open";
    }
    return std::nullopt;
}

session::PickupStepJournaled StoreService::answered(session::RequestId request, bool ok) {
    // Before the answer: the dispenser is down before the machine hears of the failure.
    if (!ok && settlement_ != nullptr) settlement_->unsettle();
    return {request, ok};
}

session::PickupIntentJournaled StoreService::journal_intent(const session::JournalPickupIntent& command) {
    closing_.reset();
    if (auto refusal = intent_refusal()) {
        log::error("store.journal_intent_refused", {log::kv("slot", command.slot), log::kv("reason", *refusal)});
        return {command.request, false};
    }
    store::PickupJournal journal(database_);
    const std::optional<std::int64_t> bin_counter =
        bin_counter_ ? std::optional<std::int64_t>(bin_counter_()) : std::nullopt;
    auto begun = journal.begin(command.nik, command.slot, unix_now_s(),
                               bin_counter && *bin_counter >= 0 ? bin_counter : std::nullopt);
    if (!begun) report("store.journal_intent_failed", begun.error());
    return {command.request, begun.ok()};
}

std::optional<std::int64_t> StoreService::open_entry(int slot) {
    store::PickupJournal journal(database_);
    auto entry = journal.open_entry_for_slot(slot);
    if (!entry) {
        report("store.journal_failed", entry.error());
        return std::nullopt;
    }
    if (!entry->has_value()) {
        log::error("store.journal_no_open_pickup", {log::kv("slot", slot)});
        return std::nullopt;
    }
    return (*entry)->id;
}

session::PickupStepJournaled StoreService::journal_step(const session::JournalPickupStep& command) {
    const auto id = open_entry(command.slot);
    if (!id) return answered(command.request, false);
    const store::PickupState state = command.step == session::PickupStep::fetched         ? store::PickupState::fetched
                                     : command.step == session::PickupStep::chip_verified ? store::PickupState::chip_verified
                                                                                          : store::PickupState::presenting;
    store::PickupJournal journal(database_);
    const Status stepped = journal.step(*id, state, unix_now_s());
    if (!stepped) report("store.journal_step_failed", stepped.error());
    return answered(command.request, stepped.ok());
}

session::PickupStepJournaled StoreService::journal_done(const session::JournalPickupDone& command) {
    const auto id = open_entry(command.slot);
    store::PickupJournal journal(database_);
    Status closed = id ? journal.done(*id, unix_now_s()) : Status(fail("store.journal", "no open pickup"));
    if (!closed) report("store.journal_done_failed", closed.error());
    closing_ = Closing{command.nik, closed.ok()};
    return answered(command.request, closed.ok());
}

session::PickupStepJournaled StoreService::journal_captured(const session::JournalCaptured& command) {
    const auto id = open_entry(command.slot);
    store::PickupJournal journal(database_);
    Status closed = id ? journal.captured(*id, session::capture_reason_code(command.reason), unix_now_s())
                       : Status(fail("store.journal", "no open pickup"));
    if (!closed) report("store.journal_captured_failed", closed.error());
    closing_ = Closing{command.nik, closed.ok()};
    return answered(command.request, closed.ok());
}

session::PickupStepJournaled StoreService::journal_aborted(const session::JournalPickupAborted& command) {
    const auto id = open_entry(command.slot);
    if (!id) return answered(command.request, false);
    store::PickupJournal journal(database_);
    const Status closed = journal.aborted(*id, unix_now_s());
    if (!closed) report("store.journal_aborted_failed", closed.error());
    return answered(command.request, closed.ok());
}

bool StoreService::closed_by_journal(const core::Nik& nik) const {
    return closing_ && closing_->ok && closing_->nik == nik;
}

void StoreService::record_status(const session::RecordStatus& command) {
    // After a pickup the journal's closing already set the status in its own transaction.
    if (closed_by_journal(command.nik)) return;
    store::Records records(database_);
    if (auto updated = records.update_status(command.nik, command.status, unix_now_s()); !updated) {
        report("store.record_status_failed", updated.error());
    }
}

void StoreService::emit_outbox(const session::EmitOutboxEvent& command) {
    // After a pickup the journal's closing already queued the event in its own transaction.
    if (closed_by_journal(command.nik)) return;
    // The same kinds and payloads as the journal's own closings (outbox_payloads.hpp).
    const std::string kind(command.kind == session::OutboxKind::card_picked_up ? store::kOutboxCardPickedUp
                                                                               : store::kOutboxCardCaptured);
    const std::int64_t now_s = unix_now_s();
    // The NIK goes to the central system (the one place it may go), never to a log. No journal entry
    // closed this pickup, so its id, the card's serial and a capture's reason are not known here.
    const bool taken = command.kind == session::OutboxKind::card_picked_up;
    const std::optional<std::string> reason = taken ? std::optional<std::string>("taken") : std::nullopt;
    const store::CardEventFacts facts{command.nik, command.slot, now_s, std::nullopt, std::nullopt, reason, false};
    const std::string payload = taken ? store::card_picked_up_payload(facts) : store::card_captured_payload(facts);
    store::Outbox outbox(database_);
    if (auto queued = outbox.enqueue(kind, payload, now_s); !queued) {
        report("store.outbox_failed", queued.error());
    }
}

void StoreService::alert_operator(const session::AlertOperator& command) {
    log::error("operator.alert", {log::kv("reason", alert_code(command.reason)), log::kv("slot", command.slot)});
    audit(std::string("alert.") + alert_code(command.reason), slot_detail(command.slot));
}

std::vector<session::NikLockBook::Entry> StoreService::load_lock_book() {
    auto entries = store::NikLocks(database_).load();
    if (!entries) {
        // The kiosk still starts: with an empty book no NIK is locked until it fails again.
        report("store.lock_book_load_failed", entries.error());
        return {};
    }
    return std::move(entries).value();
}

void StoreService::persist_lock_book(const std::vector<session::NikLockBook::Entry>& entries) {
    if (auto saved = store::NikLocks(database_).replace(entries); !saved) {
        report("store.lock_book_save_failed", saved.error());
    }
}

}  // namespace kiosk::app
