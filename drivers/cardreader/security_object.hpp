// The message the issuer signs in EF 010F: H(0101) || H(0102) || H(0103) || H(0104), H = SHA-256,
// where a file the card lacks hashes as the empty string (shared/protocols/card.md).
#pragma once

#include "drivers/cardreader/apdu.hpp"

#include <optional>

namespace kiosk::cardreader {

struct SignedFiles {
    std::optional<Bytes> biodata;          // 0101
    std::optional<Bytes> template_right;   // 0102
    std::optional<Bytes> template_left;    // 0103
    std::optional<Bytes> chip_public_key;  // 0104
};

[[nodiscard]] Bytes security_object_message(const SignedFiles& files);

}  // namespace kiosk::cardreader
