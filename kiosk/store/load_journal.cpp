#include "kiosk/store/load_journal.hpp"

#include "kiosk/store/audit.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"

#include <array>
#include <utility>

namespace kiosk::store {
namespace {

using core::staff::CheckResolution;
using core::staff::LoadRefusal;

constexpr std::array<std::pair<LoadState, std::string_view>, 8> kWireCodes = {{
    {LoadState::intent, "intent"},
    {LoadState::stored, "stored"},
    {LoadState::done, "done"},
    {LoadState::aborted, "aborted"},
    {LoadState::operator_check, "operator_check"},
    {LoadState::reconciled_completed, "reconciled_completed"},
    {LoadState::reconciled_aborted, "reconciled_aborted"},
    {LoadState::reconciled_operator_check, "reconciled_operator_check"},
}};

constexpr std::string_view kSelect =
    "SELECT id, nik, card_serial, slot, staff_id, state, reason, resolution, resolved_by, resolved_at, created_at, "
    "updated_at FROM load_journal";
constexpr std::string_view kOpenStates = "('intent', 'stored')";
constexpr std::string_view kOperatorCheckReason = "operator_check";

Result<LoadEntry> entry_from_row(const Statement& row, const char* where) {
    auto nik = core::Nik::parse(row.column_text(1));
    auto state = load_state_from_wire_code(row.column_text(5));
    std::optional<CheckResolution> resolution;
    if (auto code = row.column_optional_text(7)) {
        resolution = core::staff::check_resolution_from_wire_code(*code);
        if (!resolution) return fail(where, "a load journal row breaks the schema's rules");
    }
    if (!nik || !state) return fail(where, "a load journal row breaks the schema's rules");
    return LoadEntry{.id = row.column_int(0),
                     .nik = *nik,
                     .card_serial = row.column_text(2),
                     .slot = row.column_int(3),
                     .staff_id = row.column_text(4),
                     .state = *state,
                     .reason = row.column_optional_text(6),
                     .resolution = resolution,
                     .resolved_by = row.column_optional_text(8),
                     .resolved_at_s = row.column_optional_int(9),
                     .created_at_s = row.column_int(10),
                     .updated_at_s = row.column_int(11)};
}

Result<std::optional<LoadEntry>> select_one(Database& database, const std::string& condition, std::int64_t key,
                                            const char* where) {
    auto statement = TRY(database.cached(std::string(kSelect) + " WHERE " + condition, where));
    TRY(statement->bind(1, key));
    if (!TRY(statement->step())) return std::optional<LoadEntry>{};
    return std::optional<LoadEntry>{TRY(entry_from_row(*statement, where))};
}

Result<std::vector<LoadEntry>> select_all(Database& database, const std::string& condition, const char* where) {
    auto statement = TRY(database.cached(std::string(kSelect) + " WHERE " + condition + " ORDER BY id", where));
    std::vector<LoadEntry> entries;
    while (TRY(statement->step())) entries.push_back(TRY(entry_from_row(*statement, where)));
    return entries;
}

// Whether the query, with these values bound to ?1, ?2, ..., finds a row.
template <class... Values>
Result<bool> exists(Database& database, std::string_view sql, const char* where, const Values&... values) {
    auto statement = TRY(database.cached(sql, where));
    TRY(statement->bind_all(values...));
    return TRY(statement->step());
}

std::string id_text(std::int64_t id) {
    return "load journal entry " + std::to_string(id);
}

bool is_reconciled(LoadState state) {
    return state == LoadState::reconciled_completed || state == LoadState::reconciled_aborted ||
           state == LoadState::reconciled_operator_check;
}

// Why the card (NIK, serial) may not be loaded, as load_verdict documents; nullopt: it may.
// `own_entry`: the open entry loading this very card, which is no obstacle to itself (0: none).
Result<std::optional<LoadRefusal>> card_refusal(Database& database, const core::Nik& nik, const std::string& serial,
                                                std::int64_t own_entry, const char* where) {
    const auto record = TRY(Records(database).get(nik));
    if (!record) return std::optional{LoadRefusal::no_record};
    const bool in_a_slot = TRY(exists(database, "SELECT 1 FROM dispenser_slots WHERE card_serial = ?1", where, serial));
    const bool being_loaded = TRY(exists(database,
                                         "SELECT 1 FROM load_journal WHERE state IN ('intent', 'stored') AND id != ?3 "
                                         "AND (card_serial = ?1 OR nik = ?2)",
                                         where, serial, nik.digits(), own_entry));
    if (in_a_slot || being_loaded || record->status == core::CardStatus::in_kiosk) {
        return std::optional{LoadRefusal::already_in_kiosk};
    }
    if (record->status != core::CardStatus::printed) return std::optional{LoadRefusal::wrong_status};
    if (TRY(exists(database, "SELECT 1 FROM records WHERE card_serial = ?1 AND nik != ?2", where, serial,
                   nik.digits()))) {
        return std::optional{LoadRefusal::duplicate_serial};
    }
    if (record->card_serial && *record->card_serial != serial) return std::optional{LoadRefusal::serial_mismatch};
    return std::optional<LoadRefusal>{};
}

// Why `slot` cannot take a card now; nullopt: it can (EMPTY, no open load or pickup on it).
Result<std::optional<std::string>> slot_obstacle(Database& database, std::int64_t slot, const char* where) {
    const auto held = TRY(Slots(database).get(slot));
    if (!held || held->state != SlotState::empty) return std::optional<std::string>{"is not EMPTY"};
    if (TRY(exists(database, "SELECT 1 FROM load_journal WHERE slot = ?1 AND state IN ('intent', 'stored')", where,
                   slot))) {
        return std::optional<std::string>{"has an open load"};
    }
    if (TRY(exists(database,
                   "SELECT 1 FROM pickup_journal WHERE slot = ?1 AND state IN "
                   "('intent', 'fetched', 'chip_verified', 'presenting')",
                   where, slot))) {
        return std::optional<std::string>{"has an open pickup"};
    }
    return std::optional<std::string>{};
}

Status require_staff(Database& database, const std::string& staff_id, const char* where) {
    if (TRY(Staff(database).get(staff_id))) return {};
    return fail(where, "no staff member " + (is_valid_staff_id(staff_id) ? staff_id : std::string("(invalid id)")));
}

// The card of `entry` is in its slot: slot LOADED, record IN_KIOSK with slot and card serial, outbox
// card.loaded. The slot must be in state `slot_now` (EMPTY, or FAULT for a resolved check) and the
// card still loadable. Inside the caller's transaction.
Status complete_load(Database& database, const LoadEntry& entry, SlotState slot_now,
                     std::optional<std::string_view> reason, bool reconciled, std::int64_t now_s, const char* where) {
    const auto held = TRY(Slots(database).get(entry.slot));
    if (!held || held->state != slot_now) {
        return fail(where, "slot " + std::to_string(entry.slot) + " of " + id_text(entry.id) + " is no longer " +
                               wire_code(slot_now));
    }
    if (const auto refusal = TRY(card_refusal(database, entry.nik, entry.card_serial, entry.id, where))) {
        return fail(where, "the card of " + id_text(entry.id) + " can no longer be loaded (" +
                               std::string(core::staff::wire_code(*refusal)) + ")");
    }
    TRY(Slots(database).load(entry.slot, entry.card_serial, entry.nik, now_s));
    Records records(database);
    TRY(records.update_status(entry.nik, core::CardStatus::in_kiosk, now_s));
    TRY(records.set_slot(entry.nik, entry.slot));
    TRY(records.set_card_serial(entry.nik, entry.card_serial));
    const CardEventFacts facts{.nik = entry.nik,
                               .slot = entry.slot,
                               .at_s = now_s,
                               .journal_id = entry.id,
                               .card_serial = entry.card_serial,
                               .reason = reason ? std::optional<std::string>(*reason) : std::nullopt,
                               .reconciled = reconciled};
    TRY(Outbox(database).enqueue(std::string(kOutboxCardLoaded), card_loaded_payload(facts, entry.staff_id), now_s));
    return {};
}

Status set_state(Database& database, std::int64_t id, LoadState state, std::optional<std::string_view> reason,
                 std::int64_t now_s, const char* where) {
    auto statement = TRY(database.cached(
        "UPDATE load_journal SET state = ?2, reason = coalesce(?3, reason), updated_at = ?4 WHERE id = ?1", where));
    TRY(statement->bind_all(id, wire_code(state), reason, now_s));
    return statement->run();
}

}  // namespace

std::string_view wire_code(LoadState state) {
    for (const auto& [known, code] : kWireCodes) {
        if (known == state) return code;
    }
    return "intent";
}

std::optional<LoadState> load_state_from_wire_code(std::string_view code) {
    for (const auto& [state, known] : kWireCodes) {
        if (known == code) return state;
    }
    return std::nullopt;
}

bool is_open(LoadState state) {
    return state == LoadState::intent || state == LoadState::stored;
}

Result<LoadVerdict> LoadJournal::load_verdict(const core::Nik& nik, const std::string& card_serial) {
    constexpr const char* where = "store.load_journal.load_verdict";
    if (const auto refusal = TRY(card_refusal(*database_, nik, card_serial, 0, where))) {
        return LoadVerdict{std::nullopt, refusal};
    }
    auto statement =
        TRY(database_->cached("SELECT min(slot) FROM dispenser_slots WHERE state = 'EMPTY' "
                              "AND slot NOT IN (SELECT slot FROM load_journal WHERE state IN ('intent', 'stored')) "
                              "AND slot NOT IN (SELECT slot FROM pickup_journal WHERE state IN "
                              "('intent', 'fetched', 'chip_verified', 'presenting'))",
                              where));
    const auto slot = TRY(statement->step()) ? statement->column_optional_int(0) : std::nullopt;
    if (!slot) return LoadVerdict{std::nullopt, LoadRefusal::magazine_full};
    return LoadVerdict{slot, std::nullopt};
}

Result<std::int64_t> LoadJournal::begin(const core::Nik& nik, const std::string& card_serial, std::int64_t slot,
                                        const std::string& staff_id, std::int64_t now_s) {
    constexpr const char* where = "store.load_journal.begin";
    if (card_serial.empty()) return fail(where, "a load names the card's serial");
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    TRY(require_staff(*database_, staff_id, where));
    if (const auto refusal = TRY(card_refusal(*database_, nik, card_serial, 0, where))) {
        return fail(where, "the card is refused (" + std::string(core::staff::wire_code(*refusal)) + ")");
    }
    if (const auto obstacle = TRY(slot_obstacle(*database_, slot, where))) {
        return fail(where, "slot " + std::to_string(slot) + " " + *obstacle);
    }
    auto insert = TRY(
        database_->cached("INSERT INTO load_journal (nik, card_serial, slot, staff_id, state, created_at, updated_at) "
                          "VALUES (?1, ?2, ?3, ?4, 'intent', ?5, ?5)",
                          where));
    TRY(insert->bind_all(nik.digits(), card_serial, slot, staff_id, now_s));
    TRY(insert->run());
    const std::int64_t id = database_->last_insert_rowid();
    const std::string detail = "journal=" + std::to_string(id) + " slot=" + std::to_string(slot);
    TRY(AuditLog(*database_).append(staff_actor(staff_id), "load.intent", detail, now_s));
    TRY(transaction.commit());
    return id;
}

Status LoadJournal::stored(std::int64_t id, std::int64_t now_s) {
    constexpr const char* where = "store.load_journal.stored";
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    const auto entry = TRY(get(id));
    if (!entry) return fail(where, "no " + id_text(id));
    if (!is_open(entry->state)) {
        return fail(where, id_text(id) + " is closed (" + std::string(wire_code(entry->state)) + ")");
    }
    TRY(set_state(*database_, id, LoadState::stored, std::nullopt, now_s, where));
    return transaction.commit();
}

Status LoadJournal::done(std::int64_t id, std::int64_t now_s) {
    return close(id, LoadState::done, Effect::completed, {}, std::nullopt, now_s, "store.load_journal.done");
}

Status LoadJournal::aborted(std::int64_t id, std::string_view reason, AbortedLoadCard card, std::int64_t now_s) {
    return close(id, LoadState::aborted, Effect::card_out, reason, card, now_s, "store.load_journal.aborted");
}

Status LoadJournal::operator_check(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, LoadState::operator_check, Effect::needs_operator, reason, std::nullopt, now_s,
                 "store.load_journal.operator_check");
}

Status LoadJournal::reconciled_completed(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, LoadState::reconciled_completed, Effect::completed, reason, std::nullopt, now_s,
                 "store.load_journal.reconciled_completed");
}

Status LoadJournal::reconciled_aborted(std::int64_t id, std::string_view reason, AbortedLoadCard card,
                                       std::int64_t now_s) {
    return close(id, LoadState::reconciled_aborted, Effect::card_out, reason, card, now_s,
                 "store.load_journal.reconciled_aborted");
}

Status LoadJournal::reconciled_operator_check(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, LoadState::reconciled_operator_check, Effect::needs_operator, reason, std::nullopt, now_s,
                 "store.load_journal.reconciled_operator_check");
}

Status LoadJournal::close(std::int64_t id, LoadState final_state, Effect effect, std::string_view reason,
                          std::optional<AbortedLoadCard> card, std::int64_t now_s, const char* where) {
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    const auto found = TRY(get(id));
    if (!found) return fail(where, "no " + id_text(id));
    const LoadEntry& entry = *found;
    if (!is_open(entry.state)) {
        return fail(where, id_text(id) + " is already closed (" + std::string(wire_code(entry.state)) + ")");
    }
    // In staff mode "aborted" means the card never went into the slot, which the store move's reply
    // (stored) contradicts; a disagreement after it is an operator check.
    if (final_state == LoadState::aborted && entry.state != LoadState::intent) {
        return fail(where, id_text(id) + " is past intent (" + std::string(wire_code(entry.state)) +
                               "): the dispenser stored the card, it cannot be aborted");
    }
    const bool reconciled = is_reconciled(final_state);
    std::string_view audit_action;
    switch (effect) {
        case Effect::completed:
            TRY(complete_load(*database_, entry, SlotState::empty,
                              reason.empty() ? std::nullopt : std::optional<std::string_view>(reason), reconciled,
                              now_s, where));
            audit_action = "load.done";
            break;
        case Effect::card_out:
            if (card == AbortedLoadCard::captured) {
                TRY(CaptureBin(*database_).record(entry.card_serial, entry.nik, reason, now_s));
            }
            audit_action = "load.aborted";
            break;
        case Effect::needs_operator:
            TRY(Slots(*database_).mark_fault(entry.slot));
            audit_action = "load.needs_check";
            break;
    }
    std::string detail = "journal=" + std::to_string(id) + " slot=" + std::to_string(entry.slot) +
                         " from=" + std::string(wire_code(entry.state));
    if (!reason.empty()) detail += " reason=" + std::string(reason);
    if (card) detail += card == AbortedLoadCard::captured ? " card=captured" : " card=returned";
    if (reconciled) detail += " reconciled staff=" + entry.staff_id;
    TRY(AuditLog(*database_)
            .append(reconciled ? "kiosk" : staff_actor(entry.staff_id), std::string(audit_action), detail, now_s));
    TRY(set_state(*database_, id, final_state, reason.empty() ? std::nullopt : std::optional<std::string_view>(reason),
                  now_s, where));
    return transaction.commit();
}

Status LoadJournal::resolve(std::int64_t id, CheckResolution resolution, const std::string& staff_id,
                            std::int64_t now_s) {
    constexpr const char* where = "store.load_journal.resolve";
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    const auto found = TRY(get(id));
    if (!found) return fail(where, "no " + id_text(id));
    const LoadEntry& entry = *found;
    const auto slot = TRY(Slots(*database_).get(entry.slot));
    const bool check = entry.state == LoadState::operator_check || entry.state == LoadState::reconciled_operator_check;
    if (!check || entry.resolution || !slot || slot->state != SlotState::fault) {
        return fail(where, id_text(id) + " is not awaiting an operator");
    }
    TRY(require_staff(*database_, staff_id, where));
    switch (resolution) {
        case CheckResolution::in_slot:
            TRY(complete_load(*database_, entry, SlotState::fault, kOperatorCheckReason, false, now_s, where));
            break;
        case CheckResolution::in_bin:
            TRY(CaptureBin(*database_).record(entry.card_serial, entry.nik, kOperatorCheckReason, now_s));
            TRY(Slots(*database_).clear(entry.slot));
            break;
        case CheckResolution::taken: TRY(Slots(*database_).clear(entry.slot)); break;
    }
    auto statement = TRY(database_->cached(
        "UPDATE load_journal SET resolution = ?2, resolved_by = ?3, resolved_at = ?4, updated_at = ?4 WHERE id = ?1",
        where));
    TRY(statement->bind_all(id, core::staff::wire_code(resolution), staff_id, now_s));
    TRY(statement->run());
    const std::string detail = "journal=" + std::to_string(id) + " slot=" + std::to_string(entry.slot) +
                               " resolution=" + std::string(core::staff::wire_code(resolution));
    TRY(AuditLog(*database_).append(staff_actor(staff_id), "load.resolved", detail, now_s));
    return transaction.commit();
}

Result<std::optional<LoadEntry>> LoadJournal::get(std::int64_t id) {
    return select_one(*database_, "id = ?1", id, "store.load_journal.get");
}

Result<std::optional<LoadEntry>> LoadJournal::open_entry_for_slot(std::int64_t slot) {
    return select_one(*database_, "slot = ?1 AND state IN " + std::string(kOpenStates), slot,
                      "store.load_journal.open_entry_for_slot");
}

Result<std::vector<LoadEntry>> LoadJournal::open_entries() {
    return select_all(*database_, "state IN " + std::string(kOpenStates), "store.load_journal.open_entries");
}

Result<std::vector<LoadEntry>> LoadJournal::awaiting_operator() {
    return select_all(*database_,
                      "state IN ('operator_check', 'reconciled_operator_check') AND resolution IS NULL AND slot IN "
                      "(SELECT slot FROM dispenser_slots WHERE state = 'FAULT')",
                      "store.load_journal.awaiting_operator");
}

}  // namespace kiosk::store
