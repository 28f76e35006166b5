#include "kiosk/core/hex.hpp"

#include "kiosk/core/assert.hpp"

namespace kiosk::core {
namespace {

constexpr std::string_view kUpperDigits = "0123456789ABCDEF";
constexpr std::string_view kLowerDigits = "0123456789abcdef";

std::string_view digits_of(HexCase letters) {
    return letters == HexCase::upper ? kUpperDigits : kLowerDigits;
}

bool is_blank_or_colon(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == ':';
}

}  // namespace

std::optional<unsigned> hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a') + 10U;
    if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A') + 10U;
    return std::nullopt;
}

std::optional<std::uint64_t> parse_hex_number(std::string_view digits, std::uint64_t max) {
    if (digits.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : digits) {
        const auto digit = hex_digit_value(c);
        if (!digit) return std::nullopt;
        // value * 16 + digit > max, written so that it cannot overflow.
        if (*digit > max || value > (max - *digit) / 16U) return std::nullopt;
        value = value * 16U + *digit;
    }
    return value;
}

std::string format_hex_number(std::uint64_t value, int width, HexCase letters) {
    VERIFY_MSG(width >= 1 && width <= 16, "a hex width is 1 to 16 digits");
    VERIFY_MSG(width == 16 || value >> (4 * width) == 0, "the value needs more hex digits than the width");
    const std::string_view digits = digits_of(letters);
    std::string text(static_cast<std::size_t>(width), '0');
    for (auto at = text.rbegin(); at != text.rend(); ++at) {
        *at = digits[value & 0x0FU];
        value >>= 4;
    }
    return text;
}

std::string format_hex_bytes(std::span<const std::uint8_t> bytes, HexCase letters) {
    const std::string_view digits = digits_of(letters);
    std::string text;
    text.reserve(bytes.size() * 2);
    for (const std::uint8_t byte : bytes) {
        text.push_back(digits[byte >> 4]);
        text.push_back(digits[byte & 0x0FU]);
    }
    return text;
}

std::optional<std::vector<std::uint8_t>> parse_hex_bytes(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() / 2);
    unsigned high = 0;
    bool have_high = false;  // a byte's first digit is in `high`
    for (const char c : text) {
        if (is_blank_or_colon(c)) continue;
        const auto digit = hex_digit_value(c);
        if (!digit) return std::nullopt;
        if (have_high) bytes.push_back(static_cast<std::uint8_t>((high << 4) | *digit));
        high = *digit;
        have_high = !have_high;
    }
    if (have_high) return std::nullopt;
    return bytes;
}

}  // namespace kiosk::core
