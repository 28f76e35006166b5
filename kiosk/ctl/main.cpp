// kioskctl: the operator's command-line tool for a ktp-kiosk database and its cards.
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/ctl_options.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    using namespace kiosk::ctl;
    CLI::App app{"kioskctl: operate a ktp-kiosk (database, residents, cards, audit log, tokens, staff)"};
    app.set_help_all_flag("--help-all", "Show help for every subcommand");
    CtlOptions options;
    app.add_option("--db", options.db_path, "Path of the kiosk's SQLite database")->envname("KIOSK_DB");
    app.require_subcommand(1);

    add_nik_commands(app, options);
    add_config_commands(app, options);
    add_db_commands(app, options);
    add_seed_commands(app, options);
    add_import_commands(app, options);
    add_record_commands(app, options);
    add_audit_commands(app, options);
    add_token_commands(app, options);
    add_staff_commands(app, options);
    add_card_commands(app, options);
    add_dispenser_commands(app, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help prints and succeeds; every usage error is exit status 2, like the subcommands'.
        return app.exit(e) == 0 ? 0 : 2;
    }
    return options.exit_code;
}
