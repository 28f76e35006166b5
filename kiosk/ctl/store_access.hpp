// What kioskctl's database commands share: opening the store, the actor and time written to the
// audit log.
#pragma once

#include "kiosk/ctl/command_result.hpp"
#include "kiosk/ctl/ctl_options.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/store.hpp"

#include <cstdint>
#include <string>

namespace kiosk::ctl {

enum class Workload { lookup, bulk_load };

// The database named by --db: a usage error (exit status 2) when there is none, the store's own
// error when it cannot be opened.
Result<store::Database, CommandError> open_store_for_command(const CtlOptions& options, store::IntegrityCheck integrity,
                                                             Workload workload = Workload::lookup);

// "kioskctl:<login>" (the Unix user running the tool), for the audit log's actor column.
std::string audit_actor();

std::int64_t unix_now_s();

// Appends an audit row for a change the command made. A failure is the command's failure (exit
// status 1). Outside a transaction the change is kept (it is already committed); inside the caller's
// transaction the row joins it, so the change and its row commit together or not at all.
CommandStatus audit_change(store::Database& database, const std::string& action, const std::string& detail);

}  // namespace kiosk::ctl
