// The inbox the services answer the staff machine's commands into (kiosk/core/staff), drained by the
// UI thread and fed to the StaffMachine in arrival order, beside the SessionInbox (session_inbox.hpp):
// the same Inbox rules, a second stream so that neither machine sees the other's answers.
#pragma once

#include "kiosk/app/inbox.hpp"
#include "kiosk/core/staff/staff_events.hpp"

namespace kiosk::app {

using StaffInbox = Inbox<core::staff::Event>;

}  // namespace kiosk::app
