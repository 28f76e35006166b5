// StaffStoreService: the staff machine's store work (kiosk/core/staff/staff_commands.hpp), on the
// store worker's thread and connection, after the session's commands posted before it.
//
// Loads go through store::LoadJournal, take-backs through store::PickupJournal with purpose return,
// the bin's list through store::CaptureBin, operator checks through both journals' resolve(). Each
// journal command names its load or take-back by the request id of its intent; the service maps
// those to journal entry ids (one open load and one open take-back at a time: a new intent replaces
// the last). A write that fails answers ok=false (never silence) and is reported to the session's
// store health like every other write (StoreService::report_failure: a full disk takes the kiosk out
// of service).
//
// Personal data: NIKs go into the answers the machine needs (lists for masking on screen, journal
// writes); logs and audit details carry slots, codes, counts and staff ids only.
//
// Thread safety: the store worker's thread only.
#pragma once

#include "kiosk/app/store_service.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace kiosk::app {

// The words the maintenance screen shows for a staff member's reason, and that the store keeps as the
// maintenance reason (so a restart shows the same words, as for an operator's own).
[[nodiscard]] std::string service_reason_words(core::staff::ServiceReason reason);

class StaffStoreService final : public StaffStore {
public:
    // `pickup_deadline_days`: the live configuration's (which cards count as uncollected);
    // `dispenser`: its last reading (the bin's count for the lists and the overview); `now_s`: unix
    // seconds. All outlive the service.
    StaffStoreService(store::Database& database, StoreService& session_store, std::function<int()> pickup_deadline_days,
                      std::function<mgmt::DispenserReading()> dispenser,
                      std::function<std::int64_t()> now_s = {});

    [[nodiscard]] std::optional<core::staff::Event> execute(const StaffStoreCommand& command) override;

    // The M1 dispenser reports a bin counter but no capacity: the capture bin of the hardware model
    // holds this many cards (the health check's threshold is the same figure).
    static constexpr int kBinCapacityCards = 50;

private:
    [[nodiscard]] std::int64_t now() const;
    // Logs a failed write or read (no personal data) and tells the session's store health.
    bool ok(const Status& status, const char* event);
    template <class T>
    bool ok(const Result<T>& result, const char* event) {
        return result ? true : ok(Status(fail(result.error())), event);
    }

    core::staff::Event lookup(const core::staff::LookupStaff& c);
    core::staff::Event overview(const core::staff::ReadStaffOverview& c);
    core::staff::Event loadable(const core::staff::CheckLoadable& c);
    core::staff::Event load_intent(const core::staff::JournalLoadIntent& c);
    core::staff::Event load_stored(const core::staff::JournalLoadStored& c);
    core::staff::Event load_done(const core::staff::JournalLoadDone& c);
    core::staff::Event load_aborted(const core::staff::JournalLoadAborted& c);
    core::staff::Event slot_fault(const core::staff::MarkSlotFault& c);
    core::staff::Event uncollected(const core::staff::ListUncollected& c);
    core::staff::Event return_intent(const core::staff::JournalReturnIntent& c);
    core::staff::Event return_step(const core::staff::JournalReturnStep& c);
    core::staff::Event returned(const core::staff::JournalReturned& c);
    core::staff::Event return_captured(const core::staff::JournalReturnCaptured& c);
    core::staff::Event return_aborted(const core::staff::JournalReturnAborted& c);
    core::staff::Event bin(const core::staff::ListBin& c);
    core::staff::Event bin_emptied(const core::staff::RecordBinEmptied& c);
    core::staff::Event checks(const core::staff::ListChecks& c);
    core::staff::Event resolve(const core::staff::Resolve& c);
    core::staff::Event service(const core::staff::SetInService& c);
    core::staff::Event audit_inventory(const core::staff::AuditInventory& c, const std::optional<std::vector<bool>>& inventory);
    void audit(const core::staff::AuditStaff& c);
    [[nodiscard]] int bin_count() const;

    store::Database& database_;
    StoreService& session_store_;
    std::function<int()> pickup_deadline_days_;
    std::function<mgmt::DispenserReading()> dispenser_;
    std::function<std::int64_t()> now_s_;
    std::map<core::session::RequestId, std::int64_t> loads_;    // intent request -> load journal id
    std::map<core::session::RequestId, std::int64_t> returns_;  // intent request -> pickup journal id
};

}  // namespace kiosk::app
