// Options shared by every kioskctl subcommand.
#pragma once

#include <string>

namespace kiosk::ctl {

struct CtlOptions {
    std::string db_path;  // --db PATH, or $KIOSK_DB
    int exit_code = 0;    // set by the subcommand that ran
};

}  // namespace kiosk::ctl
