// The mailbox from the management server's thread to the UI thread: what an operator's request
// changes in what the screen does. An Inbox (inbox.hpp), so a push never waits on the UI and wakes
// its loop like a device's answer does; the UI thread drains it between events.
//
// One variant for every kind of message, so that a new kind is one more alternative and one more
// case where the loop applies it (kiosk_loop.cpp), not another mailbox.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/app/inbox.hpp"

#include <variant>

namespace kiosk::app {

// PATCH /api/v1/config changed the live configuration; `effective` is the whole new one. The UI
// thread takes what it uses (config_handoff.hpp): the notice at once, the session's limits and
// default language at the next idle point.
struct ConfigChanged {
    Config effective;
};

using ManagementMessage = std::variant<ConfigChanged>;
using ManagementMailbox = Inbox<ManagementMessage>;

}  // namespace kiosk::app
