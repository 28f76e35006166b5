// kioskctl init: create or migrate the database (idempotent).
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/schema.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace kiosk::ctl {

void add_db_commands(CLI::App& app, CtlOptions& options) {
    auto* init = app.add_subcommand("init", "Create the kiosk database, or migrate it to this program's schema");
    init->callback([&options] {
        auto database = open_store_for_command(options, store::IntegrityCheck::quick);
        if (!database) return;
        const int version = store::latest_schema_version();
        std::printf("database %s ready at schema version %d\n", options.db_path.c_str(), version);
        audit_change(*database, options, "db.init", "schema_version=" + std::to_string(version));
    });
}

}  // namespace kiosk::ctl
