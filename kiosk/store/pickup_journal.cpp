#include "kiosk/store/pickup_journal.hpp"

#include "kiosk/store/audit.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"

#include <array>
#include <utility>

namespace kiosk::store {
namespace {

constexpr std::array<std::pair<PickupState, std::string_view>, 11> kWireCodes = {{
    {PickupState::intent, "intent"},
    {PickupState::fetched, "fetched"},
    {PickupState::chip_verified, "chip_verified"},
    {PickupState::presenting, "presenting"},
    {PickupState::done, "done"},
    {PickupState::captured, "captured"},
    {PickupState::aborted, "aborted"},
    {PickupState::reconciled_aborted, "reconciled_aborted"},
    {PickupState::reconciled_taken, "reconciled_taken"},
    {PickupState::reconciled_captured, "reconciled_captured"},
    {PickupState::reconciled_operator_check, "reconciled_operator_check"},
}};

constexpr std::string_view kSelect =
    "SELECT id, nik, slot, card_serial, state, reason, bin_counter_at_begin, created_at, updated_at, purpose, "
    "staff_id, resolution, resolved_by, resolved_at FROM pickup_journal";
constexpr std::string_view kOpenStates = "('intent', 'fetched', 'chip_verified', 'presenting')";

std::optional<PickupPurpose> purpose_from_wire_code(std::string_view code) {
    for (const PickupPurpose purpose : {PickupPurpose::pickup, PickupPurpose::return_}) {
        if (code == wire_code(purpose)) return purpose;
    }
    return std::nullopt;
}

Result<PickupEntry> entry_from_row(const Statement& row, const char* where) {
    auto nik = core::Nik::parse(row.column_text(1));
    auto state = pickup_state_from_wire_code(row.column_text(4));
    auto purpose = purpose_from_wire_code(row.column_text(9));
    std::optional<core::staff::CheckResolution> resolution;
    if (auto code = row.column_optional_text(11)) {
        resolution = core::staff::check_resolution_from_wire_code(*code);
        if (!resolution) return fail(where, "a pickup journal row breaks the schema's rules");
    }
    if (!nik || !state || !purpose) return fail(where, "a pickup journal row breaks the schema's rules");
    return PickupEntry{.id = row.column_int(0),
                       .nik = *nik,
                       .slot = row.column_int(2),
                       .card_serial = row.column_optional_text(3),
                       .state = *state,
                       .reason = row.column_optional_text(5),
                       .bin_counter_at_begin = row.column_optional_int(6),
                       .created_at_s = row.column_int(7),
                       .updated_at_s = row.column_int(8),
                       .purpose = *purpose,
                       .staff_id = row.column_optional_text(10),
                       .resolution = resolution,
                       .resolved_by = row.column_optional_text(12),
                       .resolved_at_s = row.column_optional_int(13)};
}

Result<std::optional<PickupEntry>> select_one(Database& database, std::string_view condition, std::int64_t key,
                                              const char* where) {
    auto statement = TRY(database.cached(std::string(kSelect) + " WHERE " + std::string(condition), where));
    TRY(statement->bind(1, key));
    if (!TRY(statement->step())) return std::optional<PickupEntry>{};
    return std::optional<PickupEntry>{TRY(entry_from_row(*statement, where))};
}

// Every entry that meets `condition`, oldest first.
Result<std::vector<PickupEntry>> select_all(Database& database, const std::string& condition, const char* where) {
    auto statement = TRY(database.cached(std::string(kSelect) + " WHERE " + condition + " ORDER BY id", where));
    std::vector<PickupEntry> entries;
    while (TRY(statement->step())) entries.push_back(TRY(entry_from_row(*statement, where)));
    return entries;
}

Status set_state(Database& database, std::int64_t id, PickupState state, std::optional<std::string_view> reason,
                 std::int64_t now_s, const char* where) {
    auto statement = TRY(database.cached(
        "UPDATE pickup_journal SET state = ?2, reason = coalesce(?3, reason), updated_at = ?4 WHERE id = ?1", where));
    TRY(statement->bind_all(id, wire_code(state), reason, now_s));
    return statement->run();
}

std::string id_text(std::int64_t id) {
    return "pickup journal entry " + std::to_string(id);
}

// The order of the open states; a step never moves backwards.
int rank(PickupState state) {
    switch (state) {
        case PickupState::intent: return 0;
        case PickupState::fetched: return 1;
        case PickupState::chip_verified: return 2;
        case PickupState::presenting: return 3;
        default: return -1;
    }
}

bool is_reconciled(PickupState state) {
    return state == PickupState::reconciled_aborted || state == PickupState::reconciled_taken ||
           state == PickupState::reconciled_captured || state == PickupState::reconciled_operator_check;
}

bool is_return(const PickupEntry& entry) {
    return entry.purpose == PickupPurpose::return_;
}

// The audit log's names: "pickup.done", "return.done", ...
std::string action(const PickupEntry& entry, std::string_view step) {
    return std::string(is_return(entry) ? "return." : "pickup.") + std::string(step);
}

// Who an audit row names: the staff member for what staff did, the kiosk for its own closings.
std::string actor(const PickupEntry& entry, bool reconciled) {
    return is_return(entry) && !reconciled && entry.staff_id ? staff_actor(*entry.staff_id) : "kiosk";
}

CardEventFacts facts_of(const PickupEntry& entry, std::string_view reason, bool reconciled, std::int64_t now_s) {
    return CardEventFacts{.nik = entry.nik,
                          .slot = entry.slot,
                          .at_s = now_s,
                          .journal_id = entry.id,
                          .card_serial = entry.card_serial,
                          .reason = std::string(reason),
                          .reconciled = reconciled};
}

enum class CardLeft { taken, captured };

// The card of `entry` left its slot for good: the slot is EMPTY, the record PICKED_UP (RETURNED for
// a take-back) or CAPTURED without a slot, the outbox has the event, a captured card is in the
// capture bin's list. Inside the caller's transaction.
Status card_left_machine(Database& database, const PickupEntry& entry, CardLeft how, std::string_view reason,
                         bool reconciled, std::int64_t now_s, const char* where) {
    Records records(database);
    TRY(Slots(database).clear(entry.slot));
    const bool taken = how == CardLeft::taken;
    const core::CardStatus status = !taken             ? core::CardStatus::captured
                                    : is_return(entry) ? core::CardStatus::returned
                                                       : core::CardStatus::picked_up;
    if (!TRY(records.update_status(entry.nik, status, now_s))) {
        return fail(where, "the resident's record for " + id_text(entry.id) + " is gone");
    }
    TRY(records.set_slot(entry.nik, std::nullopt));
    const CardEventFacts facts = facts_of(entry, reason, reconciled, now_s);
    std::string_view kind;
    std::string payload;
    if (!taken) {
        kind = kOutboxCardCaptured;
        payload = card_captured_payload(facts);
        TRY(CaptureBin(database).record(entry.card_serial, entry.nik, reason, now_s));
    } else if (is_return(entry)) {
        kind = kOutboxCardReturned;
        payload = card_returned_payload(facts, entry.staff_id.value_or(""));
    } else {
        kind = kOutboxCardPickedUp;
        payload = card_picked_up_payload(facts);
    }
    TRY(Outbox(database).enqueue(std::string(kind), payload, now_s));
    return {};
}

// When the card of `entry` was loaded into its slot, as the load journal recorded it; nullopt when
// it has no record of it (a card loaded before the load journal existed).
Result<std::optional<std::int64_t>> load_time_of(Database& database, const PickupEntry& entry, const char* where) {
    auto statement = TRY(database.cached(
        "SELECT max(coalesce(resolved_at, updated_at)) FROM load_journal WHERE nik = ?1 AND slot = ?2 AND "
        "(state IN ('done', 'reconciled_completed') OR resolution = 'in_slot')",
        where));
    TRY(statement->bind_all(entry.nik.digits(), entry.slot));
    if (!TRY(statement->step())) return std::optional<std::int64_t>{};
    return statement->column_optional_int(0);
}

}  // namespace

std::string_view wire_code(PickupState state) {
    for (const auto& [known, code] : kWireCodes) {
        if (known == state) return code;
    }
    return "intent";
}

std::optional<PickupState> pickup_state_from_wire_code(std::string_view code) {
    for (const auto& [state, known] : kWireCodes) {
        if (known == code) return state;
    }
    return std::nullopt;
}

bool is_open(PickupState state) {
    return rank(state) >= 0;
}

std::string_view wire_code(PickupPurpose purpose) {
    return purpose == PickupPurpose::return_ ? "return" : "pickup";
}

Result<std::int64_t> PickupJournal::begin(const core::Nik& nik, std::int64_t slot, std::int64_t now_s,
                                          std::optional<std::int64_t> bin_counter_at_begin) {
    return begin_entry(nik, slot, PickupPurpose::pickup, std::nullopt, now_s, bin_counter_at_begin);
}

Result<std::int64_t> PickupJournal::begin_return(const core::Nik& nik, std::int64_t slot, const std::string& staff_id,
                                                 std::int64_t now_s, std::optional<std::int64_t> bin_counter_at_begin) {
    return begin_entry(nik, slot, PickupPurpose::return_, staff_id, now_s, bin_counter_at_begin);
}

Result<std::int64_t> PickupJournal::begin_entry(const core::Nik& nik, std::int64_t slot, PickupPurpose purpose,
                                                const std::optional<std::string>& staff_id, std::int64_t now_s,
                                                std::optional<std::int64_t> bin_counter_at_begin) {
    const char* where =
        purpose == PickupPurpose::return_ ? "store.pickup_journal.begin_return" : "store.pickup_journal.begin";
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    if (staff_id && !TRY(Staff(*database_).get(*staff_id))) {
        return fail(where, "no staff member " + (is_valid_staff_id(*staff_id) ? *staff_id : "(invalid id)"));
    }

    if (const auto open = TRY(open_entry_for_slot(slot))) {
        return fail(where, "slot " + std::to_string(slot) + " already has an open pickup (" + id_text(open->id) + ")");
    }
    const auto held = TRY(Slots(*database_).get(slot));
    if (!held || held->state != SlotState::loaded || held->nik != nik) {
        return fail(where, "slot " + std::to_string(slot) + " does not hold this resident's card");
    }
    const auto record = TRY(Records(*database_).get(nik));
    if (!record || record->status != core::CardStatus::in_kiosk) {
        return fail(where, "the resident's record for slot " + std::to_string(slot) + " is not IN_KIOSK");
    }

    auto insert = TRY(database_->cached(
        "INSERT INTO pickup_journal (nik, slot, card_serial, state, bin_counter_at_begin, created_at, updated_at, "
        "purpose, staff_id) VALUES (?1, ?2, ?3, 'intent', ?4, ?5, ?5, ?6, ?7)",
        where));
    TRY(insert->bind_all(nik.digits(), slot, held->card_serial, bin_counter_at_begin, now_s, wire_code(purpose),
                         staff_id));
    TRY(insert->run());
    const std::int64_t id = database_->last_insert_rowid();
    const std::string detail = "journal=" + std::to_string(id) + " slot=" + std::to_string(slot);
    const bool take_back = purpose == PickupPurpose::return_;
    TRY(AuditLog(*database_)
            .append(take_back ? staff_actor(*staff_id) : "kiosk", take_back ? "return.intent" : "pickup.intent", detail,
                    now_s));
    TRY(transaction.commit());
    return id;
}

Status PickupJournal::step(std::int64_t id, PickupState step, std::int64_t now_s) {
    constexpr const char* where = "store.pickup_journal.step";
    if (step != PickupState::fetched && step != PickupState::chip_verified && step != PickupState::presenting) {
        return fail(where, "not a pickup step: " + std::string(wire_code(step)));
    }
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    const auto entry = TRY(get(id));
    if (!entry) return fail(where, "no " + id_text(id));
    if (!is_open(entry->state)) {
        return fail(where, id_text(id) + " is closed (" + std::string(wire_code(entry->state)) + ")");
    }
    if (rank(step) < rank(entry->state)) {
        return fail(where, id_text(id) + " cannot go back from " + std::string(wire_code(entry->state)) + " to " +
                               std::string(wire_code(step)));
    }
    TRY(set_state(*database_, id, step, std::nullopt, now_s, where));
    return transaction.commit();
}

Status PickupJournal::done(std::int64_t id, std::int64_t now_s) {
    return close(id, PickupState::done, Effect::picked_up, "taken", now_s, "store.pickup_journal.done");
}

Status PickupJournal::captured(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, PickupState::captured, Effect::captured, reason, now_s, "store.pickup_journal.captured");
}

Status PickupJournal::aborted(std::int64_t id, std::int64_t now_s) {
    return close(id, PickupState::aborted, Effect::slot_keeps_card, "aborted", now_s, "store.pickup_journal.aborted");
}

Status PickupJournal::reconciled_aborted(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, PickupState::reconciled_aborted, Effect::slot_keeps_card, reason, now_s,
                 "store.pickup_journal.reconciled_aborted");
}

Status PickupJournal::reconciled_taken(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, PickupState::reconciled_taken, Effect::picked_up, reason, now_s,
                 "store.pickup_journal.reconciled_taken");
}

Status PickupJournal::reconciled_captured(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, PickupState::reconciled_captured, Effect::captured, reason, now_s,
                 "store.pickup_journal.reconciled_captured");
}

Status PickupJournal::reconciled_operator_check(std::int64_t id, std::string_view reason, std::int64_t now_s) {
    return close(id, PickupState::reconciled_operator_check, Effect::needs_operator, reason, now_s,
                 "store.pickup_journal.reconciled_operator_check");
}

Status PickupJournal::close(std::int64_t id, PickupState final_state, Effect effect, std::string_view reason,
                            std::int64_t now_s, const char* where) {
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    const auto found = TRY(get(id));
    if (!found) return fail(where, "no " + id_text(id));
    const PickupEntry& entry = *found;
    if (!is_open(entry.state)) {
        return fail(where, id_text(id) + " is already closed (" + std::string(wire_code(entry.state)) + ")");
    }
    // The session's own closings are only legal from the states that make them true: a card can be
    // taken only once presented, and "aborted" means it never left the slot (so only from intent).
    if (final_state == PickupState::done && entry.state != PickupState::presenting) {
        return fail(where, id_text(id) + " was not presenting (" + std::string(wire_code(entry.state)) + ")");
    }
    if (final_state == PickupState::aborted && entry.state != PickupState::intent) {
        return fail(where, id_text(id) + " is past intent (" + std::string(wire_code(entry.state)) +
                               "): the card left its slot, it cannot be aborted");
    }

    const bool reconciled = is_reconciled(final_state);
    std::string_view audit_step;
    switch (effect) {
        case Effect::picked_up:
        case Effect::captured: {
            const bool taken = effect == Effect::picked_up;
            TRY(card_left_machine(*database_, entry, taken ? CardLeft::taken : CardLeft::captured, reason, reconciled,
                                  now_s, where));
            audit_step = taken ? "done" : "captured";
            break;
        }
        case Effect::slot_keeps_card: audit_step = "aborted"; break;
        case Effect::needs_operator:
            TRY(Slots(*database_).mark_fault(entry.slot));
            TRY(Outbox(*database_)
                    .enqueue(std::string(kOutboxPickupNeedsCheck),
                             pickup_needs_check_payload(facts_of(entry, reason, reconciled, now_s)), now_s));
            audit_step = "needs_check";
            break;
    }
    std::string detail = "journal=" + std::to_string(id) + " slot=" + std::to_string(entry.slot) +
                         " from=" + std::string(wire_code(entry.state)) + " reason=" + std::string(reason);
    if (reconciled) detail += " reconciled";
    if (is_return(entry) && reconciled && entry.staff_id) detail += " staff=" + *entry.staff_id;
    TRY(AuditLog(*database_).append(actor(entry, reconciled), action(entry, audit_step), detail, now_s));
    TRY(set_state(*database_, id, final_state, reason, now_s, where));
    return transaction.commit();
}

Status PickupJournal::resolve(std::int64_t id, core::staff::CheckResolution resolution, const std::string& staff_id,
                              std::int64_t now_s) {
    constexpr const char* where = "store.pickup_journal.resolve";
    using core::staff::CheckResolution;
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    const auto found = TRY(get(id));
    if (!found) return fail(where, "no " + id_text(id));
    const PickupEntry& entry = *found;
    const auto slot = TRY(Slots(*database_).get(entry.slot));
    if (entry.state != PickupState::reconciled_operator_check || entry.resolution || !slot ||
        slot->state != SlotState::fault) {
        return fail(where, id_text(id) + " is not awaiting an operator");
    }
    if (!TRY(Staff(*database_).get(staff_id))) {
        return fail(where, "no staff member " + (is_valid_staff_id(staff_id) ? staff_id : "(invalid id)"));
    }
    constexpr std::string_view kReason = "operator_check";
    switch (resolution) {
        case CheckResolution::taken:
            TRY(card_left_machine(*database_, entry, CardLeft::taken, kReason, false, now_s, where));
            break;
        case CheckResolution::in_bin:
            TRY(card_left_machine(*database_, entry, CardLeft::captured, kReason, false, now_s, where));
            break;
        case CheckResolution::in_slot: {
            const auto record = TRY(Records(*database_).get(entry.nik));
            if (!record || record->status != core::CardStatus::in_kiosk || record->slot != entry.slot) {
                return fail(where, "the record of " + id_text(id) + " is no longer IN_KIOSK in slot " +
                                       std::to_string(entry.slot) + "; the card cannot go back into service");
            }
            const auto serial = entry.card_serial ? entry.card_serial : record->card_serial;
            if (!serial) return fail(where, id_text(id) + " names no card serial to put back in the slot");
            const auto loaded_at_s = TRY(load_time_of(*database_, entry, where));
            TRY(Slots(*database_).load(entry.slot, *serial, entry.nik, loaded_at_s.value_or(now_s)));
            break;
        }
    }
    auto statement = TRY(database_->cached(
        "UPDATE pickup_journal SET resolution = ?2, resolved_by = ?3, resolved_at = ?4, updated_at = ?4 WHERE id = ?1",
        where));
    TRY(statement->bind_all(id, core::staff::wire_code(resolution), staff_id, now_s));
    TRY(statement->run());
    const std::string detail = "journal=" + std::to_string(id) + " slot=" + std::to_string(entry.slot) +
                               " resolution=" + std::string(core::staff::wire_code(resolution));
    TRY(AuditLog(*database_).append(staff_actor(staff_id), action(entry, "resolved"), detail, now_s));
    return transaction.commit();
}

Result<std::optional<PickupEntry>> PickupJournal::get(std::int64_t id) {
    return select_one(*database_, "id = ?1", id, "store.pickup_journal.get");
}

Result<std::optional<PickupEntry>> PickupJournal::open_entry_for_slot(std::int64_t slot) {
    return select_one(*database_, "slot = ?1 AND state IN " + std::string(kOpenStates), slot,
                      "store.pickup_journal.open_entry_for_slot");
}

Result<std::vector<PickupEntry>> PickupJournal::open_entries() {
    return select_all(*database_, "state IN " + std::string(kOpenStates), "store.pickup_journal.open_entries");
}

Result<std::vector<PickupEntry>> PickupJournal::awaiting_operator() {
    return select_all(*database_,
                      "state = 'reconciled_operator_check' AND resolution IS NULL AND slot IN "
                      "(SELECT slot FROM dispenser_slots WHERE state = 'FAULT')",
                      "store.pickup_journal.awaiting_operator");
}

}  // namespace kiosk::store
