// kioskctl's command groups. A group is a function that adds its subcommands to the application;
// each subcommand's callback sets options.exit_code. One file per group; main.cpp calls them all.
#pragma once

#include "kiosk/ctl/ctl_options.hpp"

namespace CLI {
class App;
}

namespace kiosk::ctl {

// nik check NIK [--json] [--today YYYY-MM-DD]        the keypad's NIK rules (nik_command.cpp)
void add_nik_commands(CLI::App& app, CtlOptions& options);
// config check FILE | config defaults                 kiosk.toml (config_command.cpp)
void add_config_commands(CLI::App& app, CtlOptions& options);

// The database groups; each needs --db.
// init                                                create or migrate the database (db_commands.cpp)
void add_db_commands(CLI::App& app, CtlOptions& options);
// seed --records N --region CODE                      synthetic residents (seed_command.cpp)
void add_seed_commands(CLI::App& app, CtlOptions& options);
// import FILE                                         NDJSON records (import_command.cpp)
void add_import_commands(CLI::App& app, CtlOptions& options);
// record NIK [--unmask]                               one resident's record (record_command.cpp)
void add_record_commands(CLI::App& app, CtlOptions& options);
// audit verify | audit append                         the hash-chained audit log (audit_command.cpp)
void add_audit_commands(CLI::App& app, CtlOptions& options);
// token create --role R --name N [--expires DAYS] | token list | token revoke --name N
//                                                     the management server's tokens (token_commands.cpp)
void add_token_commands(CLI::App& app, CtlOptions& options);
// staff add --id ID --name NAME --role R --card-serial S | staff list | staff disable --id ID
//                                                     the staff roster (staff_commands.cpp)
void add_staff_commands(CLI::App& app, CtlOptions& options);

// card keygen --out-private F --out-public F          a test issuer key pair (P-256, PEM)
// card make --nik NIK --issuer-key KEY --out FILE [--name ... --serial ...] [--staff --pin PIN]
//           [--forge | --clone]                       a card file for kiosk-sim-card (card_command.cpp)
void add_card_commands(CLI::App& app, CtlOptions& options);
// dispenser status|inventory|initialize|reset-bin-counter   the card dispenser (dispenser_commands.cpp);
//                                                     slots printed from 1 (kiosk/core/slot_number.hpp)
void add_dispenser_commands(CLI::App& app, CtlOptions& options);

}  // namespace kiosk::ctl
