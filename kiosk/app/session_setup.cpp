#include "kiosk/app/session_setup.hpp"

namespace kiosk::app {

core::session::SessionConfig session_config_from(const Config& config) {
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    core::session::SessionConfig out;
    out.default_language = config.kiosk.language;
    out.max_finger_tries = config.session.fingerprint_tries_per_session;
    out.match_score_min = config.fingerprint.score_min;
    out.idle_timeout_after = seconds(config.session.idle_timeout_s);
    out.idle_warning_after = seconds(config.session.idle_timeout_s - config.session.idle_warning_s);
    out.finger_capture_timeout = milliseconds(config.fingerprint.capture_timeout_ms);
    out.take_timeout = seconds(config.session.pickup_take_timeout_s);
    out.lock.failures_to_lock = config.session.nik_lock_failures;
    out.lock.failure_window = seconds(config.session.nik_lock_window_s);
    out.lock.lock_duration = seconds(config.session.nik_lock_duration_s);
    return out;
}

core::staff::StaffConfig staff_config_from(const Config& config) {
    core::staff::StaffConfig out;
    out.default_language = config.kiosk.language;
    out.take_timeout = std::chrono::seconds(config.session.pickup_take_timeout_s);
    return out;
}

}  // namespace kiosk::app
