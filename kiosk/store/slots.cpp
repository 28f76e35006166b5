#include "kiosk/store/slots.hpp"

#include <string_view>

namespace kiosk::store {
namespace {

constexpr std::string_view kSelect = "SELECT slot, state, card_serial, nik, loaded_at FROM dispenser_slots";

std::optional<SlotState> slot_state_from_wire_code(std::string_view code) {
    for (const SlotState state : {SlotState::empty, SlotState::loaded, SlotState::fault}) {
        if (code == wire_code(state)) return state;
    }
    return std::nullopt;
}

Result<Slot> slot_from_row(const Statement& row, const char* where) {
    Slot slot;
    slot.slot = row.column_int(0);
    const auto state = slot_state_from_wire_code(row.column_text(1));
    if (!state) return fail(where, "a slot row breaks the schema's rules");
    slot.state = *state;
    slot.card_serial = row.column_optional_text(2);
    if (auto text = row.column_optional_text(3)) {
        auto nik = core::Nik::parse(*text);
        if (!nik) return fail(where, "a slot row breaks the schema's rules");
        slot.nik = *nik;
    }
    slot.loaded_at_s = row.column_optional_int(4);
    return slot;
}

Status set_empty_or_fault(Database& database, std::int64_t slot, SlotState state, const char* where) {
    auto statement = TRY(
        database.cached("INSERT INTO dispenser_slots (slot, state) VALUES (?1, ?2) ON CONFLICT (slot) DO UPDATE SET "
                        "state = excluded.state, card_serial = NULL, nik = NULL, loaded_at = NULL",
                        where));
    TRY(statement->bind_all(slot, std::string_view(wire_code(state))));
    return statement->run();
}

}  // namespace

const char* wire_code(SlotState state) {
    switch (state) {
        case SlotState::empty: return "EMPTY";
        case SlotState::loaded: return "LOADED";
        case SlotState::fault: return "FAULT";
    }
    return "EMPTY";
}

std::optional<PickupDeadline> pickup_deadline_of(const Slot& slot, int pickup_deadline_days, std::int64_t now_s) {
    if (slot.state != SlotState::loaded || !slot.loaded_at_s) return std::nullopt;
    constexpr std::int64_t kDay_s = 86'400;
    const std::int64_t deadline_s = *slot.loaded_at_s + std::int64_t{pickup_deadline_days} * kDay_s;
    return PickupDeadline{deadline_s, now_s >= deadline_s};
}

Status Slots::load(std::int64_t slot, const std::string& card_serial, const core::Nik& nik, std::int64_t loaded_at_s) {
    auto statement = TRY(database_->cached(
        "INSERT INTO dispenser_slots (slot, state, card_serial, nik, loaded_at) VALUES (?1, 'LOADED', ?2, ?3, ?4) "
        "ON CONFLICT (slot) DO UPDATE SET state = 'LOADED', card_serial = excluded.card_serial, "
        "nik = excluded.nik, loaded_at = excluded.loaded_at",
        "store.slots.load"));
    TRY(statement->bind_all(slot, card_serial, nik.digits(), loaded_at_s));
    return statement->run();
}

Status Slots::clear(std::int64_t slot) {
    return set_empty_or_fault(*database_, slot, SlotState::empty, "store.slots.clear");
}

Status Slots::mark_fault(std::int64_t slot) {
    return set_empty_or_fault(*database_, slot, SlotState::fault, "store.slots.mark_fault");
}

Result<std::optional<Slot>> Slots::get(std::int64_t slot) {
    constexpr const char* where = "store.slots.get";
    auto statement = TRY(database_->cached(std::string(kSelect) + " WHERE slot = ?1", where));
    TRY(statement->bind(1, slot));
    if (!TRY(statement->step())) return std::optional<Slot>{};
    return std::optional<Slot>{TRY(slot_from_row(*statement, where))};
}

Result<std::vector<Slot>> Slots::all() {
    constexpr const char* where = "store.slots.all";
    auto statement = TRY(database_->cached(std::string(kSelect) + " ORDER BY slot", where));
    std::vector<Slot> slots;
    while (TRY(statement->step())) slots.push_back(TRY(slot_from_row(*statement, where)));
    return slots;
}

Result<std::vector<UncollectedCard>> Slots::uncollected(int pickup_deadline_days, std::int64_t now_s) {
    std::vector<UncollectedCard> cards;
    for (const Slot& slot : TRY(all())) {
        const auto deadline = pickup_deadline_of(slot, pickup_deadline_days, now_s);
        if (deadline && deadline->past) cards.push_back({slot, deadline->deadline_s});
    }
    return cards;
}

}  // namespace kiosk::store
