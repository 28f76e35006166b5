// A synthetic resident whose printed card waits in a dispenser slot, with two enrolled fingers
// (templates filled with 0x11 and 0x22), for tests of the app's store commands.
#pragma once

#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/templates.hpp"

#include <doctest/doctest.h>

namespace kiosk::app::test {

inline store::FingerTemplate filled_template(std::uint8_t byte) {
    store::FingerTemplate t{};
    t.fill(byte);
    return t;
}

inline void add_in_kiosk_resident(store::Database& db, const core::Nik& nik, int slot) {
    store::Record record{.nik = nik,
                         .name = "Synthetic Person",
                         .status = core::CardStatus::in_kiosk,
                         .status_time_s = 1'767'225'600,
                         .queue_position = std::nullopt,
                         .office_blank_stock = std::nullopt,
                         .priority = core::Priority::first_card,
                         .card_serial = "SERIAL1",
                         .slot = std::nullopt};
    store::Records records(db);
    REQUIRE(records.upsert(record).ok());
    REQUIRE(records.set_slot(nik, slot).ok());
    REQUIRE(store::Slots(db).load(slot, "SERIAL1", nik, 1'767'225'600).ok());
    store::Templates templates(db);
    REQUIRE(templates.put(nik, store::Finger::first, filled_template(0x11)).ok());
    REQUIRE(templates.put(nik, store::Finger::second, filled_template(0x22)).ok());
}

}  // namespace kiosk::app::test
