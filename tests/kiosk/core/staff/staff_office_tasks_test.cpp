// The capture bin (confirmation, reset, record), operator checks (choose, confirm, resolve) and
// service (out/in service with a reason, self-test, inventory audit).
#include "tests/kiosk/core/staff/staff_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

namespace {

std::vector<BinCard> bin_cards() {
    return {BinCard{"KTP-X", nik_of(kNikA), "not_taken", 1'790'000'100},
            BinCard{std::nullopt, std::nullopt, "forged", 1'790'000'200}};
}

std::vector<OperatorCheck> checks() {
    OperatorCheck a;
    a.entry_id = 41;
    a.journal = CheckJournal::pickup;
    a.slot = 8;
    a.nik = nik_of(kNikB);
    a.journal_state = "chip_verified";
    a.reason = "card missing: left its slot, never presented, not in the bin";
    a.at_s = 1'790'000'300;
    a.slot_sensor_occupied = false;
    OperatorCheck b = a;
    b.entry_id = 42;
    b.journal = CheckJournal::load;
    b.nik.reset();
    b.slot_sensor_occupied.reset();
    return {a, b};
}

}  // namespace

TEST_CASE("the bin: listed with masked NIKs; emptied only after a confirmation; reset, then recorded") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::capture_bin});
    rig.send(BinListed{command<ListBin>(rig.last).request, 2, 50, bin_cards()});
    CaptureBinScreen s = rig.screen<CaptureBinScreen>();
    CHECK(s.phase == BinPhase::list);
    CHECK(s.count == 2);
    CHECK(s.capacity == 50);
    REQUIRE(s.items.size() == 2);
    CHECK(s.items[0] == BinRow{"KTP-X", nik_of(kNikA).masked(), "not_taken", 1'790'000'100});
    CHECK(s.items[1] == BinRow{"", "", "forged", 1'790'000'200});

    CHECK(rig.send(BinEmptiedPressed{}).empty());
    CHECK(rig.screen<CaptureBinScreen>().phase == BinPhase::confirm);
    rig.send(BackPressed{});  // not yet
    CHECK(rig.screen<CaptureBinScreen>().phase == BinPhase::list);
    rig.send(BinEmptiedPressed{});
    const auto reset = command<ResetBinCounter>(rig.send(ConfirmPressed{}));
    CHECK(rig.screen<CaptureBinScreen>().phase == BinPhase::resetting);
    CHECK(rig.view().back_available == false);
    const auto record = command<RecordBinEmptied>(rig.send(BinCounterReset{reset.request, true}));
    CHECK(record.staff_id == "S-017");
    CHECK(record.count == 2);
    rig.send(BinEmptiedRecorded{record.request, true});
    s = rig.screen<CaptureBinScreen>();
    CHECK(s.phase == BinPhase::emptied);
    CHECK(s.count == 0);
    CHECK(s.items.empty());
    CHECK_FALSE(s.problem.has_value());
}

TEST_CASE("the bin: a failed reset records nothing; a failed record still shows the bin emptied, with the problem") {
    SUBCASE("reset refused") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::capture_bin});
        rig.send(BinListed{rig.pending(), 2, 50, bin_cards()});
        rig.send(BinEmptiedPressed{});
        rig.send(ConfirmPressed{});
        const Commands out = rig.send(BinCounterReset{rig.pending(), false});
        CHECK(find_command<RecordBinEmptied>(out) == nullptr);
        CHECK(rig.screen<CaptureBinScreen>().phase == BinPhase::list);
        CHECK(rig.screen<CaptureBinScreen>().count == 2);
        CHECK(rig.screen<CaptureBinScreen>().problem == StaffProblem::dispenser_fault);
    }
    SUBCASE("reset silent") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::capture_bin});
        rig.send(BinListed{rig.pending(), 2, 50, bin_cards()});
        rig.send(BinEmptiedPressed{});
        rig.send(ConfirmPressed{});
        rig.advance(rig.config.bin_reset_timeout);
        CHECK(rig.screen<CaptureBinScreen>().problem == StaffProblem::dispenser_silent);
    }
    SUBCASE("record failed") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::capture_bin});
        rig.send(BinListed{rig.pending(), 2, 50, bin_cards()});
        rig.send(BinEmptiedPressed{});
        rig.send(ConfirmPressed{});
        rig.send(BinCounterReset{rig.pending(), true});
        rig.send(StoreRequestFailed{rig.pending()});
        CHECK(rig.screen<CaptureBinScreen>().phase == BinPhase::emptied);
        CHECK(rig.screen<CaptureBinScreen>().problem == StaffProblem::store_failed);
    }
}

TEST_CASE("operator checks: listed with the journal's facts; a resolution is confirmed, then written") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::operator_checks});
    rig.send(ChecksListed{command<ListChecks>(rig.last).request, checks()});
    OperatorChecksScreen s = rig.screen<OperatorChecksScreen>();
    REQUIRE(s.items.size() == 2);
    CHECK(s.items[0] == CheckRow{41, CheckJournal::pickup, 8, nik_of(kNikB).masked(), "chip_verified",
                                 "card missing: left its slot, never presented, not in the bin", 1'790'000'300, false});
    CHECK(s.items[1].nik_masked.empty());
    CHECK_FALSE(s.items[1].slot_sensor_occupied.has_value());

    CHECK(rig.send(ResolutionChosen{99, CheckResolution::taken}).empty());  // not listed
    CHECK(rig.screen<OperatorChecksScreen>().phase == ChecksPhase::list);
    rig.send(ResolutionChosen{41, CheckResolution::in_bin});
    CHECK(rig.screen<OperatorChecksScreen>().phase == ChecksPhase::confirm);
    CHECK(rig.screen<OperatorChecksScreen>().chosen == ChosenResolution{41, CheckResolution::in_bin});
    rig.send(BackPressed{});
    CHECK(rig.screen<OperatorChecksScreen>().phase == ChecksPhase::list);
    CHECK_FALSE(rig.screen<OperatorChecksScreen>().chosen.has_value());
    rig.send(ResolutionChosen{41, CheckResolution::in_slot});
    const auto resolve = command<Resolve>(rig.send(ConfirmPressed{}));
    CHECK(resolve.entry_id == 41);
    CHECK(resolve.resolution == CheckResolution::in_slot);
    CHECK(resolve.staff_id == "S-017");
    CHECK(rig.screen<OperatorChecksScreen>().phase == ChecksPhase::resolving);
    rig.send(Resolved{resolve.request, true});
    s = rig.screen<OperatorChecksScreen>();
    CHECK(s.phase == ChecksPhase::list);
    REQUIRE(s.items.size() == 1);
    CHECK(s.items[0].entry_id == 42);
    CHECK(s.last_resolved == ChosenResolution{41, CheckResolution::in_slot});
}

TEST_CASE("operator checks: a failed or silent resolution keeps the check listed") {
    for (bool silent : {false, true}) {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::operator_checks});
        rig.send(ChecksListed{rig.pending(), checks()});
        rig.send(ResolutionChosen{42, CheckResolution::taken});
        rig.send(ConfirmPressed{});
        if (silent)
            rig.advance(rig.config.store_timeout);
        else
            rig.send(Resolved{rig.pending(), false});
        const OperatorChecksScreen s = rig.screen<OperatorChecksScreen>();
        CHECK(s.items.size() == 2);
        CHECK(s.problem == (silent ? StaffProblem::store_silent : StaffProblem::store_failed));
        CHECK_FALSE(s.last_resolved.has_value());
    }
}

TEST_CASE("service: out of service with a reason, back in service, each written with the staff id") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::service});
    CHECK(rig.screen<ServiceScreen>().in_service == true);  // from the overview
    const auto out_of_service = command<SetInService>(rig.send(ServiceChosen{false, ServiceReason::cleaning}));
    CHECK_FALSE(out_of_service.in_service);
    CHECK(out_of_service.reason == ServiceReason::cleaning);
    CHECK(out_of_service.staff_id == "S-017");
    CHECK(rig.screen<ServiceScreen>().phase == ServicePhase::setting);
    rig.send(InServiceSet{out_of_service.request, true});
    CHECK(rig.screen<ServiceScreen>().in_service == false);
    CHECK(rig.screen<ServiceScreen>().reason == ServiceReason::cleaning);

    const auto back = command<SetInService>(rig.send(ServiceChosen{true, ServiceReason::stock}));
    CHECK(back.in_service);
    CHECK_FALSE(back.reason.has_value());  // a reason only for going out of service
    rig.send(InServiceSet{back.request, false});
    CHECK(rig.screen<ServiceScreen>().in_service == false);
    CHECK(rig.screen<ServiceScreen>().problem == StaffProblem::store_failed);
}

TEST_CASE("service: the self-test's results per device, audited") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::service});
    const auto test = command<RunSelfTest>(rig.send(SelfTestChosen{}));
    CHECK(rig.screen<ServiceScreen>().phase == ServicePhase::self_testing);
    const std::vector<DeviceTestResult> results = {
        {TestedDevice::fingerprint, std::nullopt},
        {TestedDevice::dispenser, session::DeviceFault::hardware_fault},
        {TestedDevice::front_reader, std::nullopt},
        {TestedDevice::read_position_reader, session::DeviceFault::disconnected},
    };
    const Commands out = rig.send(SelfTestDone{test.request, results});
    CHECK(rig.screen<ServiceScreen>().self_test == results);
    CHECK(audits(out).at(0).action == StaffAction::self_test);
    CHECK(audits(out).at(0).detail == "failed=dispenser,read_position_reader");
    const auto again = command<RunSelfTest>(rig.send(SelfTestChosen{}));
    CHECK(audits(rig.send(SelfTestDone{again.request, {}})).at(0).detail == "ok");
    rig.send(SelfTestChosen{});
    rig.advance(rig.config.self_test_timeout);
    CHECK(rig.screen<ServiceScreen>().problem == StaffProblem::device_silent);
    CHECK(rig.screen<ServiceScreen>().phase == ServicePhase::ready);
}

TEST_CASE("service: the inventory audit's result, audited") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::service});
    const auto audit = command<AuditInventory>(rig.send(InventoryAuditChosen{}));
    const Commands out = rig.send(InventoryAudited{audit.request, true, 3, 2});
    CHECK(rig.screen<ServiceScreen>().audit == InventoryAuditResult{3, 2});
    CHECK(audits(out).at(0).detail == "mismatches=3 repaired=2");
    rig.send(InventoryAuditChosen{});
    rig.send(InventoryAudited{rig.pending(), false, 0, 0});
    CHECK(rig.screen<ServiceScreen>().problem == StaffProblem::dispenser_fault);
    CHECK(rig.screen<ServiceScreen>().audit == InventoryAuditResult{3, 2});  // the last good one stays
}

TEST_CASE("the menu's tasks each start with their read, and Back returns to the menu with fresh figures") {
    for (StaffTask task : kAllStaffTasks) {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{task});
        if (task == StaffTask::restock) {
            rig.send(LoadingReady{rig.pending(), false});  // stopped: Back is possible
        }
        CHECK(rig.view().back_available);
        const Commands out = rig.send(BackPressed{});
        command<ReadStaffOverview>(out);
        CHECK(rig.machine.phase() == Phase::menu);
    }
}

TEST_CASE("a list that fails shows its problem") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::capture_bin});
    rig.send(StoreRequestFailed{rig.pending()});
    CHECK(rig.screen<CaptureBinScreen>().problem == StaffProblem::store_failed);
    rig.send(BackPressed{});
    rig.send(TaskChosen{StaffTask::operator_checks});
    rig.advance(rig.config.store_timeout);
    CHECK(rig.screen<OperatorChecksScreen>().problem == StaffProblem::store_silent);
}

TEST_CASE("a StoreRequestFailed for a device's request is not a failure of it") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::service});
    const auto test = command<RunSelfTest>(rig.send(SelfTestChosen{}));
    CHECK(rig.send(StoreRequestFailed{test.request}).empty());
    CHECK(rig.screen<ServiceScreen>().phase == ServicePhase::self_testing);
}
