// What the UI thread counted of the kiosk's work since the program started, and what it last saw of
// the store: the material of /metrics' activity counters and of /healthz's database check. The
// application counts it from the events the session machine sees and the commands it emits
// (kiosk/app/status_board.hpp); the handlers only read a copy.
//
// Every label value a counter is reported under comes from a closed set defined here or in
// kiosk/core (never from free text), so the series stay bounded.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/mgmt/metrics.hpp"

namespace kiosk::mgmt {

// How a resident's session ended. The message outcomes are the machine's MessageKind (the session
// ended on that message); the others are sessions that ended without one.
enum class SessionOutcome {
    card_taken,
    card_captured,
    go_to_counter,
    fingerprint_not_verified,
    nik_locked,
    fingerprint_unavailable,
    service_error,
    cancelled,       // the resident pressed Cancel, or Back on the keypad
    timed_out,       // the idle timeout ended it
    out_of_service,  // the kiosk went out of service under it (a device down, maintenance)
};
inline constexpr std::array kAllSessionOutcomes = {
    SessionOutcome::card_taken,    SessionOutcome::card_captured,
    SessionOutcome::go_to_counter, SessionOutcome::fingerprint_not_verified,
    SessionOutcome::nik_locked,    SessionOutcome::fingerprint_unavailable,
    SessionOutcome::service_error, SessionOutcome::cancelled,
    SessionOutcome::timed_out,     SessionOutcome::out_of_service};
[[nodiscard]] std::string_view session_outcome_code(SessionOutcome outcome);  // "card_taken", ...

// How a pickup (from its journaled intent on) ended.
enum class PickupOutcome {
    taken,     // the resident took the card
    captured,  // the card went to the capture bin (any capture reason)
    aborted,   // nothing moved or nothing left the slot: the card is still in its slot
    failed,    // ended with the card's whereabouts unknown (a capture that failed or never answered)
};
inline constexpr std::array kAllPickupOutcomes = {PickupOutcome::taken, PickupOutcome::captured, PickupOutcome::aborted,
                                                  PickupOutcome::failed};
[[nodiscard]] std::string_view pickup_outcome_code(PickupOutcome outcome);

// What the UI thread last saw of its own store connection.
enum class StoreFault {
    query_failed,            // the last lookup or pickup intent failed in the store
    integrity_check_failed,  // the check after the first frame found the file damaged (or the store
                             // could not be read at start): until the program restarts
    disk_full,               // a write failed for want of space: until a write succeeds again
};
[[nodiscard]] std::string_view store_fault_code(StoreFault fault);

// The bucket bounds of the frame histograms, in seconds: fine around the 16.7 ms budget of one
// 60 Hz frame, coarse beyond it.
[[nodiscard]] const std::vector<double>& frame_seconds_bounds();

struct KioskActivity {
    std::map<SessionOutcome, std::uint64_t> sessions;
    std::map<core::session::FingerOutcome, std::uint64_t> fingerprint_results;
    std::map<PickupOutcome, std::uint64_t> pickups;
    std::map<core::session::CaptureReason, std::uint64_t> captures;
    // Drawing and presenting one frame, on the steady clock.
    HistogramCounts frame_render_s{frame_seconds_bounds()};
    // From a resident's input (its SDL event's timestamp) to the frame that shows its effect presented.
    HistogramCounts input_to_frame_s{frame_seconds_bounds()};
    friend bool operator==(const KioskActivity&, const KioskActivity&) = default;
};

}  // namespace kiosk::mgmt
