// Who may do what (staff_permissions.hpp): the table itself, and the machine refusing a task beyond
// the signed-in role while doing the same task for a role that may.
#include "kiosk/core/staff/staff_permissions.hpp"
#include "tests/kiosk/core/staff/staff_rig.hpp"

#include <doctest/doctest.h>

using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

TEST_CASE("the table: daily magazine work for everyone, service from technician, checks for supervisors") {
    for (const StaffRole role : kAllStaffRoles) {
        CHECK(may_do(role, StaffTask::restock));
        CHECK(may_do(role, StaffTask::take_back));
        CHECK(may_do(role, StaffTask::capture_bin));
    }
    CHECK_FALSE(may_do(StaffRole::operator_, StaffTask::service));
    CHECK(may_do(StaffRole::technician, StaffTask::service));
    CHECK(may_do(StaffRole::supervisor, StaffTask::service));
    CHECK_FALSE(may_do(StaffRole::operator_, StaffTask::operator_checks));
    CHECK_FALSE(may_do(StaffRole::technician, StaffTask::operator_checks));
    CHECK(may_do(StaffRole::supervisor, StaffTask::operator_checks));
}

namespace {

// Signed in as `role`, the menu read; then `task` chosen: the phase it leads to.
Phase after_choosing(StaffRole role, StaffTask task, Commands* out = nullptr) {
    StaffRig rig;
    rig.identity.role = role;
    rig.sign_in();
    const Commands commands = rig.send(TaskChosen{task});
    if (out) *out = commands;
    return rig.machine.phase();
}

}  // namespace

TEST_CASE("an operator's choice of service or operator checks does nothing; the menu stays") {
    for (const StaffTask task : {StaffTask::service, StaffTask::operator_checks}) {
        Commands out;
        CHECK(after_choosing(StaffRole::operator_, task, &out) == Phase::menu);
        CHECK(out.empty());
    }
    CHECK(after_choosing(StaffRole::operator_, StaffTask::restock) == Phase::restock);
}

TEST_CASE("a technician services the kiosk but does not decide operator checks") {
    CHECK(after_choosing(StaffRole::technician, StaffTask::service) == Phase::service);
    Commands out;
    CHECK(after_choosing(StaffRole::technician, StaffTask::operator_checks, &out) == Phase::menu);
    CHECK(out.empty());
    CHECK(after_choosing(StaffRole::supervisor, StaffTask::operator_checks) == Phase::operator_checks);
}

TEST_CASE("the view names the signed-in role, which the menu's tiles follow") {
    StaffRig rig;
    rig.identity.role = StaffRole::technician;
    rig.sign_in();
    REQUIRE(rig.view().signed_in.has_value());
    CHECK(rig.view().signed_in->role == StaffRole::technician);
}
