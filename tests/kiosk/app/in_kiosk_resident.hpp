// A synthetic resident whose printed card waits in a dispenser slot, with two enrolled fingers
// (templates filled with 0x11 and 0x22), for tests of the app's store commands.
#pragma once

#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/templates.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"

#include <doctest/doctest.h>

namespace kiosk::app::test {

inline store::FingerTemplate filled_template(std::uint8_t byte) {
    store::FingerTemplate t{};
    t.fill(byte);
    return t;
}

// `card_serial`: distinct for each resident of one store.
inline void add_in_kiosk_resident(store::Database& db, const core::Nik& nik, int slot,
                                  const char* card_serial = "SERIAL1") {
    store::Records records(db);
    REQUIRE(records.upsert(kiosk::test::in_kiosk_record(nik, card_serial)).ok());
    REQUIRE(records.set_slot(nik, slot).ok());
    REQUIRE(store::Slots(db).load(slot, card_serial, nik, 1'767'225'600).ok());
    store::Templates templates(db);
    REQUIRE(templates.put(nik, store::Finger::first, filled_template(0x11)).ok());
    REQUIRE(templates.put(nik, store::Finger::second, filled_template(0x22)).ok());
}

}  // namespace kiosk::app::test
