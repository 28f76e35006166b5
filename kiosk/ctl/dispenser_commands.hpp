// kioskctl dispenser status|inventory|initialize|reset-bin-counter
#pragma once

#include "kiosk/ctl/ctl_options.hpp"

namespace kiosk::ctl {

void add_dispenser_commands(CLI::App& app, CtlOptions& options);

}  // namespace kiosk::ctl
