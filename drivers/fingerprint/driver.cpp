// FingerprintSensor's session: opening, the password handshake and system parameters, and the
// library count. The exchange layer is exchange.cpp, verification verification.cpp.
#include "drivers/fingerprint/driver.hpp"

#include <array>
#include <utility>

namespace kiosk::fingerprint {

FingerprintSensor::FingerprintSensor(std::unique_ptr<serial::Link> link, const SensorSettings& settings,
                                     SteadyClock& clock)
    : link_(std::move(link)), settings_(settings), clock_(clock), decoder_(settings.address) {}

SensorResult<std::unique_ptr<FingerprintSensor>> FingerprintSensor::open(std::unique_ptr<serial::Link> link,
                                                                         const SensorSettings& settings,
                                                                         SteadyClock& clock) {
    std::unique_ptr<FingerprintSensor> sensor(new FingerprintSensor(std::move(link), settings, clock));
    // Bytes from before we opened (a power-up ready byte, a reply meant for an earlier host) mean
    // nothing to this session.
    (void)sensor->link_->flush_input();
    TRY(sensor->establish_session());
    return sensor;
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
        TRY(establish_session());
        reply = transact(Instruction::template_num, {});
    }
    if (reply.failure != ExchangeFailure::none || reply.ack.content[0] != confirm::ok) return fail(error_from(reply, "TemplateNum"));
    if (reply.ack.content.size() < 3) return fail(DeviceError{DeviceErrorKind::protocol, "TemplateNum answer too short"});
    return get_u16(reply.ack.content, 1);
}

}  // namespace kiosk::fingerprint
