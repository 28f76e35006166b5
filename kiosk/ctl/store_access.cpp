#include "kiosk/ctl/store_access.hpp"

#include "kiosk/store/audit.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace kiosk::ctl {

std::optional<store::Database> open_store_for_command(CtlOptions& options, store::IntegrityCheck integrity,
                                                      Workload workload) {
    if (!require_db(options)) {
        options.exit_code = 2;
        return std::nullopt;
    }
    store::OpenOptions open_options;
    open_options.integrity = integrity;
    if (workload == Workload::bulk_load) open_options.cache_size_kib = 256 * 1024;
    auto database = store::open_store(options.db_path, open_options);
    if (!database) {
        std::fprintf(stderr, "kioskctl: %s\n", database.error().to_string().c_str());
        options.exit_code = 1;
        return std::nullopt;
    }
    return std::move(database).value();
}

std::string audit_actor() {
    const char* user = std::getenv("USER");
    return std::string("kioskctl:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

std::int64_t unix_now_s() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

void audit_change(store::Database& database, CtlOptions& options, const std::string& action,
                  const std::string& detail) {
    store::AuditLog audit(database);
    if (auto appended = audit.append(audit_actor(), action, detail, unix_now_s()); !appended) {
        std::fprintf(stderr, "kioskctl: could not write the audit log: %s\n", appended.error().to_string().c_str());
        options.exit_code = 1;
    }
}

}  // namespace kiosk::ctl
