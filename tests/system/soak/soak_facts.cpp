#include "tests/system/soak/soak_facts.hpp"

#include "tests/support/child_process.hpp"

#include <algorithm>

namespace kiosk::soak {

namespace dsim = dispenser::sim;

Whereabouts whereabouts(const dsim::MechanismState& machine, const std::string& card_file) {
    Whereabouts where;
    for (std::size_t i = 0; i < machine.slots.size(); ++i)
        if (machine.slots[i] == card_file) where.slots.push_back(static_cast<int>(i) + 1);
    if (machine.place != dsim::CardPlace::none && machine.transport_card == card_file) where.path = machine.place;
    where.in_bin = static_cast<int>(std::count(machine.bin_cards.begin(), machine.bin_cards.end(), card_file));
    where.taken = static_cast<int>(std::count(machine.taken_cards.begin(), machine.taken_cards.end(), card_file));
    return where;
}

Status check_database_verdicts(store::Database& db, const std::string& database, const std::string& kioskctl,
                               std::vector<Violation>& out) {
    auto statement = TRY(db.prepare("PRAGMA integrity_check", "soak.integrity"));
    std::string verdict;
    while (TRY(statement.step())) verdict += (verdict.empty() ? "" : "; ") + statement.column_text(0);
    if (verdict != "ok") out.push_back({Invariant::integrity, "integrity_check: " + verdict});
    auto audit = TRY(testing::run({kioskctl, "--db", database, "audit", "verify"}, {}, 30'000));
    if (audit.exit_code != 0) {
        out.push_back({Invariant::audit_chain, "kioskctl audit verify exited " + std::to_string(audit.exit_code) +
                                                   ": " + audit.out + audit.err});
    }
    return {};
}

}  // namespace kiosk::soak
