// Office staff allowed to service the kiosk, recognised by the serial of their staff card.
//
// A staff id is also the audit log's actor for what its holder does ("staff:<id>"), so it is kept to
// characters that are safe to print in a terminal and to write into an audit row
// (is_valid_staff_id). Staff are never deleted, only made inactive: the audit log's actors keep
// pointing at someone.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/core/staff/staff_role.hpp"
#include "kiosk/store/sqlite.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

struct StaffMember {
    std::string staff_id;
    std::string name;
    std::optional<std::string> card_serial;
    core::staff::StaffRole role = core::staff::StaffRole::operator_;
    bool active = true;
    friend bool operator==(const StaffMember&, const StaffMember&) = default;
};

// 1 to 32 of A-Z a-z 0-9 - _ .
[[nodiscard]] bool is_valid_staff_id(std::string_view staff_id);
// The audit log's actor for a staff member's own actions: "staff:<id>".
[[nodiscard]] std::string staff_actor(std::string_view staff_id);

class Staff {
public:
    explicit Staff(Database& database) : database_(&database) {}

    // Inserts, or replaces every field of the member with that id. Fails for an id that
    // is_valid_staff_id refuses, and for a card serial another member holds (one card, one person).
    Status upsert(const StaffMember& member);
    // Only active staff: a deactivated card opens nothing.
    Result<std::optional<StaffMember>> find_active_by_card(const std::string& card_serial);
    Result<std::optional<StaffMember>> get(const std::string& staff_id);
    // Every member, active or not, by id.
    Result<std::vector<StaffMember>> list();
    // false when there is no member with that id, or it is already so.
    Result<bool> set_active(const std::string& staff_id, bool active);

private:
    Database* database_;
};

}  // namespace kiosk::store
