// FingerprintSensor: the kiosk's driver for an R30x-family module over a serial::Link.
//
// The module matches on its own: verify_any() captures the live finger into char buffer 1, then for
// each enrolled template downloads it into buffer 2 and asks for the score. Every exchange has a deadline and
// a bounded number of retries from SensorSettings; every fault of the protocol document ends in a
// typed outcome (VerifyOutcome) and, for device faults, a reason an operator can read. Templates
// never appear in errors or logs.
//
// Time: the finger wait and the pauses between GenImg polls run on the SteadyClock the sensor is
// given, so a test runs them on simulated time; each reply's window is the link's (serial::Clock),
// a wait on the port itself.
//
// Thread safety: one thread at a time (the device worker). A verification's cancellation token may be
// stopped from any thread.
#pragma once

#include "drivers/fingerprint/codec.hpp"
#include "drivers/serial/link.hpp"
#include "kiosk/clock/steady_clock.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stop_token>
#include <string>

namespace kiosk::fingerprint {

// Configuration (from the kiosk's configuration file). Defaults suit an R307 at 57,600 baud.
struct SensorSettings {
    std::uint32_t address = default_address;
    std::uint32_t password = default_password;
    // How long to wait for one reply. Hosts commonly allow ~1 s; the slowest reply (Img2Tz) takes
    // < 0.5 s on an R307.
    int reply_timeout_ms = 1000;
    // Extra attempts of one command after no reply, a corrupted or cut reply (each is idempotent).
    int command_retries = 2;
    // How often a verification starts over after the module restarted (buffers lost) before the
    // sensor is declared out of service.
    int restart_retries = 2;
    // Pause between GenImg polls that answered "no finger". The module already spends its own
    // capture time on each GenImg, so polling needs no long pause; a small one keeps the request
    // rate (and log/CPU load on both sides) bounded against fast modules while adding at most this
    // much to the moment a finger is noticed, far below what a person perceives. At least 1 ms is
    // slept: the finger wait ends on the clock's time, which a test clock moves only when slept on.
    int poll_interval_ms = 10;
    // Captures that fail because the finger moved or was lifted (03) before asking the resident
    // again (poor_image).
    int capture_retries = 3;
    // The fewest template comparisons (DownChar + Match) a verification that does not match makes;
    // missing ones are made against a decoy template whose result is ignored. A list shorter than
    // this (an unknown NIK sends none, a resident may have one or two fingers enrolled) then costs the
    // same wire work and module time as a full one, so timing does not reveal whether a NIK exists
    // or how many fingers it has. 2 = the fingers per resident the store keeps (templates.hpp).
    int comparisons_min = 2;
};

// An enrolled template (an R30x character file) as the store keeps it.
using Template = std::array<std::uint8_t, template_size>;

enum class VerifyOutcome {
    matched,       // score >= score_min
    no_match,      // the live finger is not the enrolled one
    no_finger,     // nothing placed before the finger deadline
    poor_image,    // the capture was unusable: ask the resident to place the finger again
    cancelled,     // the verification's cancellation token was stopped
    device_error,  // the sensor is out of service; error says why
};
[[nodiscard]] const char* to_string(VerifyOutcome outcome);

enum class DeviceErrorKind {
    no_reply,          // nothing came back after every retry: unplugged, unpowered, wrong port or address
    garbled,           // replies kept arriving damaged (bad checksum, cut off): bad cable, wrong baud rate
    link_failed,       // the serial link itself failed (port gone, i/o error)
    wrong_password,    // the module refused the configured password
    restarting,        // the module kept restarting during the conversation
    rejected,          // the module answered with an error code the kiosk cannot recover from
    protocol,          // the module answered something that is not a valid reply
    bad_template,      // the enrolled template is not a 512-byte blob (a programmer or data error)
};
[[nodiscard]] const char* to_string(DeviceErrorKind kind);

struct DeviceError {
    DeviceErrorKind kind;
    std::string reason;  // operator-facing, names the port, never personal data

    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] operator kiosk::Error() const { return {"fingerprint", to_string()}; }  // NOLINT
};

struct VerifyResult {
    VerifyOutcome outcome = VerifyOutcome::device_error;
    std::uint16_t score = 0;  // the module's match score when it matched or not
    DeviceError error{};      // set when outcome == device_error
};

// What the screen shows while verify() runs.
enum class Progress {
    waiting_for_finger,  // ask the resident to place the finger
    finger_seen,         // an image was captured
    finger_moved,        // a capture failed because the finger moved or was lifted: keep it still
    matching,            // extracting features and comparing
    reconnecting,        // the module restarted; the driver re-established the session
};
[[nodiscard]] const char* to_string(Progress progress);
using ProgressCallback = std::function<void(Progress)>;

struct SystemParameters {
    std::uint16_t status_register = 0;
    std::uint16_t system_id = 0;
    std::uint16_t library_size = 0;
    std::uint16_t security_level = 0;
    std::uint32_t address = 0;
    std::uint16_t packet_size_code = 0;
    std::uint16_t baud_multiplier = 0;
};

// Byte counters of the conversation, for the benchmark's wire-time figure.
struct TrafficCounters {
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
};

template <class T>
using SensorResult = Result<T, DeviceError>;

class FingerprintSensor {
public:
    // Establishes the session: verifies the password, reads the system parameters (packet size,
    // capacity). Fails with a DeviceError when the module does not answer or refuses. `clock` must
    // outlive the sensor.
    static SensorResult<std::unique_ptr<FingerprintSensor>> open(std::unique_ptr<serial::Link> link,
                                                                 const SensorSettings& settings,
                                                                 SteadyClock& clock = real_steady_clock());

    // One verification against a list of enrolled templates (0..N): waits up to `finger_timeout`
    // for a finger (no_finger after it; zero polls the glass once) and captures it once, then
    // compares it with each template in order; matched as soon as one scores >= score_min (score
    // is that one's). Otherwise no_match with the best score seen. An empty or short list is padded
    // with decoy comparisons up to comparisons_min (see SensorSettings), so an unknown NIK still
    // waits for a finger and takes the time of a known one with the wrong finger.
    //
    // The finger wait belongs to each verification, not to the sensor's settings: the session
    // decides it (and times its own wait for the answer from it), so the two cannot disagree.
    //
    // Cancellation belongs to the verification too: once `cancel` is stopped (from any thread) it
    // returns `cancelled` at its next step, before its first GenImg when the stop came before the
    // call. The sensor keeps no cancel state of its own, so a stop is never lost between two
    // verifications and never reaches another one.
    VerifyResult verify_any(std::span<const Template> templates, std::uint16_t score_min,
                            std::chrono::milliseconds finger_timeout, const ProgressCallback& progress = {},
                            const std::stop_token& cancel = {});
    // One enrolled template (template_size bytes; anything else is a bad_template error): verify_any
    // with a list of one.
    VerifyResult verify(std::span<const std::uint8_t> enrolled, std::uint16_t score_min,
                        std::chrono::milliseconds finger_timeout, const ProgressCallback& progress = {},
                        const std::stop_token& cancel = {});

    [[nodiscard]] const SystemParameters& parameters() const { return parameters_; }
    [[nodiscard]] std::size_t data_packet_size() const { return data_packet_size_; }
    [[nodiscard]] const TrafficCounters& traffic() const { return traffic_; }
    [[nodiscard]] std::string port() const { return link_->describe(); }

    // Stored templates in the module's library (TemplateNum), for health reports.
    SensorResult<std::uint16_t> template_count();

private:
    FingerprintSensor(std::unique_ptr<serial::Link> link, const SensorSettings& settings, SteadyClock& clock);

    // The outcome of one command/acknowledge exchange, before retries are applied.
    enum class ExchangeFailure { none, no_reply, corrupted, restarted, link_failed };
    struct Reply {
        ExchangeFailure failure = ExchangeFailure::none;
        Packet ack;
        std::string detail;  // what went wrong, for the reason of a later DeviceError
        // An earlier attempt got no reply at all. A module that does not send the ready byte and
        // has no password set restarts silently, so its char buffers cannot be trusted after this.
        bool after_silence = false;
        bool heard_foreign = false;  // a reply for another address arrived instead of ours
    };

    // Sends a command and waits for its acknowledge, retrying per settings. A detected module
    // restart is returned at once (restarted), without retrying: the caller must start over.
    Reply transact(Instruction instruction, std::span<const std::uint8_t> parameters);
    Reply transact_once(const std::vector<std::uint8_t>& bytes);
    // Reads the next packet for our address before the deadline.
    Reply receive(serial::Clock::time_point deadline);
    bool send(const std::vector<std::uint8_t>& bytes, std::string& detail);

    SensorResult<void> establish_session();
    VerifyResult verify_once(std::span<const Template> templates, std::uint16_t score_min,
                             std::chrono::milliseconds finger_timeout, const ProgressCallback& progress,
                             const std::stop_token& cancel, bool& restarted);
    DeviceError error_from(const Reply& reply, const char* step) const;
    [[nodiscard]] serial::Clock::duration wire_time(std::size_t bytes) const;

    std::unique_ptr<serial::Link> link_;
    SensorSettings settings_;
    SteadyClock& clock_;
    Decoder decoder_;
    SystemParameters parameters_{};
    std::size_t data_packet_size_ = 128;
    TrafficCounters traffic_{};
    // Wire time of bytes just written without a reply of their own; added to the next reply deadline.
    serial::Clock::duration queued_wire_time_{};
};

}  // namespace kiosk::fingerprint
