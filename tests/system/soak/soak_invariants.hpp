// The power-cut soak's invariants, checked after every restart once start-up reconciliation has
// settled the pickup journal, on the three records of what happened: the dispenser simulator's
// state file (where every card physically is, and which cards a person took), the kiosk's database
// (records, slots, pickup journal, outbox, audit chain) and the soak's own ledger (whose card a
// person reached for):
//
//   double dispense   no card was taken twice, no card reached a resident it is not for, no card
//                     was recorded as leaving the machine twice;
//   lost record       every card that left its slot for a person or the bin is recorded so (record
//                     PICKED_UP or CAPTURED, its journal entry closed so, the outbox event with its
//                     journal id); a card in the bin may instead be an operator check;
//   slots agree       the store's slot, the magazine and the record agree, or the slot is FAULT
//                     (flagged for an operator check); no card is left in the card path;
//   journal settled   no pickup (or load) journal entry is open;
//   audit chain       `kioskctl audit verify` passes;
//   integrity         SQLite's PRAGMA integrity_check says ok.
//
// A load world (staff restock, check_load_world) is checked for these, with the load journal, and:
//
//   orphan            no card in a slot without its record pointing at it (store slot LOADED with
//                     the card's serial, record IN_KIOSK at that slot), and no record IN_KIOSK, nor a
//                     store slot LOADED, whose card is not in that slot of the magazine; unless the
//                     slot is FAULT with a load journal entry awaiting an operator (a flagged slot);
//                     a card with no record (a stranger) is never in a slot;
//   card.loaded once  every loaded card has exactly one card.loaded event, naming the journal entry
//                     that completed its load, and a card not in a slot has none;
//   accounted for     a card that left the card path went back to the staff member at the mouth or
//                     into the bin, and every card in the bin is explained: by the capture bin's
//                     list (its serial), or by a capture recorded without a serial (a stray card
//                     found at start-up: listed without one; a refused card captured in staff mode:
//                     its audit row);
//                     no card is left in the card path unless its slot is flagged.
//
// Messages name slots, card serials and journal ids; a NIK only masked.
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace kiosk::soak {

enum class Invariant {
    double_dispense,
    lost_record,
    slots_agree,
    journal_settled,
    audit_chain,
    integrity,
    orphan,      // load worlds: a card in a slot without its record, a record (or slot) without its card
    load_event,  // load worlds: card.loaded exactly once for each loaded card, never for another
};
[[nodiscard]] const char* to_string(Invariant invariant);

struct Violation {
    Invariant invariant;
    std::string detail;
};

// What the soak itself saw of a world, across its lives.
struct Ledger {
    std::set<int> reached_for;  // slots whose card a person tried to take at the mouth
};

struct WorldCheck {
    std::vector<Violation> violations;
    std::set<std::int64_t> operator_checks;  // journal ids closed reconciled_operator_check
    std::vector<std::size_t> pickable;       // residents (indices) whose card can be collected now; none
                                             // when an invariant is violated
    int taken = 0;                           // cards a person took, in this world
    int captured = 0;                        // cards in the bin
};

// Errors: a file or the database that cannot be read at all, kioskctl that cannot be started.
[[nodiscard]] Result<WorldCheck> check_world(const World& world, const Ledger& ledger, const std::string& kioskctl);

struct LoadWorldCheck {
    std::vector<Violation> violations;
    std::set<std::int64_t> operator_checks;     // load journal ids awaiting an operator, their slot FAULT
    std::vector<std::size_t> printed_in_hand;   // printed cards (indices) the staff member still holds
    std::vector<std::size_t> strangers_in_hand;  // likewise, strangers never fed (or never taken in)
    int loaded = 0;                             // printed cards in their slot, recorded so
    int captured = 0;                           // the world's cards in the bin
    int returned = 0;                           // the world's cards handed back at the mouth
    int completed_at_startup = 0;               // loads start-up reconciliation completed (reconciled_completed)
    int aborted_at_startup = 0;                 // loads it closed with the card captured (reconciled_aborted)
};

// The checks of a load world (printed cards, strangers, a magazine that started empty). Errors as
// for check_world. The in-hand lists are empty when an invariant is violated.
[[nodiscard]] Result<LoadWorldCheck> check_load_world(const World& world, const std::string& kioskctl);

}  // namespace kiosk::soak
