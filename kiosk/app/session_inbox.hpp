// The inbox the device services answer into: session events (results of commands, device health),
// drained by the UI thread and fed to the SessionMachine in arrival order.
#pragma once

#include "kiosk/app/inbox.hpp"
#include "kiosk/core/session/session_events.hpp"

#include <chrono>

namespace kiosk::app {

using SessionInbox = Inbox<core::session::Event>;

// The session machine's clock: wall time in milliseconds (see core::session::Instant).
[[nodiscard]] inline core::session::Instant wall_now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace kiosk::app
