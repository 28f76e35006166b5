#include "kiosk/app/fingerprint_service.hpp"

#include "drivers/serial/link.hpp"
#include "kiosk/log/log.hpp"

namespace kiosk::app {

namespace session = core::session;

namespace {

session::FingerStage stage_of(fingerprint::Progress progress) {
    switch (progress) {
        case fingerprint::Progress::waiting_for_finger:
        case fingerprint::Progress::finger_moved:
            return session::FingerStage::waiting_for_finger;
        case fingerprint::Progress::finger_seen:
            return session::FingerStage::finger_seen;
        case fingerprint::Progress::matching:
            return session::FingerStage::matching;
        case fingerprint::Progress::reconnecting:
            return session::FingerStage::preparing;
    }
    return session::FingerStage::preparing;
}

session::DeviceFault fault_of(fingerprint::DeviceErrorKind kind) {
    switch (kind) {
        case fingerprint::DeviceErrorKind::no_reply:
        case fingerprint::DeviceErrorKind::restarting:
            return session::DeviceFault::not_responding;
        case fingerprint::DeviceErrorKind::link_failed:
            return session::DeviceFault::disconnected;
        default:
            return session::DeviceFault::hardware_fault;
    }
}

void log_device_error(const char* event, const fingerprint::DeviceError& error) {
    log::warn(event, {log::kv("kind", fingerprint::to_string(error.kind)), log::kv("reason", error.reason)});
}

}  // namespace

FingerprintService::FingerprintService(SessionInbox& inbox, const FingerprintSection& config,
                                       serial::PortSpec port_spec, SteadyClock& clock)
    : inbox_(inbox),
      config_(config),
      port_spec_(std::move(port_spec)),
      clock_(clock),
      health_(inbox, session::Device::fingerprint, InitialReport::none) {}

FingerprintService::~FingerprintService() { stop(); }

void FingerprintService::stop() {
    cancellation_.cancel_all();
    worker_.stop();
}

void FingerprintService::connect() {
    worker_.post([this] { open_on_worker(); });
}

fingerprint::SensorResult<std::unique_ptr<fingerprint::FingerprintSensor>> FingerprintService::open_sensor() const {
    serial::LinkSettings link_settings;
    link_settings.baud = config_.baud;
    auto link = serial::open_link(port_spec_, link_settings);
    if (!link) return fail(fingerprint::DeviceError{fingerprint::DeviceErrorKind::link_failed, link.error().to_string()});
    fingerprint::SensorSettings settings;
    settings.address = config_.address;
    settings.password = config_.password;
    settings.command_retries = config_.retries;
    return fingerprint::FingerprintSensor::open(std::move(link.value()), settings, clock_);
}

void FingerprintService::open_on_worker() {
    if (sensor_) return;
    auto sensor = open_sensor();
    if (!sensor) {
        log_device_error("fingerprint.open_failed", sensor.error());
        health_.report_down(fault_of(sensor.error().kind));
        return;
    }
    sensor_ = std::move(sensor.value());
    health_.report_up();
}

void FingerprintService::self_test(std::function<void(std::optional<session::DeviceFault>)> done) {
    const bool posted = worker_.post([this, done] {
        sensor_.reset();
        auto sensor = open_sensor();
        if (!sensor) {
            log_device_error("fingerprint.self_test_failed", sensor.error());
            const auto fault = fault_of(sensor.error().kind);
            health_.report_down(fault);
            return done(fault);
        }
        sensor_ = std::move(sensor.value());
        health_.report_up();
        done(std::nullopt);
    });
    if (!posted) done(session::DeviceFault::not_responding);  // stopping: nothing will run it
}

void FingerprintService::verify(session::RequestId request, std::vector<EnrolledTemplate> templates,
                                session::Millis finger_timeout) {
    const std::stop_token cancel = cancellation_.begin(request);
    const bool posted = worker_.post([this, request, cancel, templates = std::move(templates), finger_timeout] {
        run_verify(request, templates, finger_timeout, cancel);
        cancellation_.end(request);
    });
    if (!posted) {
        cancellation_.end(request);
        inbox_.deliver(session::FingerprintResult{request, session::FingerOutcome::device_error, 0});
    }
}

void FingerprintService::cancel(session::RequestId request) {
    cancellation_.cancel(request);
}

void FingerprintService::run_verify(session::RequestId request, const std::vector<EnrolledTemplate>& templates,
                                    session::Millis finger_timeout, const std::stop_token& cancel) {
    // Cancelled before it started: the machine has moved on. The driver looks again at every step,
    // so a cancel that lands from here on (while the sensor is opened, say) is not lost either.
    if (cancel.stop_requested()) return;
    if (!sensor_) open_on_worker();
    if (!sensor_) {
        if (!cancel.stop_requested())
            inbox_.deliver(session::FingerprintResult{request, session::FingerOutcome::device_error, 0});
        return;
    }
    const auto score_min = static_cast<std::uint16_t>(config_.score_min);
    // One capture, compared with every enrolled finger; an empty list (unknown NIK) still captures
    // and costs the same (the driver pads with decoy comparisons).
    // The finger wait is the machine's, once: a retry after a reopen gets only what is left of it, so
    // the answer still comes before the machine's own deadline for it.
    const auto wait_ends = clock_.now() + finger_timeout;
    const auto verify_once = [&] {
        const auto left = std::chrono::duration_cast<session::Millis>(wait_ends - clock_.now());
        return sensor_->verify_any(
            templates, score_min, std::max(left, session::Millis{0}),
            [this, request](fingerprint::Progress progress) {
                // Progress a full inbox refuses is dropped: only the screen's prompt lags, the result follows.
                (void)inbox_.push(session::FingerprintProgress{request, stage_of(progress)});
            },
            cancel);
    };
    auto result = verify_once();
    if (result.outcome == fingerprint::VerifyOutcome::device_error &&
        result.error.kind == fingerprint::DeviceErrorKind::link_failed && !cancel.stop_requested()) {
        // The line the sensor was opened on failed: it was unplugged while nothing used it, and may
        // be back (a cable reseated at the attract screen). The port is opened again by its path,
        // once, before the resident's verification fails; still missing, it is reported down.
        log_device_error("fingerprint.link_lost", result.error);
        sensor_.reset();
        open_on_worker();
        if (!sensor_) {
            if (!cancel.stop_requested())
                inbox_.deliver(session::FingerprintResult{request, session::FingerOutcome::device_error, 0});
            return;
        }
        result = verify_once();
    }
    // A cancel that came during the last step still means no answer: the machine has moved on.
    const bool cancelled = cancel.stop_requested();
    session::FingerprintResult answer{request, session::FingerOutcome::device_error, result.score};
    switch (result.outcome) {
        case fingerprint::VerifyOutcome::matched: answer.outcome = session::FingerOutcome::matched; break;
        case fingerprint::VerifyOutcome::no_match: answer.outcome = session::FingerOutcome::no_match; break;
        case fingerprint::VerifyOutcome::no_finger: answer.outcome = session::FingerOutcome::no_finger; break;
        case fingerprint::VerifyOutcome::poor_image: answer.outcome = session::FingerOutcome::poor_image; break;
        case fingerprint::VerifyOutcome::cancelled: return;
        case fingerprint::VerifyOutcome::device_error:
            log_device_error("fingerprint.verify_failed", result.error);
            sensor_.reset();
            if (!cancelled) inbox_.deliver(answer);
            health_.report_down(fault_of(result.error.kind));
            return;
    }
    if (!cancelled) inbox_.deliver(answer);
}

}  // namespace kiosk::app
