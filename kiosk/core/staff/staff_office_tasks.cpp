// The office's smaller tasks: the capture bin (list, confirm, reset and record), operator checks
// (list, choose, confirm, resolve) and service (in/out of service, self-test, inventory audit).
// None of them moves a card; the bin reset, the self-test and the audit use the dispenser, so staff
// mode waits for them before it ends (busy()).
#include "kiosk/core/staff/staff_machine.hpp"

#include <algorithm>
#include <string>

namespace kiosk::core::staff {

void StaffMachine::on(const ConfirmPressed&, Commands& out) {
    if (!signed_in() || ending_) return;
    if (phase_ == Phase::capture_bin && bin_.phase == BinPhase::confirm) {
        touch();
        const RequestId request = next_request();
        bin_.phase = BinPhase::resetting;
        bin_.problem.reset();
        wait_for(Wait::bin_reset, request, config_.bin_reset_timeout);
        out.push_back(ResetBinCounter{request});
        return;
    }
    if (phase_ == Phase::operator_checks && checks_.phase == ChecksPhase::confirm && checks_.chosen) {
        touch();
        const RequestId request = next_request();
        checks_.phase = ChecksPhase::resolving;
        wait_for(Wait::resolve, request, config_.store_timeout);
        out.push_back(Resolve{request, checks_.chosen->entry_id, checks_.chosen->resolution, staff_->staff_id});
    }
}

// ---------------------------------------------------------------- capture bin

void StaffMachine::start_bin(Commands& out) {
    phase_ = Phase::capture_bin;
    bin_ = Bin{};
    const RequestId request = next_request();
    wait_for(Wait::list_bin, request, config_.store_timeout);
    out.push_back(ListBin{request});
}

void StaffMachine::on(const BinListed& e, Commands&) {
    if (phase_ != Phase::capture_bin || !awaiting(Wait::list_bin, e.request)) return;
    stop_waiting();
    bin_.count = e.count;
    bin_.capacity = e.capacity;
    bin_.items = e.items;
    bin_.phase = BinPhase::list;
}

void StaffMachine::on(const BinEmptiedPressed&, Commands&) {
    if (phase_ != Phase::capture_bin || ending_ || bin_.phase != BinPhase::list) return;
    touch();
    bin_.phase = BinPhase::confirm;
}

void StaffMachine::on(const BinCounterReset& e, Commands& out) {
    if (phase_ != Phase::capture_bin || !awaiting(Wait::bin_reset, e.request)) return;
    if (!e.ok) {
        answer_failed(StaffProblem::dispenser_fault, false, out);
        return;
    }
    stop_waiting();
    const RequestId request = next_request();
    wait_for(Wait::bin_record, request, config_.store_timeout);
    out.push_back(RecordBinEmptied{request, staff_->staff_id, bin_.count});
}

void StaffMachine::on(const BinEmptiedRecorded& e, Commands& out) {
    if (phase_ != Phase::capture_bin || !awaiting(Wait::bin_record, e.request)) return;
    if (!e.ok) {
        answer_failed(StaffProblem::store_failed, false, out);
        return;
    }
    stop_waiting();
    bin_.phase = BinPhase::emptied;
    bin_.count = 0;
    bin_.items.clear();
}

// ---------------------------------------------------------------- operator checks

void StaffMachine::start_checks(Commands& out) {
    phase_ = Phase::operator_checks;
    checks_ = Checks{};
    const RequestId request = next_request();
    wait_for(Wait::list_checks, request, config_.store_timeout);
    out.push_back(ListChecks{request});
}

void StaffMachine::on(const ChecksListed& e, Commands&) {
    if (phase_ != Phase::operator_checks || !awaiting(Wait::list_checks, e.request)) return;
    stop_waiting();
    checks_.items = e.items;
    checks_.phase = ChecksPhase::list;
}

void StaffMachine::on(const ResolutionChosen& e, Commands&) {
    if (phase_ != Phase::operator_checks || ending_ || checks_.phase != ChecksPhase::list) return;
    const bool listed = std::any_of(checks_.items.begin(), checks_.items.end(),
                                    [&](const OperatorCheck& c) { return c.entry_id == e.entry_id; });
    if (!listed) return;
    touch();
    checks_.chosen = ChosenResolution{e.entry_id, e.resolution};
    checks_.problem.reset();
    checks_.phase = ChecksPhase::confirm;
}

void StaffMachine::on(const Resolved& e, Commands& out) {
    if (phase_ != Phase::operator_checks || !awaiting(Wait::resolve, e.request)) return;
    if (!e.ok) {
        answer_failed(StaffProblem::store_failed, false, out);
        return;
    }
    stop_waiting();
    const std::int64_t entry = checks_.chosen->entry_id;
    std::erase_if(checks_.items, [&](const OperatorCheck& c) { return c.entry_id == entry; });
    checks_.last_resolved = checks_.chosen;
    checks_.chosen.reset();
    checks_.phase = ChecksPhase::list;
}

// ---------------------------------------------------------------- service

void StaffMachine::start_service() {
    phase_ = Phase::service;
    service_ = Service{};
    if (overview_) service_.in_service = overview_->in_service;
}

void StaffMachine::on(const ServiceChosen& e, Commands& out) {
    if (phase_ != Phase::service || ending_ || service_.phase != ServicePhase::ready) return;
    touch();
    service_.asked_in_service = e.in_service;
    service_.asked_reason = e.reason;
    service_.problem.reset();
    const RequestId request = next_request();
    service_.phase = ServicePhase::setting;
    wait_for(Wait::set_service, request, config_.store_timeout);
    out.push_back(
        SetInService{request, e.in_service, e.in_service ? std::nullopt : std::optional(e.reason), staff_->staff_id});
}

void StaffMachine::on(const InServiceSet& e, Commands& out) {
    if (phase_ != Phase::service || !awaiting(Wait::set_service, e.request)) return;
    if (!e.ok) {
        answer_failed(StaffProblem::store_failed, false, out);
        return;
    }
    stop_waiting();
    service_.phase = ServicePhase::ready;
    service_.in_service = service_.asked_in_service;
    if (service_.asked_in_service)
        service_.reason.reset();
    else
        service_.reason = service_.asked_reason;
    if (overview_) overview_->in_service = service_.asked_in_service;
}

void StaffMachine::on(const SelfTestChosen&, Commands& out) {
    if (phase_ != Phase::service || ending_ || service_.phase != ServicePhase::ready) return;
    touch();
    service_.problem.reset();
    const RequestId request = next_request();
    service_.phase = ServicePhase::self_testing;
    wait_for(Wait::self_test, request, config_.self_test_timeout);
    out.push_back(RunSelfTest{request});
}

void StaffMachine::on(const SelfTestDone& e, Commands& out) {
    if (phase_ != Phase::service || !awaiting(Wait::self_test, e.request)) return;
    stop_waiting();
    service_.phase = ServicePhase::ready;
    service_.self_test = e.results;
    std::string failed;
    for (const DeviceTestResult& result : e.results) {
        if (!result.fault) continue;
        failed += failed.empty() ? "failed=" : ",";
        failed += tested_device_code(result.device);
    }
    audit(StaffAction::self_test, failed.empty() ? "ok" : failed, out);
}

void StaffMachine::on(const InventoryAuditChosen&, Commands& out) {
    if (phase_ != Phase::service || ending_ || service_.phase != ServicePhase::ready) return;
    touch();
    service_.problem.reset();
    const RequestId request = next_request();
    service_.phase = ServicePhase::auditing;
    wait_for(Wait::inventory_audit, request, config_.inventory_audit_timeout);
    out.push_back(AuditInventory{request});
}

void StaffMachine::on(const InventoryAudited& e, Commands& out) {
    if (phase_ != Phase::service || !awaiting(Wait::inventory_audit, e.request)) return;
    if (!e.ok) {
        // The audit needs the dispenser's inventory; a store failure comes as StoreRequestFailed.
        answer_failed(StaffProblem::dispenser_fault, false, out);
        return;
    }
    stop_waiting();
    service_.phase = ServicePhase::ready;
    service_.audit = InventoryAuditResult{e.mismatches, e.repaired};
    audit(StaffAction::inventory_audit,
          "mismatches=" + std::to_string(e.mismatches) + " repaired=" + std::to_string(e.repaired), out);
}

// ---------------------------------------------------------------- failed answers

void StaffMachine::office_task_failed(Wait wait, StaffProblem problem, Commands&) {
    switch (wait) {
        case Wait::list_bin:
        case Wait::bin_reset:
            bin_.phase = BinPhase::list;
            bin_.problem = problem;
            return;
        case Wait::bin_record:
            // The counter is reset (the bin is empty) but the emptying is not recorded.
            bin_.phase = BinPhase::emptied;
            bin_.count = 0;
            bin_.items.clear();
            bin_.problem = problem;
            return;
        case Wait::list_checks:
            checks_.phase = ChecksPhase::list;
            checks_.problem = problem;
            return;
        case Wait::resolve:
            checks_.phase = ChecksPhase::list;
            checks_.chosen.reset();
            checks_.problem = problem;
            return;
        case Wait::set_service:
        case Wait::self_test:
        case Wait::inventory_audit:
            service_.phase = ServicePhase::ready;
            service_.problem = problem;
            return;
        default: return;
    }
}

}  // namespace kiosk::core::staff
