// StaffConfig: every limit and deadline the staff machine applies. Units ride in the names.
//
// Every wait on an answer has a deadline: past it the answer counts as failed (a store read as
// store_silent, a device as *_silent), and a later answer with that request id is stale.
#pragma once

#include "kiosk/core/session/session_types.hpp"

#include <chrono>

namespace kiosk::core::staff {

using namespace std::chrono_literals;

struct StaffConfig {
    Language default_language = Language::id;

    // Idle: after `idle_warning_after` without input a warning with "more time" shows; after
    // `idle_timeout_after` staff mode ends (after the card in motion, if any, is settled). A card
    // arriving at the mouth or taken from it counts as input.
    session::Millis idle_warning_after = 60s;
    session::Millis idle_timeout_after = 90s;
    session::Millis refused_display = 8s;  // the refused screen, unless the card is removed first

    int pin_min_digits = 4;
    int pin_max_digits = 12;

    // The store's answers (lookups, lists, the overview, CheckLoadable, Resolve, service writes).
    session::Millis store_timeout = 5s;
    session::Millis journal_timeout = 5s;      // each journal write (load and return)
    session::Millis pin_verify_timeout = 10s;  // VERIFY at the staff card
    session::Millis chip_read_timeout = 5s;    // a chip at the read position

    // The dispenser.
    session::Millis loading_ready_timeout = 15s;  // BeginLoading: the mouth opens
    session::Millis insert_wait = 10s;            // sent with AwaitInsertedCard: how long to wait for a card
    session::Millis answer_grace = 5s;            // added to a device's own wait before we give up on it
    session::Millis store_move_timeout = 20s;     // StoreCardInSlot
    session::Millis fetch_timeout = 20s;          // FetchForReturn
    session::Millis take_timeout = 30s;           // sent to the dispenser: how long a card waits at the mouth
    session::Millis capture_timeout = 15s;
    session::Millis stop_loading_timeout = 15s;  // StopLoading: the mouth closes
    session::Millis bin_reset_timeout = 10s;     // ResetBinCounter
    session::Millis self_test_timeout = 60s;
    session::Millis inventory_audit_timeout = 60s;
};

}  // namespace kiosk::core::staff
