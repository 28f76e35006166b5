// FingerprintSensor's verification: wait for a finger, capture it once, compare it with each
// enrolled template (padded with decoys up to comparisons_min), restart-safe.
#include "drivers/fingerprint/driver.hpp"

#include <algorithm>
#include <array>

namespace kiosk::fingerprint {

using std::chrono::milliseconds;

VerifyResult FingerprintSensor::verify(std::span<const std::uint8_t> enrolled, std::uint16_t score_min,
                                       milliseconds finger_timeout, const ProgressCallback& progress,
                                       const std::stop_token& cancel) {
    if (enrolled.size() != template_size)
        return {VerifyOutcome::device_error,
                0,
                {DeviceErrorKind::bad_template, "the enrolled template has " + std::to_string(enrolled.size()) +
                                                    " bytes, not " + std::to_string(template_size) +
                                                    " (a data error, not a sensor fault)"}};
    std::array<Template, 1> one{};
    std::copy(enrolled.begin(), enrolled.end(), one[0].begin());
    return verify_any(one, score_min, finger_timeout, progress, cancel);
}

VerifyResult FingerprintSensor::verify_any(std::span<const Template> templates, std::uint16_t score_min,
                                           milliseconds finger_timeout, const ProgressCallback& progress,
                                           const std::stop_token& cancel) {
    for (int restart = 0; restart <= settings_.restart_retries; ++restart) {
        bool restarted = false;
        VerifyResult result = verify_once(templates, score_min, finger_timeout, progress, cancel, restarted);
        if (!restarted) return result;
        // The module lost its buffers (and its verified password): start over from the capture.
        if (progress) progress(Progress::reconnecting);
        if (auto session = establish_session(); !session) return {VerifyOutcome::device_error, 0, session.error()};
    }
    return {VerifyOutcome::device_error,
            0,
            {DeviceErrorKind::restarting, "the fingerprint sensor on " + link_->describe() + " restarted " +
                                              std::to_string(settings_.restart_retries + 1) +
                                              " times during one verification; check its power supply"}};
}

namespace {

// The decoy compared in place of a missing template: a well-formed character file (the R30x header
// bytes 03 01) of a fixed pattern. Its Match result is never used, so whether it could score
// against some finger does not matter; it only has to cost what a real comparison costs.
const Template& decoy_template() {
    static const Template decoy = [] {
        Template t{};
        std::uint32_t state = 0x6B746B64U;
        for (auto& byte : t) {
            state = state * 1664525U + 1013904223U;  // LCG: fixed bytes, no dependence on anything secret
            byte = static_cast<std::uint8_t>(state >> 24);
        }
        t[0] = 0x03;
        t[1] = 0x01;
        return t;
    }();
    return decoy;
}

}  // namespace

serial::Clock::duration FingerprintSensor::wire_time(std::size_t bytes) const {
    // 10 bits per byte (8N1) at the module's baud rate, 9600 x its multiplier (ReadSysPara).
    const auto baud = 9600U * std::max<std::uint32_t>(parameters_.baud_multiplier, 1U);
    return std::chrono::microseconds(bytes * 10U * 1'000'000U / baud);
}

VerifyResult FingerprintSensor::verify_once(std::span<const Template> templates, std::uint16_t score_min,
                                            milliseconds finger_timeout, const ProgressCallback& progress,
                                            const std::stop_token& cancel, bool& restarted) {
    auto device_error = [&](const Reply& reply, const char* step) {
        restarted = reply.failure == ExchangeFailure::restarted;
        return VerifyResult{VerifyOutcome::device_error, 0, error_from(reply, step)};
    };
    auto notify = [&](Progress p) {
        if (progress) progress(p);
    };
    // Once the live finger is in buffer 1, a command that was answered only after silence may be
    // talking to a module that restarted and lost its buffers: start over rather than match
    // against nothing.
    auto silently_restarted = [&](const Reply& r) {
        if (!r.after_silence) return false;
        restarted = true;
        return true;
    };
    VerifyResult start_over{
        VerifyOutcome::device_error, 0, {DeviceErrorKind::restarting, "the module was silent and may have restarted"}};

    // A verification cancelled before it began asks the resident for nothing.
    if (cancel.stop_requested()) return {VerifyOutcome::cancelled, 0, {}};

    // 1. Wait for the finger: GenImg answers 02 until one is on the glass.
    notify(Progress::waiting_for_finger);
    // The deadline is the verification's own (the session waits for the answer with the same
    // figure plus a grace), measured from the first poll.
    const auto finger_deadline = clock_.now() + finger_timeout;
    int failed_captures = 0;
    Reply reply;
    for (;;) {
        if (cancel.stop_requested()) return {VerifyOutcome::cancelled, 0, {}};
        reply = transact(Instruction::gen_img, {});
        if (reply.failure != ExchangeFailure::none) return device_error(reply, "GenImg");
        const std::uint8_t code = reply.ack.content[0];
        if (code == confirm::ok) break;
        if (code == confirm::capture_failed) {
            // The finger moved or was lifted while the image was taken.
            notify(Progress::finger_moved);
            if (++failed_captures >= settings_.capture_retries) return {VerifyOutcome::poor_image, 0, {}};
        } else if (code != confirm::no_finger) {
            return device_error(reply, "GenImg");
        }
        if (clock_.now() >= finger_deadline) return {VerifyOutcome::no_finger, 0, {}};
        // A cancel ends the pause too, not only the next step.
        const auto wake =
            std::min(finger_deadline, clock_.now() + milliseconds(std::max(settings_.poll_interval_ms, 1)));
        if (!clock_.sleep_until(wake, cancel)) return {VerifyOutcome::cancelled, 0, {}};
    }
    notify(Progress::finger_seen);

    // 2. Features of the live finger into char buffer 1, once for every comparison.
    notify(Progress::matching);
    const std::array<std::uint8_t, 1> buffer1{1};
    reply = transact(Instruction::img2tz, buffer1);
    if (reply.failure != ExchangeFailure::none) return device_error(reply, "Img2Tz");
    if (silently_restarted(reply)) return start_over;
    switch (reply.ack.content[0]) {
        case confirm::ok: break;
        case confirm::image_messy:
        case confirm::too_few_features:
        case confirm::no_valid_image: return {VerifyOutcome::poor_image, 0, {}};
        default: return device_error(reply, "Img2Tz");
    }

    // 3. Each template (then decoys up to comparisons_min) into char buffer 2, matched against buffer 1.
    const std::size_t comparisons =
        std::max(templates.size(), static_cast<std::size_t>(std::max(settings_.comparisons_min, 0)));
    const std::array<std::uint8_t, 1> buffer2{2};
    std::uint16_t best_score = 0;
    std::vector<std::uint8_t> data;
    data.reserve(template_size + 4 * packet_overhead);
    for (std::size_t i = 0; i < comparisons; ++i) {
        if (cancel.stop_requested()) return {VerifyOutcome::cancelled, 0, {}};
        const bool decoy = i >= templates.size();
        const Template& candidate = decoy ? decoy_template() : templates[i];
        reply = transact(Instruction::down_char, buffer2);
        if (reply.failure != ExchangeFailure::none) return device_error(reply, "DownChar");
        if (silently_restarted(reply)) return start_over;
        if (reply.ack.content[0] != confirm::ok) return device_error(reply, "DownChar");
        data.clear();
        for (const Packet& packet : split_into_data_packets(settings_.address, candidate, data_packet_size_))
            encode_into(packet, data);
        if (std::string detail; !send(data, detail)) {
            reply.failure = ExchangeFailure::link_failed;
            reply.detail = detail;
            return device_error(reply, "DownChar data");
        }
        queued_wire_time_ = wire_time(data.size());

        reply = transact(Instruction::match, {});
        if (reply.failure != ExchangeFailure::none) return device_error(reply, "Match");
        if (silently_restarted(reply)) return start_over;
        // A decoy's answer is not looked at: whatever the module says about it, the outcome must be
        // the same as for a real template that does not match.
        if (decoy) continue;
        const auto& c = reply.ack.content;
        if (c[0] == confirm::no_match) {
            if (c.size() >= 3) best_score = std::max(best_score, get_u16(c, 1));
            continue;
        }
        if (c[0] != confirm::ok) return device_error(reply, "Match");
        if (c.size() < 3)
            return {
                VerifyOutcome::device_error,
                0,
                {DeviceErrorKind::protocol, "Match answered without a score (sensor on " + link_->describe() + ")"}};
        const std::uint16_t score = get_u16(c, 1);
        if (score >= score_min) return {VerifyOutcome::matched, score, {}};
        best_score = std::max(best_score, score);
    }
    return {VerifyOutcome::no_match, best_score, {}};
}

}  // namespace kiosk::fingerprint
