// Hexadecimal text, the one place the project turns hex digits into numbers and bytes and back
// (STYLE.md 11): card files and APDU dumps, USB vendor and product ids, module addresses and status
// words in operator-facing messages. Pure functions, no locale: only '0'-'9', 'a'-'f' and 'A'-'F'
// are digits, whatever the C locale says.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

enum class HexCase { upper, lower };

// The value (0-15) of one hex digit, or nullopt for any other character.
[[nodiscard]] std::optional<unsigned> hex_digit_value(char c);

// A number written as hex digits only: at least one digit, no "0x" prefix, no sign, no separators.
// nullopt when a character is not a hex digit or the value exceeds `max`. Leading zeros are
// accepted and do not count against `max`.
[[nodiscard]] std::optional<std::uint64_t> parse_hex_number(std::string_view digits, std::uint64_t max);

// The same for a given unsigned type: nullopt when the value does not fit it.
template <std::unsigned_integral T>
[[nodiscard]] std::optional<T> parse_hex(std::string_view digits) {
    const auto value = parse_hex_number(digits, std::numeric_limits<T>::max());
    if (!value) return std::nullopt;
    return static_cast<T>(*value);
}

// `value` in exactly `width` digits, zero-padded ("%0*X"). A value that needs more than `width`
// digits, or a width outside 1..16, is a programmer error (VERIFY): the caller chose the width
// for its type.
[[nodiscard]] std::string format_hex_number(std::uint64_t value, int width, HexCase letters = HexCase::upper);

// Bytes as hex, two digits a byte, no separators ("04A1B2").
[[nodiscard]] std::string format_hex_bytes(std::span<const std::uint8_t> bytes, HexCase letters = HexCase::upper);

// Bytes from hex text, two digits a byte, either case. Blanks and colons (' ', '\t', '\n', ':') are
// skipped wherever they stand, so a dump such as "3B 86:80" reads as 3B 86 80. nullopt on any other
// character or an odd number of digits. The empty text is zero bytes.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> parse_hex_bytes(std::string_view text);

}  // namespace kiosk::core
