// kioskctl init: create or migrate the database (idempotent).
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/schema.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace kiosk::ctl {
namespace {

CommandResult run_init(const CtlOptions& options) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::quick));
    const int version = store::latest_schema_version();
    std::printf("database %s ready at schema version %d\n", options.db_path.c_str(), version);
    TRY(audit_change(database, "db.init", "schema_version=" + std::to_string(version)));
    return kExitSuccess;
}

}  // namespace

void add_db_commands(CLI::App& app, CtlOptions& options) {
    auto* init = app.add_subcommand("init", "Create the kiosk database, or migrate it to this program's schema");
    init->callback([&options] { options.exit_code = finish(run_init(options)); });
}

}  // namespace kiosk::ctl
