// Start-up reconciliation of the pickup journal with the dispenser (DESIGN.md, "Data and safety"):
// after a power cut mid-pickup, the journal's open entry and the dispenser's sensors together decide
// whether the card was taken, captured, is still in the card path (captured now) or never left its
// slot, so a card is never handed out twice and a pickup is never forgotten.
//
// Runs on the dispenser's worker (DispenserService's first-open hook) with its own database
// connection (one connection per thread), before the dispenser is reported up, so no session can
// start a pickup first. Logs name journal ids, slots and decisions only.
#pragma once

#include "drivers/dispenser/dispenser.hpp"

#include <string>

namespace kiosk::app {

void reconcile_pickups_at_startup(dispenser::Dispenser& device, const std::string& database_path);

}  // namespace kiosk::app
