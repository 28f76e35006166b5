// What CommandDispatch needs of each device service: the session's device commands. Each is queued
// on the device's worker and answered later in the SessionInbox with exactly one result event that
// echoes the command's request id (a cancelled verification answers nothing). FingerprintService,
// DispenserService and CardService are the real ones; tests stand in scripted ones (STYLE.md 13).
//
// Thread safety: called from the UI thread, except FingerprintCommands::verify, which the store
// worker calls once it has the templates (store_worker.hpp); never blocks on the device. So a cancel
// may arrive before the verify(request) it names: that verification then answers nothing either.
#pragma once

#include "drivers/fingerprint/driver.hpp"
#include "kiosk/core/session/session_types.hpp"

#include <vector>

namespace kiosk::app {

// An enrolled finger as the store keeps it and the sensor compares it.
using EnrolledTemplate = fingerprint::Template;

class FingerprintCommands {
public:
    // Answered with FingerprintProgress while it runs and one FingerprintResult.
    virtual void verify(core::session::RequestId request, std::vector<EnrolledTemplate> templates,
                        core::session::Millis finger_timeout) = 0;
    // The verification `request` answers nothing, whether it had started or not.
    virtual void cancel(core::session::RequestId request) = 0;

protected:
    ~FingerprintCommands() = default;
};

class DispenserCommands {
public:
    virtual void fetch(core::session::RequestId request, int slot) = 0;  // SlotFetched
    virtual void present(core::session::RequestId request, core::session::Millis take_timeout) = 0;  // CardPresentResult
    virtual void capture(core::session::RequestId request) = 0;  // CardCaptured

protected:
    ~DispenserCommands() = default;
};

class CardCommands {
public:
    virtual void read_at_read_position(core::session::RequestId request) = 0;  // ChipReadAtReadPosition

protected:
    ~CardCommands() = default;
};

}  // namespace kiosk::app
