// kioskctl: the operator's command-line tool for a ktp-kiosk database and its cards.
#include "kiosk/ctl/card_command.hpp"
#include "kiosk/ctl/ctl_options.hpp"
#include "kiosk/ctl/dispenser_commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace kiosk::ctl {

void add_store_commands(CLI::App& app, CtlOptions& options);  // store_commands.cpp

bool require_db(const CtlOptions& options) {
    if (!options.db_path.empty()) return true;
    std::fprintf(stderr, "kioskctl: this command needs --db PATH (or KIOSK_DB in the environment)\n");
    return false;
}

void add_nik_commands(CLI::App& app, CtlOptions& options);
void add_config_commands(CLI::App& app, CtlOptions& options);

}  // namespace kiosk::ctl

int main(int argc, char** argv) {
    using namespace kiosk::ctl;
    CLI::App app{"kioskctl: operate a ktp-kiosk (database, residents, cards, audit log)"};
    app.set_help_all_flag("--help-all", "Show help for every subcommand");
    CtlOptions options;
    app.add_option("--db", options.db_path, "Path of the kiosk's SQLite database")->envname("KIOSK_DB");
    app.require_subcommand(1);

    // Command groups, one file each.
    add_nik_commands(app, options);
    add_config_commands(app, options);
    add_store_commands(app, options);
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
