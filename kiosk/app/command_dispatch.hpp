// CommandDispatch: hands each session command to the service that executes it, in the order the
// machine emitted them. Store commands run at once on this (UI) thread and their answers go into
// the inbox like every device's, so the machine sees one stream of events; device commands are
// queued on the device's worker. A command for a device the kiosk does not have is answered at
// once with that device's failure, so the machine never waits for nothing.
#pragma once

#include "kiosk/app/device_commands.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/store_service.hpp"
#include "kiosk/core/session/session_machine.hpp"

namespace kiosk::app {

struct Services {
    StoreService* store = nullptr;  // required
    FingerprintCommands* fingerprint = nullptr;
    DispenserCommands* dispenser = nullptr;
    CardCommands* card = nullptr;  // null: no PC/SC (NIK-only)
};

class CommandDispatch {
public:
    CommandDispatch(Services services, SessionInbox& inbox) : services_(services), inbox_(inbox) {}

    void execute(const core::session::Command& command, const core::session::SessionMachine& machine);

private:
    Services services_;
    SessionInbox& inbox_;
};

}  // namespace kiosk::app
