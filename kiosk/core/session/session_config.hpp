// SessionConfig: every limit and deadline the session machine applies. Units ride in the names.
#pragma once

#include "kiosk/core/session/session_types.hpp"

#include <chrono>
#include <cstddef>

namespace kiosk::core::session {

using namespace std::chrono_literals;

// When a NIK is locked: `failures_to_lock` fingerprint mismatches within `failure_window` lock it for
// `lock_duration`. The book forgets NIKs with no recent failure and holds at most `max_entries`.
struct LockPolicy {
    int failures_to_lock = 5;
    Millis failure_window = 1h;
    Millis lock_duration = 1h;
    std::size_t max_entries = 4096;
};

struct SessionConfig {
    Language default_language = Language::id;
    // Offset of local civil time from UTC, to know "today" for NIK plausibility (WIB = +7 h).
    std::chrono::minutes utc_offset = std::chrono::hours(7);

    int max_finger_tries = 3;  // per session
    int match_score_min = 50;  // a "matched" below this score is treated as no match

    // Idle: after `idle_warning_after` without input a warning with a countdown shows; after
    // `idle_timeout_after` the session is wiped. Applies to identify, fingerprint and status screens.
    // The warning leaves 30 s (EN 301 549 asks at least 20 s) to answer it. Any input or "more
    // time" restarts the timer; there is no cap on how often: each extension needs the resident to
    // act, so an abandoned session still ends one timeout after the last action, and a resident
    // who needs longer (reading slowly, a carer helping) is never cut off.
    Millis idle_warning_after = 30s;
    Millis idle_timeout_after = 60s;
    Millis message_display = 12s;  // end-of-session messages, then wipe

    // Device and store deadlines: a missing answer past these is treated as a failure.
    Millis lookup_timeout = 5s;
    Millis finger_capture_timeout = 15s;  // sent to the sensor: how long to wait for a finger
    Millis answer_grace = 5s;             // added to a device's own timeout before we give up on it
    Millis journal_timeout = 5s;
    Millis fetch_timeout = 20s;
    Millis chip_read_timeout = 5s;
    Millis take_timeout = 30s;  // sent to the dispenser: how long the card waits at the mouth
    Millis capture_timeout = 15s;

    LockPolicy lock;
};

}  // namespace kiosk::core::session
