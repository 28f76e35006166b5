// Issues virtual cards: builds the files of a KTP-el card, signs them with an issuer key, and
// optionally spoils the result the way real attacks do (for tests and the demo).
#pragma once

#include "drivers/cardreader/biodata.hpp"
#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_image.hpp"

#include <optional>

namespace kiosk::cardreader::sim {

enum class Tampering {
    none,
    forge,  // biodata changed after the issuer signed it: the security object no longer matches
    clone,  // the files are genuine, but the chip holds another private key than 0104 names
};

struct CardSpec {
    Biodata biodata;  // role decides resident/staff
    std::string pin;  // staff cards: 4..12 digits
    int pin_tries_max = 3;
    std::optional<Bytes> template_right;  // 512 bytes; resident cards get synthetic ones if absent
    std::optional<Bytes> template_left;
    std::optional<Bytes> uid;  // 7-byte NXP-style random UID if absent
    Tampering tampering = Tampering::none;
};

inline constexpr std::size_t kTemplateSize = 512;

[[nodiscard]] Result<CardImage> make_card(const CardSpec& spec, const EcPrivateKey& issuer_key);

}  // namespace kiosk::cardreader::sim
