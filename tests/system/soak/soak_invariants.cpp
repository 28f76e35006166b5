#include "tests/system/soak/soak_invariants.hpp"

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/sqlite.hpp"
#include "tests/system/soak/soak_facts.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace kiosk::soak {

namespace dsim = dispenser::sim;

namespace {

struct JournalRow {
    std::int64_t id = 0;
    std::string nik;
    std::int64_t slot = 0;
    std::string state;
};

struct EventRow {
    std::string kind;
    std::string nik;
    std::optional<std::int64_t> journal_id;
};

Result<std::vector<JournalRow>> journal_rows(store::Database& db) {
    auto statement = TRY(db.prepare("SELECT id, nik, slot, state FROM pickup_journal ORDER BY id", "soak.journal"));
    std::vector<JournalRow> rows;
    while (TRY(statement.step())) {
        rows.push_back(
            {statement.column_int(0), statement.column_text(1), statement.column_int(2), statement.column_text(3)});
    }
    return rows;
}

Result<std::vector<EventRow>> event_rows(store::Database& db) {
    auto statement =
        TRY(db.prepare("SELECT kind, json_extract(payload, '$.nik'), json_extract(payload, '$.journal_id') "
                       "FROM outbox ORDER BY cursor",
                       "soak.outbox"));
    std::vector<EventRow> rows;
    while (TRY(statement.step())) {
        rows.push_back({statement.column_text(0), statement.column_text(1), statement.column_optional_int(2)});
    }
    return rows;
}

bool is_taken_closing(const std::string& state) {
    return state == "done" || state == "reconciled_taken";
}
bool is_captured_closing(const std::string& state) {
    return state == "captured" || state == "reconciled_captured";
}
bool is_open_state(const std::string& state) {
    return state == "intent" || state == "fetched" || state == "chip_verified" || state == "presenting";
}

std::string ids_text(const std::vector<std::int64_t>& ids) {
    std::string text;
    for (const auto id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
    return text.empty() ? "none" : text;
}

// The checks of one resident's card.
class CardCheck {
public:
    CardCheck(const Resident& resident, WorldCheck& out) : resident_(resident), out_(out) {
        who_ = "slot " + std::to_string(resident.slot) + " (card " + resident.card_serial + ", NIK " +
               resident.nik.masked_ascii() + ")";
    }
    void violated(Invariant invariant, const std::string& what) {
        out_.violations.push_back({invariant, who_ + ": " + what});
    }

    void run(const Whereabouts& where, const std::vector<JournalRow>& journal, const std::vector<EventRow>& events,
             const std::optional<store::Record>& record, const std::optional<store::Slot>& slot, const Ledger& ledger) {
        std::vector<std::int64_t> taken_ids, captured_ids, check_ids, open_ids;
        for (const auto& row : journal) {
            if (is_taken_closing(row.state)) taken_ids.push_back(row.id);
            if (is_captured_closing(row.state)) captured_ids.push_back(row.id);
            if (row.state == "reconciled_operator_check") check_ids.push_back(row.id);
            if (is_open_state(row.state)) open_ids.push_back(row.id);
        }
        std::vector<std::optional<std::int64_t>> picked_events, captured_events, check_events;
        for (const auto& event : events) {
            if (event.kind == store::kOutboxCardPickedUp) picked_events.push_back(event.journal_id);
            if (event.kind == store::kOutboxCardCaptured) captured_events.push_back(event.journal_id);
            if (event.kind == store::kOutboxPickupNeedsCheck) check_events.push_back(event.journal_id);
        }
        const auto has_event = [](const std::vector<std::optional<std::int64_t>>& kind, std::int64_t id) {
            return std::find(kind.begin(), kind.end(), std::optional<std::int64_t>(id)) != kind.end();
        };
        const bool slot_fault = slot && slot->state == store::SlotState::fault;
        const bool operator_check = slot_fault && !check_ids.empty() && has_event(check_events, check_ids.back());

        // double dispense
        if (where.taken > 1)
            violated(Invariant::double_dispense, "taken from the mouth " + std::to_string(where.taken) + " times");
        if (where.taken > 0 && !ledger.reached_for.contains(resident_.slot))
            violated(Invariant::double_dispense,
                     "taken at the mouth although no pickup of its resident reached for it");
        if (taken_ids.size() + captured_ids.size() > 1)
            violated(Invariant::double_dispense, "recorded as leaving the machine more than once (journal " +
                                                     ids_text(taken_ids) + " taken, " + ids_text(captured_ids) +
                                                     " captured)");
        if (picked_events.size() + captured_events.size() > 1)
            violated(Invariant::double_dispense, std::to_string(picked_events.size()) + " card.picked_up and " +
                                                     std::to_string(captured_events.size()) + " card.captured events");

        // journal settled
        if (!open_ids.empty()) violated(Invariant::journal_settled, "journal " + ids_text(open_ids) + " still open");

        if (where.places() == 0)
            violated(Invariant::slots_agree,
                     "the machine lost the card: in no slot, not in the path, not in the bin, never taken");
        if (where.places() > 1 && where.taken <= 1)
            violated(Invariant::slots_agree, "the card is in " + std::to_string(where.places()) + " places at once");

        const bool in_own_slot = where.slots.size() == 1 && where.slots[0] == resident_.slot;
        std::optional<core::CardStatus> status;
        if (record) status = record->status;
        if (!record) violated(Invariant::lost_record, "the resident's record is gone");

        if (where.taken >= 1) {
            ++out_.taken;
            if (taken_ids.size() != 1) {
                violated(Invariant::lost_record,
                         "taken by a person, but no journal entry closed as taken" +
                             (check_ids.empty() ? std::string() : " (operator check " + ids_text(check_ids) + ")"));
            } else if (!has_event(picked_events, taken_ids[0])) {
                violated(Invariant::lost_record,
                         "taken by a person, but no card.picked_up event for journal " + ids_text(taken_ids));
            }
            if (status != core::CardStatus::picked_up)
                violated(Invariant::lost_record, "taken by a person, but the record is not PICKED_UP");
            if (record && record->slot) violated(Invariant::slots_agree, "taken, but the record still names a slot");
        } else if (where.in_bin >= 1) {
            ++out_.captured;
            if (!operator_check) {
                if (captured_ids.size() != 1)
                    violated(Invariant::lost_record, "in the capture bin, but no journal entry closed as captured");
                else if (!has_event(captured_events, captured_ids[0]))
                    violated(Invariant::lost_record,
                             "in the capture bin, but no card.captured event for journal " + ids_text(captured_ids));
                if (status != core::CardStatus::captured)
                    violated(Invariant::lost_record, "in the capture bin, but the record is not CAPTURED");
            }
        } else if (in_own_slot) {
            if (!taken_ids.empty() || !captured_ids.empty() || !picked_events.empty() || !captured_events.empty())
                violated(Invariant::slots_agree, "in its slot, but recorded as having left the machine");
            if (!slot_fault) {
                if (!slot || slot->state != store::SlotState::loaded || !slot->nik || *slot->nik != resident_.nik ||
                    slot->card_serial != resident_.card_serial)
                    violated(Invariant::slots_agree, "in its slot, but the store's slot does not hold it");
                else if (status != core::CardStatus::in_kiosk || !record->slot || *record->slot != resident_.slot)
                    violated(Invariant::slots_agree, "in its slot, but the record is not IN_KIOSK at that slot");
            }
        } else if (where.path) {
            if (!slot_fault)
                violated(Invariant::slots_agree, std::string("left in the card path (") + dsim::to_string(*where.path) +
                                                     ") after reconciliation, and the slot not flagged");
        } else if (!where.slots.empty()) {
            violated(Invariant::slots_agree, "in slot " + std::to_string(where.slots[0]) + ", not its own");
        }
        if (!in_own_slot && slot && slot->state == store::SlotState::loaded)
            violated(Invariant::slots_agree, "the store's slot says LOADED, but the magazine's slot is empty");
        if (in_own_slot && !slot_fault && status == core::CardStatus::in_kiosk) pickable_ = true;
    }
    [[nodiscard]] bool pickable() const { return pickable_; }

private:
    const Resident& resident_;
    WorldCheck& out_;
    std::string who_;
    bool pickable_ = false;
};

}  // namespace

const char* to_string(Invariant invariant) {
    switch (invariant) {
        case Invariant::double_dispense: return "no card handed out twice";
        case Invariant::lost_record: return "every card that left is recorded with its outbox event";
        case Invariant::slots_agree: return "store slots, magazine and records agree (or the slot is flagged)";
        case Invariant::journal_settled: return "no pickup or load left open after reconciliation";
        case Invariant::audit_chain: return "the audit chain verifies";
        case Invariant::integrity: return "SQLite integrity_check passes";
        case Invariant::orphan: return "no card in a slot without its record, no record without its card (or the slot is flagged)";
        case Invariant::load_event: return "each loaded card has its card.loaded event exactly once";
    }
    return "?";
}

Result<WorldCheck> check_world(const World& world, const Ledger& ledger, const std::string& kioskctl) {
    const auto machine = TRY(dsim::load_state(world.dispenser_state));
    auto db = TRY(store::Database::open(world.database, store::OpenAccess::read_only));
    TRY(db.set_busy_timeout(std::chrono::milliseconds(5'000)));
    const auto journal = TRY(journal_rows(db));
    const auto events = TRY(event_rows(db));
    std::map<std::int64_t, store::Slot> slots;
    for (auto& slot : TRY(store::Slots(db).all())) slots.emplace(slot.slot, slot);
    store::Records records(db);

    WorldCheck out;
    for (const auto& row : journal)
        if (row.state == "reconciled_operator_check") out.operator_checks.insert(row.id);
    for (std::size_t i = 0; i < world.residents.size(); ++i) {
        const Resident& resident = world.residents[i];
        const std::string nik(resident.nik.digits());
        std::vector<JournalRow> own_journal;
        for (const auto& row : journal)
            if (row.nik == nik) own_journal.push_back(row);
        std::vector<EventRow> own_events;
        for (const auto& event : events)
            if (event.nik == nik) own_events.push_back(event);
        const auto record = TRY(records.get(resident.nik));
        const auto slot = slots.find(resident.slot);
        CardCheck check(resident, out);
        check.run(whereabouts(machine, resident.card_file), own_journal, own_events, record,
                  slot == slots.end() ? std::nullopt : std::optional(slot->second), ledger);
        if (check.pickable()) out.pickable.push_back(i);
    }

    if (!out.violations.empty()) out.pickable.clear();  // the soak stops at a violation: nothing more is collected
    TRY(check_database_verdicts(db, world.database, kioskctl, out.violations));
    return out;
}

}  // namespace kiosk::soak
