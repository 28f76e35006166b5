// The database command groups, registered together so main.cpp needs one line for them.
#include "kiosk/ctl/ctl_options.hpp"

#include <CLI/CLI.hpp>

namespace kiosk::ctl {

void add_db_commands(CLI::App& app, CtlOptions& options);      // db_commands.cpp: init
void add_seed_commands(CLI::App& app, CtlOptions& options);    // seed_command.cpp
void add_import_commands(CLI::App& app, CtlOptions& options);  // import_command.cpp
void add_record_commands(CLI::App& app, CtlOptions& options);  // record_command.cpp
void add_audit_commands(CLI::App& app, CtlOptions& options);   // audit_command.cpp

void add_store_commands(CLI::App& app, CtlOptions& options) {
    add_db_commands(app, options);
    add_seed_commands(app, options);
    add_import_commands(app, options);
    add_record_commands(app, options);
    add_audit_commands(app, options);
}

}  // namespace kiosk::ctl
