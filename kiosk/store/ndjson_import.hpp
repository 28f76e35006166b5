// Importing residents' records from NDJSON: one JSON object per line, upserted by NIK.
//
// Fields of a line (anything else makes the line bad, so a misspelt field is never silently lost):
//   nik                 string, required   16 digits; spaces/dashes between groups accepted (Nik::parse)
//   name                string, required   non-empty, at most 200 bytes
//   status              string, required   a CardStatus wire code, e.g. "PRINT_READY_RECORD"
//   status_time         integer, required  unix seconds of the last status change, >= 0
//   queue_position      integer >= 1 or null, optional
//   office_blank_stock  integer >= 0 or null, optional
//   priority            string, optional   "FIRST_CARD" (default), "URGENT_NEED", "REPLACEMENT"
//   card_serial         string or null, optional
//   templates           array of 1 or 2 base64 strings or null, optional: finger 1 then finger 2,
//                       each exactly 512 bytes once decoded; replaces those fingers' templates
// Blank lines are skipped. A line's upsert keeps the record's dispenser slot (the kiosk's own fact).
//
// Bad lines are reported with their 1-based line number and a reason that never contains the NIK,
// the name or any other value from the line; the good lines are imported.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/templates.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

struct ImportedRecord {
    Record record;
    std::vector<FingerTemplate> templates;  // index 0 is finger 1
};

// The record on a line, or the reason the line is bad.
[[nodiscard]] Result<ImportedRecord, std::string> parse_import_line(std::string_view line);

struct BadLine {
    std::int64_t line = 0;
    std::string reason;
};

struct ImportSummary {
    std::int64_t imported = 0;
    std::int64_t bad_lines = 0;
};

// Reads `input` to its end, upserting good lines in transactions of batch_lines lines and calling
// on_bad_line for each bad one. Fails only on a database error; batches committed before it stay.
// batch_lines: bench/store_contention_bench (200,000 residents, 100,000 lines with templates, a
// session write every 10 ms on another connection; 2 shared cores): batches begun back to back, as
// here, starve the other writer whatever their size (p99 wait 330-1,440 ms for 50-10,000 lines,
// SQLite's busy handler polls between them); with 10 ms given up between batches, 100 lines kept its
// p99 at 8.6 ms (import 5,900 lines/s; 200 lines: 18.7 ms), 10,000 lines 630 ms (28,700 lines/s).
Result<ImportSummary> import_ndjson(Database& database, std::istream& input,
                                    const std::function<void(const BadLine&)>& on_bad_line,
                                    std::int64_t batch_lines = 100);

}  // namespace kiosk::store
