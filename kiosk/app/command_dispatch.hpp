// CommandDispatch: hands each session command to the service that executes it, in the order the
// machine emitted them, and never waits on any of them: store commands are queued on the store
// worker (store_worker.hpp), device commands on the device's worker, and every answer comes back
// through the inbox, so the machine sees one stream of events. A command for a device the kiosk does
// not have is answered at once with that device's failure, so the machine never waits for nothing.
//
// VerifyFingerprint goes through the store worker (its templates are the store's session cache),
// which hands it on to the sensor; CancelFingerprint goes straight to the sensor's service, which
// honours a cancel that arrives before the verification it names (device_commands.hpp).
//
// Thread safety: the UI thread's (the machine lives there).
#pragma once

#include "kiosk/app/device_commands.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/core/session/session_machine.hpp"

namespace kiosk::app {

struct Services {
    StoreWorker* store = nullptr;  // required
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
