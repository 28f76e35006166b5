#include "drivers/cardreader/sim/card_applet.hpp"

#include <algorithm>

namespace kiosk::cardreader::sim {

namespace {

Bytes status(std::uint16_t word) {
    return {static_cast<std::uint8_t>(word >> 8), static_cast<std::uint8_t>(word & 0xFF)};
}

Bytes with_status(Bytes data, std::uint16_t word) {
    data.push_back(static_cast<std::uint8_t>(word >> 8));
    data.push_back(static_cast<std::uint8_t>(word & 0xFF));
    return data;
}

// Lc and the command data of a case 3/4 short APDU; nullopt when the length byte disagrees with the
// command's size (a wrong-length error).
std::optional<std::span<const std::uint8_t>> command_data(std::span<const std::uint8_t> command, bool expects_le) {
    if (command.size() < 5) return std::nullopt;
    const std::size_t lc = command[4];
    const std::size_t expected = 5 + lc + (expects_le ? 1 : 0);
    if (lc == 0) return std::nullopt;
    if (command.size() != expected && !(expects_le && command.size() == expected - 1)) return std::nullopt;
    return command.subspan(5, lc);
}

}  // namespace

Result<CardApplet> CardApplet::create(CardImage image) {
    auto key = EcPrivateKey::from_pem(image.chip_private_key_pem);
    if (!key) return fail("card.sim", "card image: " + key.error().what);
    return CardApplet(std::move(image), std::move(key.value()));
}

void CardApplet::reset() {
    application_selected_ = false;
    selected_file_.reset();
    pin_verified_ = false;
}

Bytes CardApplet::process(std::span<const std::uint8_t> command) {
    if (command.size() < 4) return status(sw::wrong_length);
    const std::uint8_t cla = command[0];
    const std::uint8_t ins = command[1];
    if (cla == 0xFF) {
        // PC/SC part 3 pseudo-APDU handled by the reader: GET DATA (UID).
        if (ins != 0xCA) return status(sw::ins_not_supported);
        if (command[2] != 0x00 || command[3] != 0x00) return status(sw::wrong_p1p2);
        return with_status(image_.uid, sw::ok);
    }
    if (cla != 0x00) return status(sw::cla_not_supported);
    switch (ins) {
        case 0xA4: return select(command);
        case 0xB0: return read_binary(command);
        case 0x88: return internal_authenticate(command);
        case 0x20: return verify_pin(command);
        default: return status(sw::ins_not_supported);
    }
}

Bytes CardApplet::select(std::span<const std::uint8_t> command) {
    const auto data = command_data(command, false);
    if (!data) return status(sw::wrong_length);
    if (command[2] == 0x04 && command[3] == 0x0C) {
        const bool match = std::equal(data->begin(), data->end(), image_.aid.begin(), image_.aid.end());
        application_selected_ = match;
        selected_file_.reset();
        return status(match ? sw::ok : sw::not_found);
    }
    if (command[2] == 0x02 && command[3] == 0x0C) {
        if (data->size() != 2) return status(sw::wrong_length);
        const auto fid = static_cast<std::uint16_t>(((*data)[0] << 8) | (*data)[1]);
        if (!application_selected_ || !image_.files.contains(fid)) return status(sw::not_found);
        selected_file_ = fid;
        return status(sw::ok);
    }
    return status(sw::wrong_p1p2);
}

Bytes CardApplet::read_binary(std::span<const std::uint8_t> command) {
    if (command.size() != 5) return status(sw::wrong_length);
    if (!application_selected_ || !selected_file_) return status(sw::security_not_satisfied);
    if ((command[2] & 0x80) != 0) return status(sw::wrong_p1p2);  // short-EF addressing not offered
    const std::size_t offset = static_cast<std::size_t>((command[2] << 8) | command[3]);
    const std::size_t wanted = command[4] == 0 ? 256 : command[4];
    if (wanted > kMaxReadChunk) return status(sw::wrong_length);
    const Bytes& file = image_.files.at(*selected_file_);
    if (offset > file.size()) return status(sw::wrong_offset);
    const std::size_t available = std::min(wanted, file.size() - offset);
    Bytes data(file.begin() + static_cast<std::ptrdiff_t>(offset),
               file.begin() + static_cast<std::ptrdiff_t>(offset + available));
    return with_status(std::move(data), available < wanted ? sw::end_of_file : sw::ok);
}

Bytes CardApplet::internal_authenticate(std::span<const std::uint8_t> command) {
    if (command[2] != 0x00 || command[3] != 0x00) return status(sw::wrong_p1p2);
    const auto challenge = command_data(command, true);
    if (!challenge || challenge->size() < 8 || challenge->size() > 32) return status(sw::wrong_length);
    if (!application_selected_) return status(sw::security_not_satisfied);
    auto signature = chip_key_.sign(*challenge);
    if (!signature) return status(sw::security_not_satisfied);
    return with_status(std::move(signature.value()), sw::ok);
}

Bytes CardApplet::verify_pin(std::span<const std::uint8_t> command) {
    if (command[2] != 0x00 || command[3] != 0x81) return status(sw::wrong_p1p2);
    if (!application_selected_ || image_.role != CardRole::staff || image_.pin.empty())
        return status(sw::security_not_satisfied);
    if (image_.pin_tries <= 0) return status(sw::blocked);
    if (command.size() == 4) {
        // VERIFY without data asks for the try counter (ISO 7816-4).
        return status(pin_verified_ ? sw::ok : static_cast<std::uint16_t>(sw::wrong_pin_base | image_.pin_tries));
    }
    const auto pin = command_data(command, false);
    if (!pin) return status(sw::wrong_length);
    const bool match = std::equal(pin->begin(), pin->end(), image_.pin.begin(), image_.pin.end());
    if (match) {
        image_.pin_tries = image_.pin_tries_max;
        pin_verified_ = true;
        return status(sw::ok);
    }
    pin_verified_ = false;
    image_.pin_tries -= 1;
    if (image_.pin_tries == 0) return status(sw::blocked);
    return status(static_cast<std::uint16_t>(sw::wrong_pin_base | image_.pin_tries));
}

}  // namespace kiosk::cardreader::sim
