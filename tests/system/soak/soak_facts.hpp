// What the soak's invariant checks (soak_invariants.hpp) read the same way for a pickup world and a
// load world: where one card physically is by the dispenser simulator's state file, and the
// database's own verdicts on itself (SQLite's integrity_check, the audit chain by `kioskctl audit
// verify`).
#pragma once

#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"
#include "tests/system/soak/soak_invariants.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk::soak {

// Where one card physically is, by the simulator's state.
struct Whereabouts {
    std::vector<int> slots;  // store slot numbers holding it
    std::optional<dispenser::sim::CardPlace> path;
    int in_bin = 0;
    int taken = 0;  // times a person took it from the mouth
    [[nodiscard]] int places() const { return static_cast<int>(slots.size()) + (path ? 1 : 0) + in_bin + taken; }
};
[[nodiscard]] Whereabouts whereabouts(const dispenser::sim::MechanismState& machine, const std::string& card_file);

// Appends a violation of Invariant::integrity when integrity_check says anything but ok, and of
// Invariant::audit_chain when `kioskctl audit verify` fails on `database`. Errors: the database
// cannot be read, kioskctl cannot be started.
[[nodiscard]] Status check_database_verdicts(store::Database& db, const std::string& database,
                                             const std::string& kioskctl, std::vector<Violation>& out);

}  // namespace kiosk::soak
