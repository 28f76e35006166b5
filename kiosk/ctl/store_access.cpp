#include "kiosk/ctl/store_access.hpp"

#include "kiosk/store/audit.hpp"

#include <cstdlib>
#include <ctime>

namespace kiosk::ctl {

Result<store::Database, CommandError> open_store_for_command(const CtlOptions& options, store::IntegrityCheck integrity,
                                                             Workload workload) {
    if (options.db_path.empty()) return usage_error("this command needs --db PATH (or KIOSK_DB in the environment)");
    store::OpenOptions open_options;
    open_options.integrity = integrity;
    if (workload == Workload::bulk_load) open_options.cache_size_kib = 256 * 1024;
    return TRY(store::open_store(options.db_path, open_options));
}

std::string audit_actor() {
    const char* user = std::getenv("USER");
    return std::string("kioskctl:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

std::int64_t unix_now_s() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

CommandStatus audit_change(store::Database& database, const std::string& action, const std::string& detail) {
    store::AuditLog audit(database);
    if (auto appended = audit.append(audit_actor(), action, detail, unix_now_s()); !appended) {
        return failed("could not write the audit log: " + appended.error().to_string());
    }
    return {};
}

}  // namespace kiosk::ctl
