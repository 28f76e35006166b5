#include "kiosk/store/slots.hpp"

#include <string_view>

namespace kiosk::store {
namespace {

constexpr std::string_view kSelect = "SELECT slot, state, card_serial, nik, loaded_at FROM dispenser_slots";

Result<Slot> slot_from_row(const Statement& row, const char* where) {
    Slot slot;
    slot.slot = row.column_int(0);
    const std::string state = row.column_text(1);
    if (state == "EMPTY") {
        slot.state = SlotState::empty;
    } else if (state == "LOADED") {
        slot.state = SlotState::loaded;
    } else if (state == "FAULT") {
        slot.state = SlotState::fault;
    } else {
        return fail(where, "a slot row breaks the schema's rules");
    }
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
    auto statement = database.cached(
        "INSERT INTO dispenser_slots (slot, state) VALUES (?1, ?2) ON CONFLICT (slot) DO UPDATE SET "
        "state = excluded.state, card_serial = NULL, nik = NULL, loaded_at = NULL",
        where);
    if (!statement) return fail(statement.error());
    if (auto b = (*statement)->bind(1, slot); !b) return b;
    if (auto b = (*statement)->bind(2, std::string_view(wire_code(state))); !b) return b;
    return (*statement)->run();
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

Status Slots::load(std::int64_t slot, const std::string& card_serial, const core::Nik& nik, std::int64_t loaded_at_s) {
    auto statement = database_->cached(
        "INSERT INTO dispenser_slots (slot, state, card_serial, nik, loaded_at) VALUES (?1, 'LOADED', ?2, ?3, ?4) "
        "ON CONFLICT (slot) DO UPDATE SET state = 'LOADED', card_serial = excluded.card_serial, "
        "nik = excluded.nik, loaded_at = excluded.loaded_at",
        "store.slots.load");
    if (!statement) return fail(statement.error());
    Statement& s = **statement;
    if (auto b = s.bind(1, slot); !b) return b;
    if (auto b = s.bind(2, std::string_view(card_serial)); !b) return b;
    if (auto b = s.bind(3, nik.digits()); !b) return b;
    if (auto b = s.bind(4, loaded_at_s); !b) return b;
    return s.run();
}

Status Slots::clear(std::int64_t slot) {
    return set_empty_or_fault(*database_, slot, SlotState::empty, "store.slots.clear");
}

Status Slots::mark_fault(std::int64_t slot) {
    return set_empty_or_fault(*database_, slot, SlotState::fault, "store.slots.mark_fault");
}

Result<std::optional<Slot>> Slots::get(std::int64_t slot) {
    constexpr const char* where = "store.slots.get";
    auto statement = database_->cached(std::string(kSelect) + " WHERE slot = ?1", where);
    if (!statement) return fail(statement.error());
    if (auto b = (*statement)->bind(1, slot); !b) return fail(b.error());
    auto row = (*statement)->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<Slot>{};
    auto found = slot_from_row(**statement, where);
    if (!found) return fail(found.error());
    return std::optional<Slot>{*found};
}

Result<std::vector<Slot>> Slots::all() {
    constexpr const char* where = "store.slots.all";
    auto statement = database_->cached(std::string(kSelect) + " ORDER BY slot", where);
    if (!statement) return fail(statement.error());
    std::vector<Slot> slots;
    for (;;) {
        auto row = (*statement)->step();
        if (!row) return fail(row.error());
        if (!*row) break;
        auto found = slot_from_row(**statement, where);
        if (!found) return fail(found.error());
        slots.push_back(*found);
    }
    return slots;
}

}  // namespace kiosk::store
