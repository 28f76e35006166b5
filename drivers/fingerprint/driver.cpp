#include "drivers/fingerprint/driver.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <thread>
#include <utility>

namespace kiosk::fingerprint {

using serial::Clock;
using std::chrono::milliseconds;

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

std::string DeviceError::to_string() const { return std::string(fingerprint::to_string(kind)) + ": " + reason; }

namespace {

const char* instruction_name(Instruction instruction) {
    switch (instruction) {
        case Instruction::gen_img: return "GenImg";
        case Instruction::img2tz: return "Img2Tz";
        case Instruction::match: return "Match";
        case Instruction::search: return "Search";
        case Instruction::reg_model: return "RegModel";
        case Instruction::store: return "Store";
        case Instruction::load_char: return "LoadChar";
        case Instruction::up_char: return "UpChar";
        case Instruction::down_char: return "DownChar";
        case Instruction::delet_char: return "DeletChar";
        case Instruction::empty: return "Empty";
        case Instruction::set_sys_para: return "SetSysPara";
        case Instruction::read_sys_para: return "ReadSysPara";
        case Instruction::set_pwd: return "SetPwd";
        case Instruction::vfy_pwd: return "VfyPwd";
        case Instruction::get_random_code: return "GetRandomCode";
        case Instruction::high_speed_search: return "HighSpeedSearch";
        case Instruction::template_num: return "TemplateNum";
        case Instruction::read_index_table: return "ReadIndexTable";
    }
    return "instruction";
}

std::string hex32(std::uint32_t v) {
    char text[12];
    std::snprintf(text, sizeof text, "%08X", v);
    return text;
}

std::string code_text(std::uint8_t code) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", code);
    return std::string(text) + " (" + confirmation_text(code) + ")";
}

}  // namespace

FingerprintSensor::FingerprintSensor(std::unique_ptr<serial::Link> link, const SensorSettings& settings)
    : link_(std::move(link)), settings_(settings), decoder_(settings.address) {}

SensorResult<std::unique_ptr<FingerprintSensor>> FingerprintSensor::open(std::unique_ptr<serial::Link> link,
                                                                         const SensorSettings& settings) {
    std::unique_ptr<FingerprintSensor> sensor(new FingerprintSensor(std::move(link), settings));
    // Bytes from before we opened (a power-up ready byte, a reply meant for an earlier host) mean
    // nothing to this session.
    (void)sensor->link_->flush_input();
    if (auto session = sensor->establish_session(); !session) return fail(session.error());
    return sensor;
}

bool FingerprintSensor::send(const std::vector<std::uint8_t>& bytes, std::string& detail) {
    auto written = link_->write(bytes, Clock::now() + milliseconds(settings_.reply_timeout_ms));
    if (!written) {
        detail = written.error().to_string();
        return false;
    }
    traffic_.bytes_sent += bytes.size();
    return true;
}

FingerprintSensor::Reply FingerprintSensor::receive(Clock::time_point deadline) {
    Reply reply;
    std::array<std::uint8_t, 512> buffer{};
    std::string ignored;
    for (;;) {
        while (auto item = decoder_.next()) {
            if (auto* packet = std::get_if<Packet>(&*item)) {
                reply.ack = std::move(*packet);
                return reply;
            }
            const auto& error = std::get<DecodeError>(*item);
            if (error.kind == DecodeErrorKind::bad_checksum) {
                reply.failure = ExchangeFailure::corrupted;
                reply.detail = "a reply arrived with a bad checksum";
                return reply;
            }
            // A reply from another address is not ours (another module on the bus, or a module
            // answering with a different address than configured): ignore it and keep waiting.
            if (error.kind == DecodeErrorKind::foreign_address)
                ignored = "a reply from address " + hex32(error.address) + " was ignored (configured " +
                          hex32(settings_.address) + ")";
        }
        if (decoder_.take_ready_byte()) {
            reply.failure = ExchangeFailure::restarted;
            reply.detail = "the module sent its ready byte (it restarted)";
            return reply;
        }
        auto n = link_->read_some(buffer, deadline);
        if (!n) {
            if (n.error().kind == serial::LinkErrorKind::timeout) {
                if (decoder_.mid_packet()) {
                    reply.failure = ExchangeFailure::corrupted;
                    reply.detail = "a reply was cut off mid-packet";
                } else {
                    reply.failure = ExchangeFailure::no_reply;
                    reply.heard_foreign = !ignored.empty();
                    reply.detail = ignored.empty() ? "no reply within " + std::to_string(settings_.reply_timeout_ms) + " ms"
                                                   : ignored;
                }
            } else {
                reply.failure = ExchangeFailure::link_failed;
                reply.detail = n.error().to_string();
            }
            return reply;
        }
        traffic_.bytes_received += *n;
        decoder_.push(std::span<const std::uint8_t>(buffer.data(), *n));
    }
}

FingerprintSensor::Reply FingerprintSensor::transact_once(const std::vector<std::uint8_t>& bytes) {
    // Whatever is waiting now is stale (a late reply to a command we gave up on) unless it is the
    // ready byte of a module that restarted in between, which must not be lost.
    std::array<std::uint8_t, 512> stale{};
    for (;;) {
        auto n = link_->read_some(stale, Clock::now() - milliseconds(1));
        if (!n) break;
        traffic_.bytes_received += *n;
        decoder_.push(std::span<const std::uint8_t>(stale.data(), *n));
    }
    while (decoder_.next()) {
    }
    const bool restarted_before = decoder_.take_ready_byte();
    decoder_.reset();
    Reply reply;
    if (restarted_before) {
        reply.failure = ExchangeFailure::restarted;
        reply.detail = "the module sent its ready byte (it restarted)";
        return reply;
    }
    if (!send(bytes, reply.detail)) {
        reply.failure = ExchangeFailure::link_failed;
        return reply;
    }
    // Bytes written just before (a template's data packets) may still be crossing the wire ahead of
    // this command: the module cannot answer before they and it have arrived.
    return receive(Clock::now() + milliseconds(settings_.reply_timeout_ms) + std::exchange(queued_wire_time_, {}));
}

FingerprintSensor::Reply FingerprintSensor::transact(Instruction instruction, std::span<const std::uint8_t> parameters) {
    const auto bytes = encode(make_command(settings_.address, instruction, parameters));
    Reply reply;
    bool silence = false;
    for (int attempt = 0; attempt <= settings_.command_retries; ++attempt) {
        reply = transact_once(bytes);
        reply.after_silence = silence;
        if (reply.failure == ExchangeFailure::restarted || reply.failure == ExchangeFailure::link_failed) return reply;
        if (reply.failure == ExchangeFailure::no_reply && !reply.heard_foreign) silence = true;
        if (reply.failure != ExchangeFailure::none) continue;
        if (reply.ack.pid != PacketId::ack || reply.ack.content.empty()) {
            reply.failure = ExchangeFailure::corrupted;
            reply.detail = "the module answered with a packet that is not an acknowledge";
            continue;
        }
        // The module received our command damaged (line noise on the way in): send it again.
        if (reply.ack.content[0] == confirm::receive_error) {
            reply.failure = ExchangeFailure::corrupted;
            reply.detail = "the module reported a receive error (0x01) for our command";
            continue;
        }
        // A module that lost the verified password has restarted since the session began.
        if (reply.ack.content[0] == confirm::password_required) {
            reply.failure = ExchangeFailure::restarted;
            reply.detail = "the module asked for the password again (it restarted)";
        }
        return reply;
    }
    reply.detail = std::string(instruction_name(instruction)) + " failed after " +
                   std::to_string(settings_.command_retries + 1) + " attempts: " + reply.detail;
    return reply;
}

DeviceError FingerprintSensor::error_from(const Reply& reply, const char* step) const {
    const std::string where = " (fingerprint sensor on " + link_->describe() + ", during " + step + ")";
    switch (reply.failure) {
        case ExchangeFailure::no_reply:
            return {DeviceErrorKind::no_reply, reply.detail + "; check that the sensor is connected and powered" + where};
        case ExchangeFailure::corrupted:
            return {DeviceErrorKind::garbled, "no intact reply: " + reply.detail + "; check the cable and the baud rate" + where};
        case ExchangeFailure::restarted:
            return {DeviceErrorKind::restarting, reply.detail + where};
        case ExchangeFailure::link_failed:
            return {DeviceErrorKind::link_failed, reply.detail + where};
        case ExchangeFailure::none: break;
    }
    const std::uint8_t code = reply.ack.content.empty() ? 0xFF : reply.ack.content[0];
    return {DeviceErrorKind::rejected, "the module answered " + code_text(code) + where};
}

SensorResult<void> FingerprintSensor::establish_session() {
    decoder_.reset();
    std::array<std::uint8_t, 4> password{};
    for (std::size_t i = 0; i < 4; ++i) password[i] = static_cast<std::uint8_t>(settings_.password >> (24 - 8 * i));
    Reply reply;
    // A module that has just started may announce it (ready byte) while we talk: that is the
    // start-up we are waiting for, so try again rather than fail.
    for (int attempt = 0; attempt <= settings_.restart_retries; ++attempt) {
        reply = transact(Instruction::vfy_pwd, password);
        if (reply.failure != ExchangeFailure::restarted) break;
    }
    if (reply.failure != ExchangeFailure::none) return fail(error_from(reply, "VfyPwd"));
    if (reply.ack.content[0] == confirm::wrong_password)
        return fail(DeviceError{DeviceErrorKind::wrong_password,
                                "the fingerprint sensor on " + link_->describe() +
                                    " refused the configured password; set fingerprint.password to the module's"});
    if (reply.ack.content[0] != confirm::ok) return fail(error_from(reply, "VfyPwd"));

    reply = transact(Instruction::read_sys_para, {});
    if (reply.failure != ExchangeFailure::none) return fail(error_from(reply, "ReadSysPara"));
    if (reply.ack.content[0] != confirm::ok) return fail(error_from(reply, "ReadSysPara"));
    const auto& c = reply.ack.content;
    if (c.size() < 17)
        return fail(DeviceError{DeviceErrorKind::protocol, "ReadSysPara answered " + std::to_string(c.size()) +
                                                               " bytes instead of 17 (sensor on " + link_->describe() + ")"});
    parameters_ = {get_u16(c, 1), get_u16(c, 3), get_u16(c, 5), get_u16(c, 7), get_u32(c, 9), get_u16(c, 13), get_u16(c, 15)};
    const auto size = packet_data_size(parameters_.packet_size_code);
    if (!size)
        return fail(DeviceError{DeviceErrorKind::protocol, "the sensor on " + link_->describe() + " reports packet size code " +
                                                               std::to_string(parameters_.packet_size_code) + " (0-3 expected)"});
    data_packet_size_ = *size;
    return {};
}

SensorResult<std::uint16_t> FingerprintSensor::template_count() {
    Reply reply = transact(Instruction::template_num, {});
    if (reply.failure == ExchangeFailure::restarted) {
        if (auto session = establish_session(); !session) return fail(session.error());
        reply = transact(Instruction::template_num, {});
    }
    if (reply.failure != ExchangeFailure::none || reply.ack.content[0] != confirm::ok) return fail(error_from(reply, "TemplateNum"));
    if (reply.ack.content.size() < 3) return fail(DeviceError{DeviceErrorKind::protocol, "TemplateNum answer too short"});
    return get_u16(reply.ack.content, 1);
}

VerifyResult FingerprintSensor::verify(std::span<const std::uint8_t> enrolled, std::uint16_t score_min,
                                       const ProgressCallback& progress) {
    if (enrolled.size() != template_size)
        return {VerifyOutcome::device_error, 0,
                {DeviceErrorKind::bad_template, "the enrolled template has " + std::to_string(enrolled.size()) +
                                                    " bytes, not " + std::to_string(template_size) +
                                                    " (a data error, not a sensor fault)"}};
    std::array<Template, 1> one{};
    std::copy(enrolled.begin(), enrolled.end(), one[0].begin());
    return verify_any(one, score_min, progress);
}

VerifyResult FingerprintSensor::verify_any(std::span<const Template> templates, std::uint16_t score_min,
                                           const ProgressCallback& progress) {
    cancel_requested_ = false;
    for (int restart = 0; restart <= settings_.restart_retries; ++restart) {
        bool restarted = false;
        VerifyResult result = verify_once(templates, score_min, progress, restarted);
        if (!restarted) return result;
        // The module lost its buffers (and its verified password): start over from the capture.
        if (progress) progress(Progress::reconnecting);
        if (auto session = establish_session(); !session) return {VerifyOutcome::device_error, 0, session.error()};
    }
    return {VerifyOutcome::device_error, 0,
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
                                            const ProgressCallback& progress, bool& restarted) {
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
    VerifyResult start_over{VerifyOutcome::device_error, 0,
                            {DeviceErrorKind::restarting, "the module was silent and may have restarted"}};

    // 1. Wait for the finger: GenImg answers 02 until one is on the glass.
    notify(Progress::waiting_for_finger);
    const auto finger_deadline = Clock::now() + milliseconds(settings_.finger_timeout_ms);
    int failed_captures = 0;
    Reply reply;
    for (;;) {
        if (cancel_requested_) return {VerifyOutcome::cancelled, 0, {}};
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
        if (Clock::now() >= finger_deadline) return {VerifyOutcome::no_finger, 0, {}};
        if (settings_.poll_interval_ms > 0) {
            const auto wake = std::min(finger_deadline, Clock::now() + milliseconds(settings_.poll_interval_ms));
            std::this_thread::sleep_until(wake);
        }
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
        if (cancel_requested_) return {VerifyOutcome::cancelled, 0, {}};
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
            return {VerifyOutcome::device_error, 0,
                    {DeviceErrorKind::protocol, "Match answered without a score (sensor on " + link_->describe() + ")"}};
        const std::uint16_t score = get_u16(c, 1);
        if (score >= score_min) return {VerifyOutcome::matched, score, {}};
        best_score = std::max(best_score, score);
    }
    return {VerifyOutcome::no_match, best_score, {}};
}

}  // namespace kiosk::fingerprint
