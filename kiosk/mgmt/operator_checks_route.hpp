// GET /api/v1/operator-checks (operator): the pickups that need a person. Start-up reconciliation
// settles a pickup that a power cut interrupted from the journal and the dispenser's sensors; when
// the facts contradict each other it decides nothing, marks the slot FAULT so that no pickup starts
// from it, and leaves the pickup to staff (store/pickup_journal.hpp, reconciled_operator_check).
// Such a pickup is listed here until staff have emptied or reloaded its slot.
//
// Response 200 application/json:
//   {"now_unix_s": int,
//    "checks": [{"journal_id": int, "slot": int, "nik_masked": string, "card_serial": string|null,
//                "reason": string, "began_unix_s": int, "decided_unix_s": int,
//                "bin_counter_at_begin": int|null}, ...]}       oldest first
// `reason` is reconciliation's own words ("slot occupancy unknown", ...); the NIK is masked here, as
// in the slots route (core::Nik::masked_ascii), and nothing else of the resident leaves.
// Problems: invalid-query-parameter (400: the route takes no parameter), unavailable (503: the
// store could not be read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

struct OperatorCheck {
    std::int64_t journal_id = 0;
    std::int64_t slot = 0;
    core::Nik nik;  // masked by the handler
    std::optional<std::string> card_serial;
    std::string reason;
    std::int64_t began_at_s = 0;    // unix seconds: the pickup's intent
    std::int64_t decided_at_s = 0;  // unix seconds: reconciliation left it to staff
    std::optional<std::int64_t> bin_counter_at_begin;
};

struct OperatorChecks {
    std::vector<OperatorCheck> checks;  // oldest first
    std::int64_t now_s = 0;
};

// Implemented by the application over the store, on the server thread's own connection.
class OperatorCheckSource {
public:
    virtual ~OperatorCheckSource() = default;
    // Errors: the store cannot be read (the handler answers 503).
    virtual Result<OperatorChecks> operator_checks() = 0;
};

[[nodiscard]] Response handle_operator_checks(const RequestContext& context, OperatorCheckSource& source);

// GET /api/v1/operator-checks, operator, no body.
void add_operator_checks_routes(RouteTable& routes, OperatorCheckSource& source);

}  // namespace kiosk::mgmt
