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
//   journal settled   no pickup journal entry is open;
//   audit chain       `kioskctl audit verify` passes;
//   integrity         SQLite's PRAGMA integrity_check says ok.
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

enum class Invariant { double_dispense, lost_record, slots_agree, journal_settled, audit_chain, integrity };
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

}  // namespace kiosk::soak
