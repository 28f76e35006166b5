// CardApplet: the card side of the KTP-el profile, a pure command-APDU -> response-APDU machine over a
// CardImage. The virtual card (VpcdCard) feeds it what vpcd forwards; tests may drive it directly.
//
// State kept across power cycles: the PIN try counter (it lives in the card's EEPROM). State lost on
// power off / reset: the selected application and file, and a verified PIN.
// Not thread-safe: one owner (the VpcdCard thread) drives it.
#pragma once

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_image.hpp"

#include <optional>

namespace kiosk::cardreader::sim {

class CardApplet {
public:
    // Fails when the image's chip key is not a P-256 private key.
    [[nodiscard]] static Result<CardApplet> create(CardImage image);

    [[nodiscard]] Bytes process(std::span<const std::uint8_t> command);
    void reset();  // power off / on / warm reset
    [[nodiscard]] const CardImage& image() const { return image_; }

private:
    CardApplet(CardImage image, EcPrivateKey chip_key) : image_(std::move(image)), chip_key_(std::move(chip_key)) {}

    Bytes select(std::span<const std::uint8_t> command);
    Bytes read_binary(std::span<const std::uint8_t> command);
    Bytes internal_authenticate(std::span<const std::uint8_t> command);
    Bytes verify_pin(std::span<const std::uint8_t> command);

    CardImage image_;
    EcPrivateKey chip_key_;
    bool application_selected_ = false;
    std::optional<std::uint16_t> selected_file_;
    bool pin_verified_ = false;
};

}  // namespace kiosk::cardreader::sim
