// Which staff role may do which task at the kiosk, defined once: the staff machine refuses a task the
// signed-in role may not do, and the menu shows that task's tile as not this person's, with the role
// that may.
//
//   restock, take back, capture bin   every role: the office's daily work with the magazine
//   service                           technician, supervisor: out of service, device self-test and the
//                                     inventory audit that repairs drift between store and dispenser
//   operator checks                   supervisor: deciding whether a doubtful pickup's card left the
//                                     machine changes a resident's record on a person's word alone
//
// Pure data.
#pragma once

#include "kiosk/core/staff/staff_events.hpp"
#include "kiosk/core/staff/staff_role.hpp"

namespace kiosk::core::staff {

// The least role a task needs, in the order operator < technician < supervisor.
[[nodiscard]] constexpr StaffRole least_role_for(StaffTask task) {
    switch (task) {
        case StaffTask::restock:
        case StaffTask::take_back:
        case StaffTask::capture_bin: return StaffRole::operator_;
        case StaffTask::service: return StaffRole::technician;
        case StaffTask::operator_checks: return StaffRole::supervisor;
    }
    return StaffRole::supervisor;
}

[[nodiscard]] constexpr int rank(StaffRole role) {
    switch (role) {
        case StaffRole::operator_: return 0;
        case StaffRole::technician: return 1;
        case StaffRole::supervisor: return 2;
    }
    return 0;
}

[[nodiscard]] constexpr bool may_do(StaffRole role, StaffTask task) {
    return rank(role) >= rank(least_role_for(task));
}

}  // namespace kiosk::core::staff
