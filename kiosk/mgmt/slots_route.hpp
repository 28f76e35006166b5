// GET /api/v1/slots (operator): the dispenser's magazine as the kiosk believes it to be, slot by
// slot: state, the resident's NIK masked ("3171 **** **** 0001", core::Nik::masked_ascii; never the
// whole NIK, never the name), the card's serial, when it was loaded and until when it waits, and the
// totals. The handler is the one place the NIK is masked: the source hands it whole, and nothing
// else of it leaves this file.
//
// Response 200 application/json:
//   {"now_unix_s": int, "pickup_deadline_days": int,
//    "totals": {"capacity": int, "used": int, "free": int, "fault": int, "past_deadline": int},
//    "slots": [{"slot": int, "state": "EMPTY"|"LOADED"|"FAULT", "nik_masked": string|null,
//               "card_serial": string|null, "loaded_at_unix_s": int|null,
//               "deadline_unix_s": int|null, "past_deadline": bool}, ...]}
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

struct MagazineSlot {
    std::int64_t slot = 0;         // 1-based, as the store numbers them
    std::string state;             // the store's code: "EMPTY", "LOADED", "FAULT"
    std::optional<core::Nik> nik;  // the resident whose card it holds; masked by the handler
    std::optional<std::string> card_serial;
    std::optional<std::int64_t> loaded_at_s;  // unix seconds
    std::optional<std::int64_t> deadline_s;   // unix seconds: loaded_at + pickup_deadline_days
    bool past_deadline = false;
};

// Counted by the source from the same rows (capacity: the slots the store knows).
struct MagazineTotals {
    std::int64_t capacity = 0;
    std::int64_t used = 0;  // LOADED
    std::int64_t free = 0;  // EMPTY
    std::int64_t fault = 0;
    std::int64_t past_deadline = 0;
};

struct Magazine {
    std::vector<MagazineSlot> slots;  // by slot number
    MagazineTotals totals;
    int pickup_deadline_days = 0;
    std::int64_t now_s = 0;
};

// Implemented by the application over the store, on the server thread's own connection.
class MagazineSource {
public:
    virtual ~MagazineSource() = default;
    // Errors: the store cannot be read (the handler answers 503).
    virtual Result<Magazine> magazine() = 0;
};

[[nodiscard]] Response handle_slots(const RequestContext& context, MagazineSource& source);

// GET /api/v1/slots, operator, no body.
void add_slots_routes(RouteTable& routes, MagazineSource& source);

}  // namespace kiosk::mgmt
