#include "kiosk/app/maintenance_setting.hpp"

#include "kiosk/store/audit.hpp"
#include "kiosk/store/settings.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace kiosk::app {

namespace {

const std::string kKey(store::kMaintenanceReasonKey);

}  // namespace

Result<std::optional<std::string>> load_maintenance_reason(store::Database& database) {
    return store::Settings(database).get(kKey);
}

Status record_maintenance_change(store::Database& database, const mgmt::MaintenanceChange& change,
                                 const mgmt::Caller& caller, std::int64_t now_s) {
    return record_maintenance_change(database, change, std::string(mgmt::role_name(caller.role)) + ":" + caller.name,
                                     now_s);
}

Status record_maintenance_change(store::Database& database, const mgmt::MaintenanceChange& change,
                                 const std::string& actor, std::int64_t now_s) {
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, "app.maintenance"));
    store::Settings settings(database);
    if (change.on) TRY(settings.set(kKey, change.reason));
    else TRY(settings.erase(kKey));
    const std::string detail =
        change.reason.empty() ? std::string() : "reason=" + boost::json::serialize(boost::json::string(change.reason));
    TRY(store::AuditLog(database).append(actor, change.on ? "maintenance.on" : "maintenance.off", detail, now_s));
    return transaction.commit();
}

}  // namespace kiosk::app
