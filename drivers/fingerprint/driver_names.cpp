// The driver's names of its outcomes, faults and progress steps, for logs and operator-facing
// reasons (declared in driver.hpp).
#include "drivers/fingerprint/driver.hpp"

namespace kiosk::fingerprint {

const char* to_string(VerifyOutcome outcome) {
    switch (outcome) {
        case VerifyOutcome::matched: return "matched";
        case VerifyOutcome::no_match: return "no match";
        case VerifyOutcome::no_finger: return "no finger";
        case VerifyOutcome::poor_image: return "poor image";
        case VerifyOutcome::cancelled: return "cancelled";
        case VerifyOutcome::device_error: return "device error";
    }
    return "unknown";
}

const char* to_string(DeviceErrorKind kind) {
    switch (kind) {
        case DeviceErrorKind::no_reply: return "no reply";
        case DeviceErrorKind::garbled: return "replies arrive damaged";
        case DeviceErrorKind::link_failed: return "serial link failed";
        case DeviceErrorKind::wrong_password: return "wrong password";
        case DeviceErrorKind::restarting: return "module keeps restarting";
        case DeviceErrorKind::rejected: return "module reported an error";
        case DeviceErrorKind::protocol: return "protocol error";
        case DeviceErrorKind::bad_template: return "bad template";
    }
    return "unknown";
}

const char* to_string(Progress progress) {
    switch (progress) {
        case Progress::waiting_for_finger: return "waiting for finger";
        case Progress::finger_seen: return "finger seen";
        case Progress::finger_moved: return "finger moved";
        case Progress::matching: return "matching";
        case Progress::reconnecting: return "reconnecting";
    }
    return "unknown";
}

std::string DeviceError::to_string() const {
    return std::string(fingerprint::to_string(kind)) + ": " + reason;
}

}  // namespace kiosk::fingerprint
