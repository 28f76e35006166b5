// `kioskctl card ...`: issue virtual KTP-el cards for tests and the demo.
#pragma once

#include "kiosk/ctl/ctl_options.hpp"

namespace kiosk::ctl {

// card keygen --out-private F --out-public F    a test issuer key pair (P-256, PEM)
// card make --nik NIK --issuer-key KEY --out FILE [--name ... --serial ...] [--staff --pin PIN]
//           [--forge | --clone]                   a card file for kiosk-sim-card
void add_card_commands(CLI::App& app, CtlOptions& options);

}  // namespace kiosk::ctl
