// Start-up reconciliation of the pickup journal with the dispenser (DESIGN.md, "Data and safety"):
// after a power cut mid-pickup, the journal's open entry and the dispenser's sensors together decide
// whether the card was taken, captured, is still in the card path (captured now) or never left its
// slot, so a card is never handed out twice and a pickup is never forgotten. The load journal's open
// entries (a restock the power cut interrupted, kiosk/store/load_journal.hpp) are settled first, the
// same way: the card is in its slot (the load completes), in the path (captured, the load aborted),
// or nowhere to be seen (the slot blocked for an operator's check), so no card sits in a slot
// without a record and no record points at an empty slot.
//
// Runs on the dispenser's worker (DispenserService's reconciliation hook) with its own database
// connection (one connection per thread), before the dispenser is reported up, so no session can
// start a pickup first; and again after a journal write failed (journal_settlement.hpp), between
// pickups, which is the same question: an entry left open, and the sensors to settle it.
//
// Fails on a store error: the database cannot be opened or read, a decision or a capture's outcome
// cannot be recorded. Every decision that can be recorded is recorded first (each in its own
// transaction); an entry whose record failed stays open, and the next attempt decides it again from
// the sensors (a card captured now is then in the bin, its counter risen by one). The caller keeps
// the dispenser out of pickups until an attempt succeeds. Logs name journal ids, slots and
// decisions only.
#pragma once

#include "drivers/dispenser/dispenser.hpp"
#include "kiosk/core/result.hpp"

#include <string>

namespace kiosk::app {

[[nodiscard]] Status reconcile_pickups_at_startup(dispenser::Dispenser& device, const std::string& database_path);

}  // namespace kiosk::app
