// Reading the audit log a page at a time, for GET /api/v1/audit: the rows after an id, oldest
// first. The chain's check stays AuditLog::verify (audit.hpp); this only reads.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <vector>

namespace kiosk::store {

struct AuditPage {
    std::vector<AuditEntry> entries;  // id > after, in id order, at most `limit`
    bool more = false;                // rows after the last entry exist
};

// The rows with id > `after_id`; `limit` must be positive (a programmer error otherwise). One read
// transaction, so `more` is true of the same snapshot as the entries.
Result<AuditPage> audit_page_after(Database& database, std::int64_t after_id, std::int64_t limit);

}  // namespace kiosk::store
