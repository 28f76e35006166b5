// Why a card fed into the mouth during restock is not loaded (issue 11, "Restock"). Defined once for
// the whole program: the store's load check (kiosk/store/load_journal.hpp) answers the first six, the
// chip read answers the last four, and the staff screens word each of them in id and en.
//
// The codes ("no_record", ...) are stable: audit details and the capture bin's list carry them.
//
// Pure data.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kiosk::core::staff {

enum class LoadRefusal {
    // The store's answers (kiosk/store/load_journal.hpp, load_verdict).
    no_record,         // no record for the chip's NIK
    wrong_status,      // the record is not PRINTED (nor IN_KIOSK)
    already_in_kiosk,  // the record is IN_KIOSK, or this card's serial is in a slot or being loaded
    duplicate_serial,  // another record carries this card's serial
    serial_mismatch,   // the record names another card (serial): this is not the card printed for it
    magazine_full,     // the card could be loaded, but no slot is EMPTY
    // The chip read's answers.
    forged,      // the issuer signature does not verify
    cloned,      // the chip failed its fresh challenge
    unreadable,  // the chip could not be read
    not_a_card,  // no KTP-el profile (another card, or a staff card)
    // The machine's own (the card goes back out at the mouth with this reason).
    slot_problem,       // the chosen slot was found occupied, or the store move failed: the slot is blocked
    journal_failed,     // the load journal's intent was not confirmed: nothing was stored
    store_unavailable,  // the store could not check the card (failed or silent): loading stops after it
};

inline constexpr std::array kAllLoadRefusals = {
    LoadRefusal::no_record,
    LoadRefusal::wrong_status,
    LoadRefusal::already_in_kiosk,
    LoadRefusal::duplicate_serial,
    LoadRefusal::serial_mismatch,
    LoadRefusal::magazine_full,
    LoadRefusal::forged,
    LoadRefusal::cloned,
    LoadRefusal::unreadable,
    LoadRefusal::not_a_card,
    LoadRefusal::slot_problem,
    LoadRefusal::journal_failed,
    LoadRefusal::store_unavailable,
};

[[nodiscard]] constexpr std::string_view wire_code(LoadRefusal refusal) {
    switch (refusal) {
        case LoadRefusal::no_record: return "no_record";
        case LoadRefusal::wrong_status: return "wrong_status";
        case LoadRefusal::already_in_kiosk: return "already_in_kiosk";
        case LoadRefusal::duplicate_serial: return "duplicate_serial";
        case LoadRefusal::serial_mismatch: return "serial_mismatch";
        case LoadRefusal::magazine_full: return "magazine_full";
        case LoadRefusal::forged: return "forged";
        case LoadRefusal::cloned: return "cloned";
        case LoadRefusal::unreadable: return "unreadable";
        case LoadRefusal::not_a_card: return "not_a_card";
        case LoadRefusal::slot_problem: return "slot_problem";
        case LoadRefusal::journal_failed: return "journal_failed";
        case LoadRefusal::store_unavailable: return "store_unavailable";
    }
    return "unreadable";
}

[[nodiscard]] constexpr std::optional<LoadRefusal> load_refusal_from_wire_code(std::string_view code) {
    for (const LoadRefusal refusal : kAllLoadRefusals) {
        if (code == wire_code(refusal)) return refusal;
    }
    return std::nullopt;
}

}  // namespace kiosk::core::staff
