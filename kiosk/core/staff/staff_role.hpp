// The roles of office staff who may service the kiosk (DESIGN.md "Staff"), defined once for the whole
// program: the store's roster, kioskctl and the staff screens all use this one.
//
// Pure data.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kiosk::core::staff {

enum class StaffRole { operator_, technician, supervisor };

inline constexpr std::array kAllStaffRoles = {StaffRole::operator_, StaffRole::technician, StaffRole::supervisor};

// The schema's and the command line's text: "OPERATOR", "TECHNICIAN", "SUPERVISOR".
[[nodiscard]] constexpr std::string_view wire_code(StaffRole role) {
    switch (role) {
        case StaffRole::operator_: return "OPERATOR";
        case StaffRole::technician: return "TECHNICIAN";
        case StaffRole::supervisor: return "SUPERVISOR";
    }
    return "OPERATOR";
}

[[nodiscard]] constexpr std::optional<StaffRole> staff_role_from_wire_code(std::string_view code) {
    for (const StaffRole role : kAllStaffRoles) {
        if (code == wire_code(role)) return role;
    }
    return std::nullopt;
}

}  // namespace kiosk::core::staff
