// The dispenser's magazine as the kiosk believes it to be: which card (serial, resident) is in which
// slot. The dispenser's own inventory is the physical truth; reconciliation compares the two.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::store {

enum class SlotState { empty, loaded, fault };

[[nodiscard]] const char* wire_code(SlotState state);  // "EMPTY", "LOADED", "FAULT"

struct Slot {
    std::int64_t slot = 0;  // 1-based, as the dispenser numbers them
    SlotState state = SlotState::empty;
    std::optional<std::string> card_serial;
    std::optional<core::Nik> nik;
    std::optional<std::int64_t> loaded_at_s;  // unix seconds
    friend bool operator==(const Slot&, const Slot&) = default;
};

// When a loaded card counts as uncollected: `pickup_deadline_days` days of 86,400 s after it was
// loaded ([session] pickup_deadline_days). The deadline follows the configuration rather than being
// stored with the card: the days are the office's policy, and changing them moves every card's
// deadline. nullopt for a slot that holds no card, or one loaded without a known time.
struct PickupDeadline {
    std::int64_t deadline_s = 0;  // unix seconds
    bool past = false;            // now_s is at or after deadline_s
    friend bool operator==(const PickupDeadline&, const PickupDeadline&) = default;
};
[[nodiscard]] std::optional<PickupDeadline> pickup_deadline_of(const Slot& slot, int pickup_deadline_days,
                                                               std::int64_t now_s);

// A loaded card past its pickup deadline (Slots::uncollected), for staff to take back.
struct UncollectedCard {
    Slot slot;                    // LOADED: the card's serial and resident
    std::int64_t deadline_s = 0;  // unix seconds: when it became uncollected
    friend bool operator==(const UncollectedCard&, const UncollectedCard&) = default;
};

class Slots {
public:
    explicit Slots(Database& database) : database_(&database) {}

    // Records a printed card placed in a slot. The resident's record must exist.
    Status load(std::int64_t slot, const std::string& card_serial, const core::Nik& nik, std::int64_t loaded_at_s);
    // The slot is empty again (card picked up, captured or taken back by staff).
    Status clear(std::int64_t slot);
    Status mark_fault(std::int64_t slot);
    Result<std::optional<Slot>> get(std::int64_t slot);
    Result<std::vector<Slot>> all();
    // The loaded slots whose card is past its pickup deadline (pickup_deadline_of), by slot number.
    Result<std::vector<UncollectedCard>> uncollected(int pickup_deadline_days, std::int64_t now_s);

private:
    Database* database_;
};

}  // namespace kiosk::store
