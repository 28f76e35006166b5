// What kioskctl's database commands share: opening the store with a clear message on failure, the
// actor and time written to the audit log.
#pragma once

#include "kiosk/ctl/ctl_options.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::ctl {

// Prints the error and sets options.exit_code = 1 when the database cannot be opened.
enum class Workload { lookup, bulk_load };
std::optional<store::Database> open_store_for_command(CtlOptions& options, store::IntegrityCheck integrity,
                                                      Workload workload = Workload::lookup);

// "kioskctl:<login>" (the Unix user running the tool), for the audit log's actor column.
std::string audit_actor();

std::int64_t unix_now_s();

// Appends an audit row; on failure prints why and sets exit code 1 (the change itself is kept).
void audit_change(store::Database& database, CtlOptions& options, const std::string& action, const std::string& detail);

}  // namespace kiosk::ctl
