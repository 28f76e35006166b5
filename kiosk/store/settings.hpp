// Key-value settings the kiosk keeps across restarts (e.g. the office's name pushed by the central
// system). Configuration files remain the source of the kiosk's own set-up.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::store {

// The operator's maintenance (PUT /api/v1/maintenance, kiosk/app/maintenance_setting.hpp): its
// reason while maintenance is on, so that a kiosk taken out of service stays out after a power cut;
// no row while it is off.
inline constexpr std::string_view kMaintenanceReasonKey = "mgmt.maintenance_reason";

// The last write the kiosk made only to learn that its disk takes writes again after a full disk
// (kiosk/app/store_service.hpp): the time, in Unix seconds.
inline constexpr std::string_view kWriteProbeKey = "store.write_probe_unix_s";

class Settings {
public:
    explicit Settings(Database& database) : database_(&database) {}

    Status set(const std::string& key, const std::string& value);
    Result<std::optional<std::string>> get(const std::string& key);
    Status erase(const std::string& key);

private:
    Database* database_;
};

}  // namespace kiosk::store
