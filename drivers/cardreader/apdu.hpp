// ISO 7816-4 command/response APDUs as the KTP-el profile uses them (shared/protocols/card.md).
// Pure bytes in, bytes out: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::cardreader {

using Bytes = std::vector<std::uint8_t>;

// The profile's application identifier: F0 'KTP-EL'.
inline const Bytes kKtpElAid{0xF0, 0x4B, 0x54, 0x50, 0x2D, 0x45, 0x4C};

// Elementary files of the application.
enum class Fid : std::uint16_t {
    biodata = 0x0101,
    template_right = 0x0102,
    template_left = 0x0103,
    chip_public_key = 0x0104,
    security_object = 0x010F,
};

// Largest Le of one READ BINARY in the profile.
inline constexpr std::size_t kMaxReadChunk = 0xDF;

namespace sw {
inline constexpr std::uint16_t ok = 0x9000;
inline constexpr std::uint16_t end_of_file = 0x6282;
inline constexpr std::uint16_t wrong_length = 0x6700;
inline constexpr std::uint16_t security_not_satisfied = 0x6982;
inline constexpr std::uint16_t blocked = 0x6983;
inline constexpr std::uint16_t not_found = 0x6A82;
inline constexpr std::uint16_t wrong_p1p2 = 0x6A86;
inline constexpr std::uint16_t wrong_offset = 0x6B00;
inline constexpr std::uint16_t ins_not_supported = 0x6D00;
inline constexpr std::uint16_t cla_not_supported = 0x6E00;
inline constexpr std::uint16_t wrong_pin_base = 0x63C0;  // | tries left (0..15)
}  // namespace sw

// A response APDU split into data and status word. parse() fails on fewer than two bytes.
struct ResponseApdu {
    Bytes data;
    std::uint16_t status = 0;

    [[nodiscard]] static std::optional<ResponseApdu> parse(std::span<const std::uint8_t> raw);
    [[nodiscard]] bool ok() const { return status == sw::ok; }
};

// Command builders. Each returns the full command APDU.
[[nodiscard]] Bytes get_uid_command();                                      // FF CA 00 00 00
[[nodiscard]] Bytes select_aid_command(std::span<const std::uint8_t> aid);  // 00 A4 04 0C Lc AID
[[nodiscard]] Bytes select_ef_command(Fid fid);                             // 00 A4 02 0C 02 FID
[[nodiscard]] Bytes select_ef_command(std::uint16_t fid);
[[nodiscard]] Bytes read_binary_command(std::uint16_t offset, std::uint8_t length);  // 00 B0 ..
[[nodiscard]] Bytes internal_authenticate_command(std::span<const std::uint8_t> challenge);
[[nodiscard]] Bytes verify_pin_command(std::string_view pin);  // 00 20 00 81 Lc PIN

}  // namespace kiosk::cardreader
