// The operator's maintenance as the store keeps it across restarts: the settings row
// store::kMaintenanceReasonKey holds the reason while maintenance is on and is absent while it is
// off. A change and its audit row commit together or not at all.
//
// Thread safety: borrows a Database and shares its thread (kiosk/store/sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/http.hpp"
#include "kiosk/mgmt/operator_routes.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::app {

// The reason while the kiosk is in maintenance; nullopt while it is not.
[[nodiscard]] Result<std::optional<std::string>> load_maintenance_reason(store::Database& database);

// Persists `change` and appends its audit row ("maintenance.on" / "maintenance.off", the actor
// "<role>:<caller name>", the reason as a JSON string when given) in one transaction, at `now_s`.
[[nodiscard]] Status record_maintenance_change(store::Database& database, const mgmt::MaintenanceChange& change,
                                               const mgmt::Caller& caller, std::int64_t now_s);
// The same with the audit row's actor given whole (staff mode's "staff:<id>").
[[nodiscard]] Status record_maintenance_change(store::Database& database, const mgmt::MaintenanceChange& change,
                                               const std::string& actor, std::int64_t now_s);

}  // namespace kiosk::app
