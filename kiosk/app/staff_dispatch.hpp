// StaffDispatch: hands each staff-machine command (kiosk/core/staff/staff_commands.hpp) to the
// service that executes it, in the order the machine emitted them, never waiting on any: store
// commands go to the store worker (after the session's, on the same thread and connection), device
// commands to the device's worker; every answer comes back through the StaffInbox. A command for a
// device the kiosk does not have is answered at once with that device's failure.
//
// The self-test asks each device on its own worker and answers once all four have; the inventory
// audit reads the dispenser's inventory on its worker, then compares and repairs on the store's.
// EndStaffMode is the loop's (kiosk_loop.hpp), not a service's.
//
// Thread safety: the UI thread's.
#pragma once

#include "kiosk/app/card_service.hpp"
#include "kiosk/app/dispenser_service.hpp"
#include "kiosk/app/fingerprint_service.hpp"
#include "kiosk/app/staff_inbox.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/core/staff/staff_commands.hpp"

namespace kiosk::app {

struct StaffServices {
    StoreWorker* store = nullptr;          // required
    DispenserService* dispenser = nullptr;  // required
    FingerprintService* fingerprint = nullptr;
    CardService* card = nullptr;  // null: no PC/SC
};

class StaffDispatch {
public:
    StaffDispatch(StaffServices services, StaffInbox& inbox) : services_(services), inbox_(inbox) {}

    void execute(const core::staff::Command& command);

private:
    void self_test(core::session::RequestId request);
    void audit_inventory(core::session::RequestId request);

    StaffServices services_;
    StaffInbox& inbox_;
};

}  // namespace kiosk::app
