// FingerprintService: owns the fingerprint sensor's driver on its own DeviceWorker, executes the
// session's VerifyFingerprint / CancelFingerprint commands and answers into the SessionInbox:
// FingerprintProgress while a verification runs, exactly one FingerprintResult per verification
// (none for one cancelled: the machine has moved on), and DeviceHealth when the sensor goes down or
// comes back.
//
// The enrolled templates travel with the job (copied from the store service's session cache) and
// never reach a log. An unknown NIK verifies against an empty list: the sensor still waits for and
// captures a finger and answers no_match, so it looks exactly like a wrong finger.
//
// A lost line: a verification whose link fails (the sensor was unplugged, perhaps plugged back
// since) opens the port again by its path once before it answers device_error; the sensor is
// reported down (disconnected) only when that fails, and the loop's retry (connect()) brings it back.
//
// Cancels: each verification has its own cancellation token (request_cancellation.hpp), handed to
// the driver, so cancel(N) stops N whether it is still to come, queued or running, and never
// another request.
//
// Thread safety: every public member is called from the UI thread, but verify(), which the store
// worker calls (it only queues a job; store_worker.hpp); the driver lives on the worker.
#pragma once

#include "drivers/fingerprint/driver.hpp"
#include "kiosk/app/config/config.hpp"
#include "kiosk/app/device_commands.hpp"
#include "kiosk/app/device_health_reporter.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/request_cancellation.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/clock/steady_clock.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace kiosk::app {

class FingerprintService final : public FingerprintCommands {
public:
    // `port_spec`: what serial::open_link opens (a path or a USB id). `clock` (outlives the service)
    // keeps the sensor's own waits: the finger wait, its GenImg polls.
    FingerprintService(SessionInbox& inbox, const FingerprintSection& config, serial::PortSpec port_spec,
                       SteadyClock& clock = real_steady_clock());
    ~FingerprintService();  // stop()
    FingerprintService(const FingerprintService&) = delete;
    FingerprintService& operator=(const FingerprintService&) = delete;

    // Opens the sensor on the worker (or re-opens it after a failure); reports DeviceHealth.
    void connect();
    // `finger_timeout`: how long the sensor waits for a finger (the session machine's own limit).
    void verify(core::session::RequestId request, std::vector<EnrolledTemplate> templates,
                core::session::Millis finger_timeout) override;
    void cancel(core::session::RequestId request) override;
    [[nodiscard]] bool up() const { return health_.up(); }
    // Staff mode's self-test: the sensor opened afresh on the worker (the handshake and password
    // check of a first open), after whatever was posted before it. Calls `done` on the worker with
    // the fault found (nullopt: passed); the service's health follows the result.
    void self_test(std::function<void(std::optional<core::session::DeviceFault>)> done);
    // Cancels every verification (the running one ends at its next step) and joins the worker.
    void stop();

private:
    void open_on_worker();
    [[nodiscard]] fingerprint::SensorResult<std::unique_ptr<fingerprint::FingerprintSensor>> open_sensor() const;
    void run_verify(core::session::RequestId request, const std::vector<EnrolledTemplate>& templates,
                    core::session::Millis finger_timeout, const std::stop_token& cancel);

    SessionInbox& inbox_;
    FingerprintSection config_;
    serial::PortSpec port_spec_;
    SteadyClock& clock_;
    std::unique_ptr<fingerprint::FingerprintSensor> sensor_;  // worker thread only
    RequestCancellation cancellation_;
    DeviceHealthReporter health_;  // the machine starts believing the sensor up: the first report is sent
    DeviceWorker worker_{"fingerprint"};
};

}  // namespace kiosk::app
