#include "kiosk/store/base64.hpp"

#include <array>

namespace kiosk::store {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

enum class Padding { with, without };

constexpr std::array<std::int8_t, 256> make_decode_table() {
    std::array<std::int8_t, 256> table{};
    for (auto& entry : table) entry = -1;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    }
    return table;
}
constexpr auto kDecode = make_decode_table();

std::string encode(const std::uint8_t* data, std::size_t size, std::string_view alphabet, Padding padding) {
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint32_t chunk = static_cast<std::uint32_t>(data[i]) << 16 |
                                    (i + 1 < size ? static_cast<std::uint32_t>(data[i + 1]) << 8 : 0U) |
                                    (i + 2 < size ? static_cast<std::uint32_t>(data[i + 2]) : 0U);
        out += alphabet[chunk >> 18 & 63];
        out += alphabet[chunk >> 12 & 63];
        if (i + 1 < size) {
            out += alphabet[chunk >> 6 & 63];
        } else if (padding == Padding::with) {
            out += '=';
        }
        if (i + 2 < size) {
            out += alphabet[chunk & 63];
        } else if (padding == Padding::with) {
            out += '=';
        }
    }
    return out;
}

}  // namespace

std::string base64_encode(const std::uint8_t* data, std::size_t size) {
    return encode(data, size, kAlphabet, Padding::with);
}

std::string base64url_encode_unpadded(const std::uint8_t* data, std::size_t size) {
    return encode(data, size, kUrlAlphabet, Padding::without);
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const std::size_t padding = last ? (text[i + 3] == '=' ? (text[i + 2] == '=' ? 2U : 1U) : 0U) : 0U;
        std::uint32_t chunk = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            if (j >= 4 - padding) {
                chunk <<= 6;
                continue;
            }
            const std::int8_t value = kDecode[static_cast<unsigned char>(c)];
            if (value < 0) return std::nullopt;
            chunk = chunk << 6 | static_cast<std::uint32_t>(value);
        }
        out.push_back(static_cast<std::uint8_t>(chunk >> 16));
        if (padding < 2) out.push_back(static_cast<std::uint8_t>(chunk >> 8 & 0xff));
        if (padding < 1) out.push_back(static_cast<std::uint8_t>(chunk & 0xff));
        // Canonical form: the bits the padding hides must be zero.
        if ((padding == 1 && (chunk & 0xff) != 0) || (padding == 2 && (chunk & 0xffff) != 0)) return std::nullopt;
    }
    return out;
}

}  // namespace kiosk::store
