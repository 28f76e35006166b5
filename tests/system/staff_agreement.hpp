// After the staff-mode system test's scenario: whether the three records of what happened agree and
// say what the scenario did. The records: the kiosk's database (records, slots, load and pickup
// journals, outbox, capture bin list, audit log), the dispenser simulator's state file (where every
// card physically is, and which cards a person took from the mouth), and the world (staff_world.hpp:
// which card was fed expecting what).
//
//   magazine   every store slot agrees with the simulator's slot (LOADED with that card's serial and
//              NIK, whose record is IN_KIOSK at that slot; EMPTY and empty); no slot FAULT; nothing
//              left in the card path; every IN_KIOSK record points at its loaded slot;
//   loaded     each loadable card fed is in a slot (IN_KIOSK) or was taken by its resident (the one
//              picked up: PICKED_UP, taken once); one done load journal entry each; one card.loaded
//              each, naming its slot and serial; exactly that many card.loaded;
//   refused    each refused card is in no slot, was handed back at the mouth once, has no load
//              journal entry and no event; its record (if any) is as the world made it; one
//              staff.card_refused audit row with its reason each;
//   returned   each expired card is RETURNED, its slot EMPTY, taken at the mouth once, one
//              card.returned; the card within its deadline is still in its slot;
//   bin        the simulator's bin is empty with its counter at 0, the kiosk's bin list empty, one
//              bin.emptied audit row by the staff member;
//   journals   no open load or pickup entry;
//   audit      every staff action's row names the staff member; `kioskctl audit verify` passes;
//   integrity  PRAGMA integrity_check says ok.
//
// Messages name slots, serials and card files; a NIK only masked.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "tests/system/staff_world.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk::testing {

struct StaffOutcome {
    std::optional<core::Nik> picked_up;  // the resident who collected a just-loaded card
    int sign_ins = 0;                    // staff.login rows expected
    bool pin_blocked = false;            // the card was blocked by wrong PINs at the end
};

// The database and state file to read (the world's, or copies of them).
struct StaffFiles {
    std::string database;
    std::string dispenser_state;
};

// Every disagreement found; empty when all agree. Errors: a file that cannot be read at all.
[[nodiscard]] Result<std::vector<std::string>> staff_disagreements(const StaffWorld& world, const StaffFiles& files,
                                                                   const StaffOutcome& outcome,
                                                                   const std::string& kioskctl);

}  // namespace kiosk::testing
