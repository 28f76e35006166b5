// Office staff allowed to service the kiosk, recognised by the serial of their staff card.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <optional>
#include <string>

namespace kiosk::store {

enum class StaffRole { operator_, technician, supervisor };

[[nodiscard]] const char* wire_code(StaffRole role);  // "OPERATOR", "TECHNICIAN", "SUPERVISOR"

struct StaffMember {
    std::string staff_id;
    std::string name;
    std::optional<std::string> card_serial;
    StaffRole role = StaffRole::operator_;
    bool active = true;
    friend bool operator==(const StaffMember&, const StaffMember&) = default;
};

class Staff {
public:
    explicit Staff(Database& database) : database_(&database) {}

    Status upsert(const StaffMember& member);
    // Only active staff: a deactivated card opens nothing.
    Result<std::optional<StaffMember>> find_active_by_card(const std::string& card_serial);
    Result<std::optional<StaffMember>> get(const std::string& staff_id);

private:
    Database* database_;
};

}  // namespace kiosk::store
