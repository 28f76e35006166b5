// The records import behind PUT /api/v1/records: kiosk/mgmt's RecordsImport over the store's
// NdjsonImporter, the same code path as `kioskctl import`. Each request's import is audited once,
// when it ends, with the caller and the counts: "records.import" by "central:<certificate CN>",
// detail "imported=N unchanged=N bad_lines=N ended=complete|cut_off|failed".
//
// Thread safety: the imports share one database connection of their own, opened here, and run on
// the management server's thread only (one connection per thread, DESIGN.md). Their batches are
// short transactions (store::kImportBatchLines), so a session's write on the UI side waits little.
#pragma once

#include "kiosk/mgmt/records_route.hpp"
#include "kiosk/store/ndjson_import.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace kiosk::app {

// Errors: the database cannot be opened.
[[nodiscard]] Result<mgmt::StartRecordsImport> records_import_over(const std::string& database_path,
                                                                   std::function<std::int64_t()> now_s,
                                                                   std::int64_t batch_lines = store::kImportBatchLines);

}  // namespace kiosk::app
