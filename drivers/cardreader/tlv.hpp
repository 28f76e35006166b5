// BER-TLV (ISO 7816-4 / X.690 subset) as the card profile uses it: tags of up to three bytes,
// definite lengths of up to three length bytes, constructed values parsed recursively.
//
// The parser reads untrusted card data and is fuzzed (fuzz/cardreader_tlv.cpp): it never reads out of
// bounds, rejects indefinite lengths and trailing garbage, and bounds nesting depth.
#pragma once

#include "drivers/cardreader/apdu.hpp"
#include "kiosk/core/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kiosk::cardreader {

struct Tlv {
    std::uint32_t tag = 0;      // the tag bytes big-endian, e.g. 0x5F01, 0x61
    Bytes value;                // the value bytes (also kept for constructed tags)
    std::vector<Tlv> children;  // parsed value of a constructed tag, empty for primitive ones

    [[nodiscard]] bool constructed() const;
    // The first direct child with this tag, or nullptr.
    [[nodiscard]] const Tlv* find(std::uint32_t child_tag) const;
};

inline constexpr int kMaxTlvDepth = 8;

// Parses a whole buffer as a sequence of TLVs. Fails (with the byte offset, never the data) when the
// buffer is not exactly a sequence of well-formed TLVs.
[[nodiscard]] Result<std::vector<Tlv>> parse_tlv(std::span<const std::uint8_t> data);

// Encodes one TLV with a definite minimal length.
[[nodiscard]] Bytes encode_tlv(std::uint32_t tag, std::span<const std::uint8_t> value);

}  // namespace kiosk::cardreader
