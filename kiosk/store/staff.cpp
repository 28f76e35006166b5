#include "kiosk/store/staff.hpp"

#include <string_view>

namespace kiosk::store {
namespace {

std::optional<StaffRole> staff_role_from_wire_code(std::string_view code) {
    for (const StaffRole role : {StaffRole::operator_, StaffRole::technician, StaffRole::supervisor}) {
        if (code == wire_code(role)) return role;
    }
    return std::nullopt;
}

Result<std::optional<StaffMember>> one_member(CachedStatement& statement, const char* where) {
    if (!TRY(statement->step())) return std::optional<StaffMember>{};
    StaffMember member;
    member.staff_id = statement->column_text(0);
    member.name = statement->column_text(1);
    member.card_serial = statement->column_optional_text(2);
    const auto role = staff_role_from_wire_code(statement->column_text(3));
    if (!role) return fail(where, "a staff row breaks the schema's rules");
    member.role = *role;
    member.active = statement->column_int(4) != 0;
    return std::optional<StaffMember>{std::move(member)};
}

}  // namespace

const char* wire_code(StaffRole role) {
    switch (role) {
        case StaffRole::operator_: return "OPERATOR";
        case StaffRole::technician: return "TECHNICIAN";
        case StaffRole::supervisor: return "SUPERVISOR";
    }
    return "OPERATOR";
}

Status Staff::upsert(const StaffMember& member) {
    auto statement = TRY(database_->cached(
        "INSERT INTO staff (staff_id, name, card_serial, role, active) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, card_serial = excluded.card_serial, "
        "role = excluded.role, active = excluded.active",
        "store.staff.upsert"));
    TRY(statement->bind_all(member.staff_id, member.name, member.card_serial, std::string_view(wire_code(member.role)),
                            std::int64_t{member.active ? 1 : 0}));
    return statement->run();
}

Result<std::optional<StaffMember>> Staff::find_active_by_card(const std::string& card_serial) {
    constexpr const char* where = "store.staff.find_active_by_card";
    auto statement = TRY(database_->cached(
        "SELECT staff_id, name, card_serial, role, active FROM staff WHERE card_serial = ?1 AND active = 1", where));
    TRY(statement->bind(1, card_serial));
    return one_member(statement, where);
}

Result<std::optional<StaffMember>> Staff::get(const std::string& staff_id) {
    constexpr const char* where = "store.staff.get";
    auto statement = TRY(
        database_->cached("SELECT staff_id, name, card_serial, role, active FROM staff WHERE staff_id = ?1", where));
    TRY(statement->bind(1, staff_id));
    return one_member(statement, where);
}

}  // namespace kiosk::store
