#include "tests/system/staff_agreement.hpp"

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/outbox_payloads.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/staff.hpp"
#include "tests/support/child_process.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace kiosk::testing {

namespace dsim = dispenser::sim;

namespace {

struct EventRow {
    std::string kind;
    std::string nik;
    std::optional<std::int64_t> slot;
    std::string card_serial;
};

struct AuditRow {
    std::string actor;
    std::string action;
    std::string detail;
};

struct JournalRow {
    std::string nik;
    std::string state;
};

Result<std::vector<EventRow>> events(store::Database& db) {
    auto s =
        TRY(db.prepare("SELECT kind, ifnull(json_extract(payload, '$.nik'), ''), json_extract(payload, '$.slot'), "
                       "ifnull(json_extract(payload, '$.card_serial'), '') FROM outbox ORDER BY cursor",
                       "staff.agreement"));
    std::vector<EventRow> rows;
    while (TRY(s.step()))
        rows.push_back({s.column_text(0), s.column_text(1), s.column_optional_int(2), s.column_text(3)});
    return rows;
}

Result<std::vector<AuditRow>> audit_rows(store::Database& db) {
    auto s = TRY(db.prepare("SELECT actor, action, detail FROM audit ORDER BY id", "staff.agreement"));
    std::vector<AuditRow> rows;
    while (TRY(s.step())) rows.push_back({s.column_text(0), s.column_text(1), s.column_text(2)});
    return rows;
}

Result<std::vector<JournalRow>> journal(store::Database& db, const char* table) {
    auto s = TRY(db.prepare(std::string("SELECT nik, state FROM ") + table + " ORDER BY id", "staff.agreement"));
    std::vector<JournalRow> rows;
    while (TRY(s.step())) rows.push_back({s.column_text(0), s.column_text(1)});
    return rows;
}

class Findings {
public:
    void add(const std::string& what) { found_.push_back(what); }
    std::vector<std::string> take() { return std::move(found_); }

private:
    std::vector<std::string> found_;
};

std::string who(const soak::Resident& card) {
    return "card " + card.card_serial + " (NIK " + card.nik.masked_ascii() + ")";
}

int count_of(const std::vector<std::string>& list, const std::string& item) {
    return static_cast<int>(std::count(list.begin(), list.end(), item));
}

}  // namespace

Result<std::vector<std::string>> staff_disagreements(const StaffWorld& world, const StaffFiles& files,
                                                     const StaffOutcome& outcome, const std::string& kioskctl) {
    const auto machine = TRY(dsim::load_state(files.dispenser_state));
    auto db = TRY(store::Database::open(files.database, store::OpenAccess::read_only));
    TRY(db.set_busy_timeout(std::chrono::milliseconds(5'000)));
    store::Records records(db);
    const auto slots = TRY(store::Slots(db).all());
    const auto outbox = TRY(events(db));
    const auto audit = TRY(audit_rows(db));
    const auto loads = TRY(journal(db, "load_journal"));
    const auto pickups = TRY(journal(db, "pickup_journal"));
    Findings found;

    // magazine
    std::map<std::int64_t, store::Slot> by_slot;
    for (const auto& slot : slots) by_slot[slot.slot] = slot;
    if (static_cast<int>(machine.slots.size()) != world.magazine_slots)
        found.add("the simulator has " + std::to_string(machine.slots.size()) + " slots");
    for (int slot = 1; slot <= world.magazine_slots; ++slot) {
        const std::string at = "slot " + std::to_string(slot) + ": ";
        const auto position = static_cast<std::size_t>(core::device_position(slot));
        const std::string held = position < machine.slots.size() ? machine.slots[position] : std::string();
        const auto stored = by_slot.find(slot);
        if (stored == by_slot.end()) {
            found.add(at + "not in the store");
            continue;
        }
        const store::Slot& s = stored->second;
        if (s.state == store::SlotState::fault) found.add(at + "FAULT");
        if (s.state == store::SlotState::empty && !held.empty())
            found.add(at + "EMPTY in the store, a card in the magazine");
        if (s.state != store::SlotState::loaded) continue;
        if (held.empty()) {
            found.add(at + "LOADED in the store, empty in the magazine");
            continue;
        }
        const auto card = world.cards.find(held);
        if (card == world.cards.end()) {
            found.add(at + "the magazine holds a card the world never made: " + held);
            continue;
        }
        if (s.card_serial != card->second.card_serial || !s.nik || !(*s.nik == card->second.nik))
            found.add(at + "the store names another card than the magazine's " + who(card->second));
        const auto record = TRY(records.get(card->second.nik));
        if (!record || record->status != core::CardStatus::in_kiosk || record->slot != slot ||
            record->card_serial != card->second.card_serial)
            found.add(at + who(card->second) + " is in the slot, but its record is not IN_KIOSK there");
    }
    if (machine.place != dsim::CardPlace::none)
        found.add(std::string("a card left in the path: ") + dsim::to_string(machine.place));
    {
        auto s = TRY(db.prepare("SELECT nik, slot FROM records WHERE status = 'IN_KIOSK'", "staff.agreement"));
        while (TRY(s.step())) {
            const auto slot = s.column_optional_int(1);
            const auto stored = slot ? by_slot.find(*slot) : by_slot.end();
            if (stored == by_slot.end() || stored->second.state != store::SlotState::loaded || !stored->second.nik ||
                stored->second.nik->digits() != s.column_text(0))
                found.add("an IN_KIOSK record at slot " + (slot ? std::to_string(*slot) : std::string("none")) +
                          " whose slot does not hold its card");
        }
    }

    auto kinds_for = [&](const soak::Resident& card, std::string_view kind) {
        int n = 0;
        for (const auto& e : outbox) n += e.kind == kind && e.nik == card.nik.digits() ? 1 : 0;
        return n;
    };
    auto loads_for = [&](const soak::Resident& card, const std::string& state) {
        int n = 0;
        for (const auto& e : loads) n += e.nik == card.nik.digits() && (state.empty() || e.state == state) ? 1 : 0;
        return n;
    };
    auto in_slots = [&](const soak::Resident& card) { return count_of(machine.slots, card.card_file); };
    auto taken = [&](const soak::Resident& card) { return count_of(machine.taken_cards, card.card_file); };

    // loaded and refused
    int loadable = 0;
    for (const auto& fed : world.feed) {
        const soak::Resident& card = fed.card;
        const auto record = TRY(records.get(card.nik));
        if (fed.expect == FeedExpect::load) {
            ++loadable;
            if (loads_for(card, "done") != 1 || loads_for(card, "") != 1)
                found.add(who(card) + ": not exactly one load journal entry, done");
            if (kinds_for(card, store::kOutboxCardLoaded) != 1) found.add(who(card) + ": not exactly one card.loaded");
            const bool picked = outcome.picked_up && *outcome.picked_up == card.nik;
            if (picked) {
                if (!record || record->status != core::CardStatus::picked_up || record->slot)
                    found.add(who(card) + ": collected, but its record is not PICKED_UP without a slot");
                if (taken(card) != 1 || in_slots(card) != 0) found.add(who(card) + ": collected, but not taken once");
                if (kinds_for(card, store::kOutboxCardPickedUp) != 1) found.add(who(card) + ": no card.picked_up");
            } else {
                if (in_slots(card) != 1 || taken(card) != 0) found.add(who(card) + ": loaded, but not in one slot");
                if (!record || record->status != core::CardStatus::in_kiosk)
                    found.add(who(card) + ": loaded, but its record is not IN_KIOSK");
                for (const auto& e : outbox) {
                    if (e.kind == store::kOutboxCardLoaded && e.nik == card.nik.digits() &&
                        (!record || e.slot != record->slot || e.card_serial != card.card_serial))
                        found.add(who(card) + ": its card.loaded names another slot or serial than its record");
                }
            }
            continue;
        }
        const std::string reason = refusal_code(fed.expect);
        if (in_slots(card) != 0) found.add(who(card) + " (" + reason + ") is in a slot");
        if (taken(card) != 1) found.add(who(card) + " (" + reason + ") was not handed back at the mouth once");
        if (loads_for(card, "") != 0) found.add(who(card) + " (" + reason + ") has a load journal entry");
        for (const auto& e : outbox)
            if (e.nik == card.nik.digits()) found.add(who(card) + " (" + reason + ") has an outbox event " + e.kind);
        const auto expected_status =
            fed.expect == FeedExpect::wrong_status ? core::CardStatus::print_ready_record : core::CardStatus::printed;
        if (fed.expect == FeedExpect::no_record ? record.has_value()
                                                : (!record || record->status != expected_status || record->slot))
            found.add(who(card) + " (" + reason + "): its record changed");
        int refusals = 0;
        for (const auto& row : audit)
            refusals += row.action == "staff.card_refused" && row.detail == "reason=" + reason ? 1 : 0;
        if (refusals != 1) found.add(std::to_string(refusals) + " staff.card_refused rows with reason=" + reason);
    }
    int loaded_events = 0;
    for (const auto& e : outbox) loaded_events += e.kind == store::kOutboxCardLoaded ? 1 : 0;
    if (loaded_events != loadable)
        found.add(std::to_string(loaded_events) + " card.loaded events for " + std::to_string(loadable) +
                  " loadable cards");

    // returned
    for (const auto& late : world.expired) {
        const auto record = TRY(records.get(late.nik));
        if (!record || record->status != core::CardStatus::returned || record->slot)
            found.add(who(late) + ": past its deadline, but its record is not RETURNED without a slot");
        if (taken(late) != 1 || in_slots(late) != 0)
            found.add(who(late) + ": taken back, but not taken at the mouth once");
        if (kinds_for(late, store::kOutboxCardReturned) != 1) found.add(who(late) + ": not exactly one card.returned");
    }
    for (const auto& kept : world.current) {
        const auto record = TRY(records.get(kept.nik));
        if (in_slots(kept) != 1 || taken(kept) != 0 || !record || record->status != core::CardStatus::in_kiosk)
            found.add(who(kept) + ": within its deadline, but no longer in its slot");
    }
    int returned_events = 0;
    for (const auto& e : outbox) returned_events += e.kind == store::kOutboxCardReturned ? 1 : 0;
    if (returned_events != static_cast<int>(world.expired.size()))
        found.add(std::to_string(returned_events) + " card.returned events");

    // bin
    if (machine.bin_counter != 0 || !machine.bin_cards.empty())
        found.add("the simulator's bin: counter " + std::to_string(machine.bin_counter) + ", " +
                  std::to_string(machine.bin_cards.size()) + " cards");
    if (const auto listed = TRY(store::CaptureBin(db).in_bin()); !listed.empty())
        found.add(std::to_string(listed.size()) + " cards still on the kiosk's bin list");

    // journals
    for (const auto& e : loads)
        if (e.state == "intent" || e.state == "stored") found.add("an open load journal entry (" + e.state + ")");
    for (const auto& e : pickups) {
        if (e.state == "intent" || e.state == "fetched" || e.state == "chip_verified" || e.state == "presenting")
            found.add("an open pickup journal entry (" + e.state + ")");
    }

    // audit: the staff member's rows
    const std::string actor = store::staff_actor(world.staff.staff_id);
    std::map<std::string, int> by_action;
    for (const auto& row : audit) {
        const bool staff_action = row.action.rfind("staff.", 0) == 0 || row.action.rfind("load.", 0) == 0 ||
                                  row.action.rfind("return.", 0) == 0 || row.action == "bin.emptied";
        if (!staff_action) continue;
        if (row.actor != actor) found.add("audit row " + row.action + " by '" + row.actor + "', not the staff member");
        ++by_action[row.action];
    }
    const std::map<std::string, int> expected{
        {"staff.login", outcome.sign_ins},
        {"staff.logout", outcome.sign_ins},
        {"load.intent", loadable},
        {"load.done", loadable},
        {"return.intent", static_cast<int>(world.expired.size())},
        {"return.done", static_cast<int>(world.expired.size())},
        {"bin.emptied", 1},
        {"staff.card_refused", static_cast<int>(world.feed.size()) - loadable},
        {"staff.pin_wrong", outcome.pin_blocked ? 2 : 0},
    };
    for (const auto& [action, n] : expected) {
        if (by_action[action] != n)
            found.add(std::to_string(by_action[action]) + " audit rows " + action + ", not " + std::to_string(n));
    }
    if (outcome.pin_blocked && by_action["staff.pin_blocked"] < 1) found.add("no staff.pin_blocked audit row");

    // integrity and the audit chain
    {
        auto s = TRY(db.prepare("PRAGMA integrity_check", "staff.agreement"));
        std::string verdict;
        while (TRY(s.step())) verdict += s.column_text(0);
        if (verdict != "ok") found.add("integrity_check: " + verdict);
    }
    const auto verify = TRY(run({kioskctl, "--db", files.database, "audit", "verify"}, {}, 30'000));
    if (verify.exit_code != 0)
        found.add("kioskctl audit verify exited " + std::to_string(verify.exit_code) + ": " + verify.err);
    return found.take();
}

}  // namespace kiosk::testing
