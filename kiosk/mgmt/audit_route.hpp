// GET /api/v1/audit?after=ID&limit=N (operator): the audit log a page at a time, oldest first, and
// whether the whole hash chain verifies.
//
// Paging: `after` (default 0) is the last id the caller has; the page holds the rows with a greater
// id, at most `limit` (default kAuditPageDefault, at most kAuditPageMax). `next_after` is the id to
// pass next (the page's last id, or `after` itself for an empty page) and `more` says whether rows
// after the page already exist. Ids are the chain's own row numbers: 1, 2, 3, ... without gaps.
//
// Audit rows hold no personal data by contract (store/audit.hpp), but `kioskctl audit append` takes
// free text, so the handler masks any NIK-shaped digits in actor, action and detail on the way out
// (mask_nik_runs).
//
// Response 200 application/json:
//   {"entries": [{"id": int, "at_unix_s": int, "actor": string, "action": string, "detail": string}],
//    "next_after": int, "more": bool,
//    "chain": {"intact": bool, "rows": int,
//              "first_break": {"id": int, "reason": string} | null}}
// Problems: invalid-query-parameter (400, with "parameter"), unavailable (503: the store could not
// be read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

inline constexpr std::int64_t kAuditPageDefault = 100;
inline constexpr std::int64_t kAuditPageMax = 1000;

struct AuditRow {
    std::int64_t id = 0;
    std::int64_t at_s = 0;  // unix seconds
    std::string actor;
    std::string action;
    std::string detail;
};

struct AuditRows {
    std::vector<AuditRow> rows;  // id > after, in id order, at most limit
    bool more = false;
    AuditChainCheck chain;  // the whole chain's check, not only the page's
};

// Implemented by the application over the store, on the server thread's own connection.
class AuditSource {
public:
    virtual ~AuditSource() = default;
    // `limit` is within 1..kAuditPageMax. Errors: the store cannot be read.
    virtual Result<AuditRows> rows_after(std::int64_t after_id, std::int64_t limit) = 0;
};

// `text` with every run of 16 digits, alone or grouped by single spaces or dashes ("3171 0141 0190
// 0001"), replaced by its masked form ("3171 **** **** 0001"); a run of more digits than a NIK
// becomes "[redacted]", since a NIK may hide inside it.
[[nodiscard]] std::string mask_nik_runs(std::string_view text);

[[nodiscard]] Response handle_audit(const RequestContext& context, AuditSource& source);

// GET /api/v1/audit, operator, no body.
void add_audit_routes(RouteTable& routes, AuditSource& source);

}  // namespace kiosk::mgmt
