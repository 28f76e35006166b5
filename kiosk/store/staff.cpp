#include "kiosk/store/staff.hpp"

#include <string_view>

namespace kiosk::store {
namespace {

using core::staff::StaffRole;

constexpr std::string_view kSelect = "SELECT staff_id, name, card_serial, role, active FROM staff";
constexpr std::size_t kStaffIdMax = 32;

Result<StaffMember> member_from_row(const Statement& row, const char* where) {
    StaffMember member;
    member.staff_id = row.column_text(0);
    member.name = row.column_text(1);
    member.card_serial = row.column_optional_text(2);
    const auto role = core::staff::staff_role_from_wire_code(row.column_text(3));
    if (!role) return fail(where, "a staff row breaks the schema's rules");
    member.role = *role;
    member.active = row.column_int(4) != 0;
    return member;
}

Result<std::optional<StaffMember>> one_member(CachedStatement& statement, const char* where) {
    if (!TRY(statement->step())) return std::optional<StaffMember>{};
    return std::optional<StaffMember>{TRY(member_from_row(*statement, where))};
}

}  // namespace

bool is_valid_staff_id(std::string_view staff_id) {
    if (staff_id.empty() || staff_id.size() > kStaffIdMax) return false;
    for (const char c : staff_id) {
        const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == '.';
        if (!safe) return false;
    }
    return true;
}

std::string staff_actor(std::string_view staff_id) {
    return "staff:" + std::string(staff_id);
}

Status Staff::upsert(const StaffMember& member) {
    constexpr const char* where = "store.staff.upsert";
    if (!is_valid_staff_id(member.staff_id)) return fail(where, "a staff id is 1 to 32 of A-Z a-z 0-9 - _ .");
    auto statement = TRY(database_->cached(
        "INSERT INTO staff (staff_id, name, card_serial, role, active) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, card_serial = excluded.card_serial, "
        "role = excluded.role, active = excluded.active",
        where));
    TRY(statement->bind_all(member.staff_id, member.name, member.card_serial, wire_code(member.role),
                            std::int64_t{member.active ? 1 : 0}));
    return statement->run();
}

Result<std::optional<StaffMember>> Staff::find_active_by_card(const std::string& card_serial) {
    constexpr const char* where = "store.staff.find_active_by_card";
    auto statement = TRY(database_->cached(std::string(kSelect) + " WHERE card_serial = ?1 AND active = 1", where));
    TRY(statement->bind(1, card_serial));
    return one_member(statement, where);
}

Result<std::optional<StaffMember>> Staff::get(const std::string& staff_id) {
    constexpr const char* where = "store.staff.get";
    auto statement = TRY(database_->cached(std::string(kSelect) + " WHERE staff_id = ?1", where));
    TRY(statement->bind(1, staff_id));
    return one_member(statement, where);
}

Result<std::vector<StaffMember>> Staff::list() {
    constexpr const char* where = "store.staff.list";
    auto statement = TRY(database_->cached(std::string(kSelect) + " ORDER BY staff_id", where));
    std::vector<StaffMember> members;
    while (TRY(statement->step())) members.push_back(TRY(member_from_row(*statement, where)));
    return members;
}

Result<bool> Staff::set_active(const std::string& staff_id, bool active) {
    auto statement = TRY(database_->cached("UPDATE staff SET active = ?2 WHERE staff_id = ?1 AND active != ?2",
                                           "store.staff.set_active"));
    TRY(statement->bind_all(staff_id, std::int64_t{active ? 1 : 0}));
    TRY(statement->run());
    return database_->changes() > 0;
}

}  // namespace kiosk::store
