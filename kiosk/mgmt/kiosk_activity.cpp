#include "kiosk/mgmt/kiosk_activity.hpp"

namespace kiosk::mgmt {

std::string_view session_outcome_code(SessionOutcome outcome) {
    switch (outcome) {
        case SessionOutcome::card_taken: return "card_taken";
        case SessionOutcome::card_captured: return "card_captured";
        case SessionOutcome::go_to_counter: return "go_to_counter";
        case SessionOutcome::fingerprint_not_verified: return "fingerprint_not_verified";
        case SessionOutcome::nik_locked: return "nik_locked";
        case SessionOutcome::fingerprint_unavailable: return "fingerprint_unavailable";
        case SessionOutcome::service_error: return "service_error";
        case SessionOutcome::cancelled: return "cancelled";
        case SessionOutcome::timed_out: return "timed_out";
        case SessionOutcome::out_of_service: return "out_of_service";
    }
    return "cancelled";
}

std::string_view pickup_outcome_code(PickupOutcome outcome) {
    switch (outcome) {
        case PickupOutcome::taken: return "taken";
        case PickupOutcome::captured: return "captured";
        case PickupOutcome::aborted: return "aborted";
        case PickupOutcome::failed: return "failed";
    }
    return "failed";
}

std::string_view store_fault_code(StoreFault fault) {
    switch (fault) {
        case StoreFault::query_failed: return "query_failed";
        case StoreFault::integrity_check_failed: return "integrity_check_failed";
        case StoreFault::disk_full: return "disk_full";
    }
    return "query_failed";
}

const std::vector<double>& frame_seconds_bounds() {
    static const std::vector<double> bounds = {0.001, 0.002, 0.004, 0.008, 0.012, 0.0167,
                                               0.025, 0.033, 0.05,  0.1,   0.25,  1.0};
    return bounds;
}

}  // namespace kiosk::mgmt
