// PUT /api/v1/records (central): residents' records as a streamed NDJSON body of any size, upserted
// by NIK through the same importer as `kioskctl import` (the line format and its checks are
// kiosk/store/ndjson_import.hpp; the application implements RecordsImport over it). The body is fed
// to the import as it arrives, so memory stays bounded whatever its size.
//
// Request: Content-Type application/x-ndjson (parameters ignored), Content-Length or chunked.
// Responses:
//   200 application/json {"imported": int, "unchanged": int, "bad_lines": int,
//                         "first_bad_lines": [{"line": int, "reason": string}, ...]}
//       imported counts the good lines upserted, unchanged those of them that were already so;
//       first_bad_lines lists at most kBadLinesListedMax of the bad_lines, in line order. Reasons
//       never hold a NIK or any other value from a line.
//   415 unsupported-media-type: another Content-Type; nothing is read.
//   503 records-import-failed: the database failed (or could not be opened) during the import;
//       the batches committed before it stay, and sending the whole body again is safe (an upsert
//       of unchanged data changes nothing).
// (401 and 403 come from the server: the route needs the central role.)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

inline constexpr std::size_t kBadLinesListedMax = 100;

struct BadRecordLine {
    std::int64_t line = 0;
    std::string reason;
    friend bool operator==(const BadRecordLine&, const BadRecordLine&) = default;
};

struct RecordsImportOutcome {
    std::int64_t imported = 0;
    std::int64_t unchanged = 0;
    std::int64_t bad_lines = 0;
    std::vector<BadRecordLine> first_bad_lines;  // at most kBadLinesListedMax
};

// One request's import, opened for its caller, who is named in the audit row it writes. Called on
// the server's thread only; after an error from feed() it is not called again.
class RecordsImport {
public:
    virtual ~RecordsImport() = default;
    virtual Status feed(std::string_view bytes) = 0;
    virtual Result<RecordsImportOutcome> finish() = 0;
    // The body was cut off: what was received whole is kept, and that is audited.
    virtual void abort() = 0;
};

using StartRecordsImport = std::function<Result<std::unique_ptr<RecordsImport>>(const Caller&)>;

// Adds PUT /api/v1/records to `routes`.
void add_records_routes(RouteTable& routes, StartRecordsImport start_import);

// The 200 response's body, for tests and the route.
[[nodiscard]] std::string records_outcome_json(const RecordsImportOutcome& outcome);

}  // namespace kiosk::mgmt
