// check_load_world (soak_invariants.hpp): the invariants of a load world after start-up
// reconciliation, from the simulator's state file and the kiosk's database.
#include "tests/system/soak/soak_facts.hpp"
#include "tests/system/soak/soak_invariants.hpp"

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/sqlite.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace kiosk::soak {

namespace dsim = dispenser::sim;

namespace {

struct LoadRow {
    std::int64_t id = 0;
    std::string card_serial;
    std::int64_t slot = 0;
    std::string state;
    bool resolved = false;
};

struct LoadedEvent {
    std::string nik;
    std::optional<std::int64_t> journal_id;
};

Result<std::vector<LoadRow>> load_rows(store::Database& db) {
    auto statement = TRY(db.prepare(
        "SELECT id, card_serial, slot, state, resolution IS NOT NULL FROM load_journal ORDER BY id", "soak.loads"));
    std::vector<LoadRow> rows;
    while (TRY(statement.step())) {
        rows.push_back({statement.column_int(0), statement.column_text(1), statement.column_int(2),
                        statement.column_text(3), statement.column_int(4) != 0});
    }
    return rows;
}

Result<std::vector<LoadedEvent>> loaded_events(store::Database& db) {
    auto statement = TRY(db.prepare(
        "SELECT json_extract(payload, '$.nik'), json_extract(payload, '$.journal_id') FROM outbox WHERE kind = ?1 "
        "ORDER BY cursor",
        "soak.loaded_events"));
    TRY(statement.bind(1, store::kOutboxCardLoaded));
    std::vector<LoadedEvent> rows;
    while (TRY(statement.step())) rows.push_back({statement.column_text(0), statement.column_optional_int(1)});
    return rows;
}

// The serials the capture bin's list names, and how many captures it (or the audit log) has without one.
struct BinBook {
    std::vector<std::string> serials;
    std::int64_t unnamed_captures = 0;
};

Result<BinBook> bin_book(store::Database& db) {
    BinBook book;
    auto listed = TRY(db.prepare("SELECT card_serial FROM capture_bin WHERE card_serial IS NOT NULL", "soak.bin"));
    while (TRY(listed.step())) book.serials.push_back(listed.column_text(0));
    // Every capture is listed (capture_bin.hpp); a stray card captured at start-up, or a refused card
    // whose chip was never read, without a serial.
    book.unnamed_captures = TRY(db.query_int(
        "SELECT count(*) FROM capture_bin WHERE card_serial IS NULL AND emptied_at IS NULL", "soak.unnamed_captures"));
    return book;
}

bool is_open_load(const std::string& state) {
    return state == "intent" || state == "stored";
}
bool is_completed_load(const std::string& state) {
    return state == "done" || state == "reconciled_completed";
}
bool is_awaiting_operator(const LoadRow& row) {
    return (row.state == "operator_check" || row.state == "reconciled_operator_check") && !row.resolved;
}

std::string ids_text(const std::vector<std::int64_t>& ids) {
    std::string text;
    for (const auto id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
    return text.empty() ? "none" : text;
}

class LoadCheck {
public:
    LoadCheck(const World& world, const dsim::MechanismState& machine, std::vector<LoadRow> loads,
              std::vector<LoadedEvent> events, std::map<std::int64_t, store::Slot> slots, LoadWorldCheck& out)
        : world_(world),
          machine_(machine),
          loads_(std::move(loads)),
          events_(std::move(events)),
          slots_(std::move(slots)),
          out_(out) {}

    // A slot is flagged when the store has it FAULT and a load entry on it awaits an operator.
    [[nodiscard]] bool flagged(std::int64_t slot) const {
        const auto found = slots_.find(slot);
        if (found == slots_.end() || found->second.state != store::SlotState::fault) return false;
        return std::any_of(loads_.begin(), loads_.end(),
                           [&](const LoadRow& row) { return row.slot == slot && is_awaiting_operator(row); });
    }
    // The flagged slot whose waiting entry loads this card, if any.
    [[nodiscard]] std::optional<std::int64_t> flagged_for(const std::string& serial) const {
        for (const auto& row : loads_)
            if (row.card_serial == serial && is_awaiting_operator(row) && flagged(row.slot)) return row.slot;
        return std::nullopt;
    }

    void printed_card(std::size_t index, const Resident& card, const std::optional<store::Record>& record) {
        const std::string who = "printed card " + card.card_serial + " (NIK " + card.nik.masked_ascii() + ")";
        const auto violated = [&](Invariant invariant, const std::string& what) {
            out_.violations.push_back({invariant, who + ": " + what});
        };
        const Whereabouts where = whereabouts(machine_, card.card_file);
        const std::string nik(card.nik.digits());
        std::vector<std::int64_t> completed, open;
        for (const auto& row : loads_) {
            if (row.card_serial != card.card_serial) continue;
            if (is_completed_load(row.state)) completed.push_back(row.id);
            if (is_open_load(row.state)) open.push_back(row.id);
        }
        std::vector<std::optional<std::int64_t>> events;
        for (const auto& event : events_)
            if (event.nik == nik) events.push_back(event.journal_id);
        std::vector<std::int64_t> store_slots;  // store slots LOADED with this card's serial
        for (const auto& [number, slot] : slots_)
            if (slot.state == store::SlotState::loaded && slot.card_serial == card.card_serial) store_slots.push_back(number);
        const auto flagged_slot = flagged_for(card.card_serial);

        if (!record) {
            violated(Invariant::lost_record, "its PRINTED record is gone");
            return;
        }
        if (!open.empty()) violated(Invariant::journal_settled, "load journal " + ids_text(open) + " still open");
        if (where.places() > 1)
            violated(Invariant::slots_agree, "the card is in " + std::to_string(where.places()) + " places at once");
        if (events.size() > 1)
            violated(Invariant::load_event, std::to_string(events.size()) + " card.loaded events (journal " +
                                                ids_text(completed) + " completed)");

        if (where.slots.size() == 1) {
            const int slot = where.slots[0];
            const auto held = slots_.find(slot);
            const bool store_holds = held != slots_.end() && held->second.state == store::SlotState::loaded &&
                                     held->second.card_serial == card.card_serial && held->second.nik == card.nik;
            const bool record_points = record->status == core::CardStatus::in_kiosk && record->slot == slot &&
                                       record->card_serial == card.card_serial;
            if (store_holds && record_points) {
                ++out_.loaded;
                if (completed.size() != 1)
                    violated(Invariant::load_event, "loaded in slot " + std::to_string(slot) + ", but load journal " +
                                                        ids_text(completed) + " completed it");
                else if (events.size() != 1 || events[0] != completed[0])
                    violated(Invariant::load_event, "loaded in slot " + std::to_string(slot) +
                                                        ", but no card.loaded event names journal " +
                                                        ids_text(completed));
            } else if (flagged(slot)) {
                if (record->status == core::CardStatus::in_kiosk || !events.empty())
                    violated(Invariant::orphan, "in flagged slot " + std::to_string(slot) +
                                                    ", but recorded as loaded (record IN_KIOSK or card.loaded)");
            } else {
                violated(Invariant::orphan,
                         "in slot " + std::to_string(slot) + " of the magazine without its record pointing at it " +
                             "(store slot " +
                             (held == slots_.end() ? std::string("missing") : store::wire_code(held->second.state)) +
                             ", record " + std::string(core::wire_code(record->status)) + ")");
            }
            return;
        }

        // Not in a slot: nothing may say it is.
        if (record->status == core::CardStatus::in_kiosk && !(record->slot && flagged(*record->slot)))
            violated(Invariant::orphan, "the record is IN_KIOSK at slot " +
                                            (record->slot ? std::to_string(*record->slot) : std::string("none")) +
                                            ", but the card is in no slot of the magazine");
        for (const auto slot : store_slots)
            violated(Invariant::orphan, "the store's slot " + std::to_string(slot) +
                                            " says LOADED with this card, but the card is not in that slot");
        if (!events.empty()) violated(Invariant::load_event, "a card.loaded event, but the card is in no slot");
        if (where.path) {
            if (!flagged_slot)
                violated(Invariant::slots_agree, std::string("left in the card path (") + dsim::to_string(*where.path) +
                                                     ") after reconciliation, and no slot flagged for it");
            return;
        }
        if (where.in_bin > 0) {
            ++out_.captured;
            return;
        }
        if (where.taken > 0) {
            ++out_.returned;
            return;
        }
        if (record->status == core::CardStatus::printed && !flagged_slot) out_.printed_in_hand.push_back(index);
    }

    void stranger(std::size_t index, const Resident& card, const std::optional<store::Record>& record) {
        const std::string who = "stranger card " + card.card_serial + " (NIK " + card.nik.masked_ascii() + ")";
        const Whereabouts where = whereabouts(machine_, card.card_file);
        if (record) out_.violations.push_back({Invariant::slots_agree, who + ": has a record (the world's is wrong)"});
        for (const int slot : where.slots)
            out_.violations.push_back({Invariant::orphan, who + ": a card with no record in slot " + std::to_string(slot)});
        if (where.places() > 1)
            out_.violations.push_back(
                {Invariant::slots_agree, who + ": in " + std::to_string(where.places()) + " places at once"});
        if (where.path)
            out_.violations.push_back({Invariant::slots_agree, who + ": left in the card path (" +
                                                                   dsim::to_string(*where.path) +
                                                                   ") after reconciliation"});
        if (where.in_bin > 0) ++out_.captured;
        if (where.taken > 0) ++out_.returned;
        if (where.places() == 0) out_.strangers_in_hand.push_back(index);
    }

    // The magazine as a whole: every card in it is one of the world's, every LOADED store slot holds
    // its card, every FAULT slot awaits an operator, no load is left open, every card in the bin is
    // explained.
    void magazine(const BinBook& bin) {
        std::map<std::string, const Resident*> by_file;
        for (const auto* cards : {&world_.residents, &world_.printed, &world_.strangers})
            for (const auto& card : *cards) by_file.emplace(card.card_file, &card);
        for (std::size_t i = 0; i < machine_.slots.size(); ++i) {
            const int slot = static_cast<int>(i) + 1;
            const std::string& file = machine_.slots[i];
            if (!file.empty() && !by_file.contains(file))
                out_.violations.push_back({Invariant::orphan, "slot " + std::to_string(slot) + " holds a card of no world"});
        }
        for (const auto& [number, slot] : slots_) {
            const auto index = static_cast<std::size_t>(number - 1);
            if (slot.state == store::SlotState::loaded) {
                const std::string file = index < machine_.slots.size() ? machine_.slots[index] : std::string();
                const auto card = by_file.find(file);
                if (file.empty() || card == by_file.end() || card->second->card_serial != slot.card_serial)
                    out_.violations.push_back(
                        {Invariant::orphan, "the store's slot " + std::to_string(number) + " says LOADED (card " +
                                                slot.card_serial.value_or("?") + "), but the magazine's slot " +
                                                (file.empty() ? "is empty" : "holds another card")});
            } else if (slot.state == store::SlotState::fault) {
                if (!flagged(number))
                    out_.violations.push_back({Invariant::slots_agree, "slot " + std::to_string(number) +
                                                                           " is FAULT with no load awaiting an operator"});
            }
        }
        for (const auto& row : loads_) {
            if (is_open_load(row.state))
                out_.violations.push_back({Invariant::journal_settled, "load journal " + std::to_string(row.id) +
                                                                           " (slot " + std::to_string(row.slot) +
                                                                           ") still open"});
            if (is_awaiting_operator(row) && flagged(row.slot)) out_.operator_checks.insert(row.id);
            if (row.state == "reconciled_completed") ++out_.completed_at_startup;
            if (row.state == "reconciled_aborted") ++out_.aborted_at_startup;
        }
        std::int64_t unnamed = 0;
        for (const auto& file : machine_.bin_cards) {
            const auto card = by_file.find(file);
            if (card == by_file.end() || std::find(bin.serials.begin(), bin.serials.end(), card->second->card_serial) ==
                                             bin.serials.end())
                ++unnamed;
        }
        if (unnamed > bin.unnamed_captures)
            out_.violations.push_back(
                {Invariant::lost_record, std::to_string(unnamed) + " cards in the bin that the capture bin's list does " +
                                             "not name, and only " + std::to_string(bin.unnamed_captures) +
                                             " captures recorded without a serial"});
    }

private:
    const World& world_;
    const dsim::MechanismState& machine_;
    std::vector<LoadRow> loads_;
    std::vector<LoadedEvent> events_;
    std::map<std::int64_t, store::Slot> slots_;
    LoadWorldCheck& out_;
};

}  // namespace

Result<LoadWorldCheck> check_load_world(const World& world, const std::string& kioskctl) {
    const auto machine = TRY(dsim::load_state(world.dispenser_state));
    auto db = TRY(store::Database::open(world.database, store::OpenAccess::read_only));
    TRY(db.set_busy_timeout(std::chrono::milliseconds(5'000)));
    std::map<std::int64_t, store::Slot> slots;
    for (auto& slot : TRY(store::Slots(db).all())) slots.emplace(slot.slot, slot);
    const BinBook bin = TRY(bin_book(db));
    store::Records records(db);

    LoadWorldCheck out;
    LoadCheck check(world, machine, TRY(load_rows(db)), TRY(loaded_events(db)), std::move(slots), out);
    for (std::size_t i = 0; i < world.printed.size(); ++i)
        check.printed_card(i, world.printed[i], TRY(records.get(world.printed[i].nik)));
    for (std::size_t i = 0; i < world.strangers.size(); ++i)
        check.stranger(i, world.strangers[i], TRY(records.get(world.strangers[i].nik)));
    check.magazine(bin);
    if (!out.violations.empty()) {  // the soak stops at a violation: nothing more is fed
        out.printed_in_hand.clear();
        out.strangers_in_hand.clear();
    }
    TRY(check_database_verdicts(db, world.database, kioskctl, out.violations));
    return out;
}

}  // namespace kiosk::soak
