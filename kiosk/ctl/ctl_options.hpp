// Options shared by every kioskctl subcommand, and the signature of a command group.
//
// A command group is a function `void add_<group>_commands(CLI::App& app, CtlOptions& options)` in
// its own file; it adds subcommands whose callbacks set options.exit_code. main.cpp lists the groups.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace kiosk::ctl {

struct CtlOptions {
    std::string db_path;  // --db PATH, or $KIOSK_DB
    int exit_code = 0;    // set by the subcommand that ran
};

// Fails with exit code 2 and a clear message when a subcommand that needs --db was run without it.
bool require_db(const CtlOptions& options);

}  // namespace kiosk::ctl
