#include "drivers/cardreader/apdu.hpp"

namespace kiosk::cardreader {

std::optional<ResponseApdu> ResponseApdu::parse(std::span<const std::uint8_t> raw) {
    if (raw.size() < 2) return std::nullopt;
    ResponseApdu response;
    response.data.assign(raw.begin(), raw.end() - 2);
    response.status = static_cast<std::uint16_t>((raw[raw.size() - 2] << 8) | raw[raw.size() - 1]);
    return response;
}

Bytes get_uid_command() {
    return {0xFF, 0xCA, 0x00, 0x00, 0x00};
}

Bytes select_aid_command(std::span<const std::uint8_t> aid) {
    Bytes command;
    command.reserve(5 + aid.size());
    for (std::uint8_t byte : {std::uint8_t{0x00}, std::uint8_t{0xA4}, std::uint8_t{0x04}, std::uint8_t{0x0C}})
        command.push_back(byte);
    command.push_back(static_cast<std::uint8_t>(aid.size()));
    for (std::uint8_t byte : aid) command.push_back(byte);  // a loop: GCC 12 misreports insert() here
    return command;
}

Bytes select_ef_command(std::uint16_t fid) {
    return {0x00, 0xA4, 0x02, 0x0C, 0x02, static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid & 0xFF)};
}

Bytes select_ef_command(Fid fid) {
    return select_ef_command(static_cast<std::uint16_t>(fid));
}

Bytes read_binary_command(std::uint16_t offset, std::uint8_t length) {
    return {0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8), static_cast<std::uint8_t>(offset & 0xFF), length};
}

Bytes internal_authenticate_command(std::span<const std::uint8_t> challenge) {
    Bytes command{0x00, 0x88, 0x00, 0x00, static_cast<std::uint8_t>(challenge.size())};
    for (std::uint8_t byte : challenge) command.push_back(byte);
    command.push_back(0x00);
    return command;
}

Bytes verify_pin_command(std::string_view pin) {
    Bytes command{0x00, 0x20, 0x00, 0x81, static_cast<std::uint8_t>(pin.size())};
    for (char c : pin) command.push_back(static_cast<std::uint8_t>(c));
    return command;
}

}  // namespace kiosk::cardreader
