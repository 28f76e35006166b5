// CardImage: everything a virtual KTP-el card holds, and the card file that stores one.
//
// Card file format (written by `kioskctl card make`, read by kiosk-sim-card and the tests), TOML:
//
//   format = "ktp-kiosk-card/1"          # required, exact
//   uid = "04A1B2C3D4E5F6"               # hex, 4..10 bytes
//   atr = "3B8680014B54502D454C7B"       # hex, the ATR vpcd reports
//   aid = "F04B54502D454C"                # optional, hex: the application's AID (default KTP-EL)
//   role = "resident"                    # or "staff"
//   pin = "1234"                         # staff cards only, 4..12 ASCII digits
//   pin_tries = 3                        # tries left now (0 = blocked)
//   pin_tries_max = 3
//   chip_private_key = """-----BEGIN PRIVATE KEY-----..."""   # PKCS#8 PEM, P-256
//   [files]                              # elementary files by FID, hex contents
//   "0101" = "61..."
//
// Card files are test and demo material: they hold synthetic people and test keys only.
#pragma once

#include "drivers/cardreader/apdu.hpp"
#include "drivers/cardreader/biodata.hpp"
#include "kiosk/core/result.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace kiosk::cardreader::sim {

struct CardImage {
    Bytes uid;                             // answered to FF CA 00 00 00
    Bytes atr;                             // answered to vpcd's "get ATR"
    Bytes aid = kKtpElAid;                 // the application SELECT by AID finds (another AID: not ours)
    std::map<std::uint16_t, Bytes> files;  // EFs of the KTP-EL application by FID
    std::string chip_private_key_pem;      // signs INTERNAL AUTHENTICATE challenges
    std::string pin;                       // empty on resident cards
    int pin_tries = 3;                     // tries left
    int pin_tries_max = 3;
    CardRole role = CardRole::resident;
};

// A contactless ISO 14443-4 ATR as PC/SC part 3 builds it for a type A card: 3B 8n 80 01, the
// historical bytes, TCK. Our historical bytes spell "KTP-EL".
[[nodiscard]] Bytes contactless_atr(std::span<const std::uint8_t> historical_bytes);
[[nodiscard]] Bytes default_atr();

[[nodiscard]] Result<CardImage> load_card_file(const std::string& path);
[[nodiscard]] Result<CardImage> parse_card_file(const std::string& text);
[[nodiscard]] std::string format_card_file(const CardImage& card);
[[nodiscard]] Status save_card_file(const CardImage& card, const std::string& path);

}  // namespace kiosk::cardreader::sim
