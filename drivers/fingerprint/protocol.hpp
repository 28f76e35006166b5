// The R30x-family wire vocabulary (shared/protocols/fingerprint-r30x.md): packet identifiers,
// instruction codes, confirmation codes and the packet-size table, and the document's names of
// them (protocol.cpp). Pure, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace kiosk::fingerprint {

inline constexpr std::uint8_t header_high = 0xEF;
inline constexpr std::uint8_t header_low = 0x01;
inline constexpr std::uint32_t default_address = 0xFFFFFFFF;
inline constexpr std::uint32_t default_password = 0x00000000;
// Some modules send this single byte when they have finished starting up.
inline constexpr std::uint8_t ready_byte = 0x55;
// A template (character file) as the kiosk stores it: an opaque blob of this size.
inline constexpr std::size_t template_size = 512;
// LEN counts content + checksum. The document says "at most 256" but also allows packet size code 3
// (256 data bytes per packet, LEN 258), which real modules send; the codec accepts the latter.
inline constexpr std::size_t max_content_size = 256;
inline constexpr std::size_t max_length_field = max_content_size + 2;
// EF01 + address + PID + LEN before the content, SUM after it.
inline constexpr std::size_t packet_overhead = 2 + 4 + 1 + 2 + 2;

enum class PacketId : std::uint8_t {
    command = 0x01,
    data = 0x02,      // more data follows
    ack = 0x07,
    end_data = 0x08,  // last data packet
};

[[nodiscard]] constexpr bool is_known_packet_id(std::uint8_t pid) {
    return pid == 0x01 || pid == 0x02 || pid == 0x07 || pid == 0x08;
}

enum class Instruction : std::uint8_t {
    gen_img = 0x01,
    img2tz = 0x02,
    match = 0x03,
    search = 0x04,
    reg_model = 0x05,
    store = 0x06,
    load_char = 0x07,
    up_char = 0x08,
    down_char = 0x09,
    delet_char = 0x0C,
    empty = 0x0D,
    set_sys_para = 0x0E,
    read_sys_para = 0x0F,
    set_pwd = 0x12,
    vfy_pwd = 0x13,
    get_random_code = 0x14,
    high_speed_search = 0x1B,  // Search on modules that have it (Adafruit's fingerFastSearch)
    template_num = 0x1D,
    read_index_table = 0x1F,
};

// Confirmation codes: the first content byte of every acknowledge.
namespace confirm {
inline constexpr std::uint8_t ok = 0x00;
inline constexpr std::uint8_t receive_error = 0x01;
inline constexpr std::uint8_t no_finger = 0x02;
inline constexpr std::uint8_t capture_failed = 0x03;
inline constexpr std::uint8_t image_messy = 0x06;
inline constexpr std::uint8_t too_few_features = 0x07;
inline constexpr std::uint8_t no_match = 0x08;
inline constexpr std::uint8_t not_found = 0x09;
inline constexpr std::uint8_t combine_failed = 0x0A;
inline constexpr std::uint8_t page_out_of_range = 0x0B;
inline constexpr std::uint8_t invalid_template = 0x0C;
inline constexpr std::uint8_t upload_error = 0x0D;
inline constexpr std::uint8_t cannot_receive_data = 0x0E;
inline constexpr std::uint8_t upload_image_error = 0x0F;
inline constexpr std::uint8_t delete_failed = 0x10;
inline constexpr std::uint8_t clear_failed = 0x11;
inline constexpr std::uint8_t wrong_password = 0x13;
inline constexpr std::uint8_t no_valid_image = 0x15;
inline constexpr std::uint8_t flash_write_error = 0x18;
inline constexpr std::uint8_t invalid_register = 0x1A;
inline constexpr std::uint8_t wrong_address = 0x20;
inline constexpr std::uint8_t password_required = 0x21;
}  // namespace confirm

// The document's wording of a confirmation code, for operator-facing reasons.
[[nodiscard]] const char* confirmation_text(std::uint8_t code);
// The document's name of an instruction ("GenImg", "DownChar"), for operator-facing reasons.
[[nodiscard]] const char* instruction_name(Instruction instruction);

// SetSysPara registers.
namespace reg {
inline constexpr std::uint8_t baud = 4;            // N, baud = 9600 * N
inline constexpr std::uint8_t security_level = 5;  // 1..5
inline constexpr std::uint8_t packet_size = 6;     // code 0..3
}  // namespace reg

// Packet size code 0/1/2/3 = 32/64/128/256 data bytes per data packet; nullopt for other codes.
[[nodiscard]] constexpr std::optional<std::size_t> packet_data_size(std::uint16_t code) {
    if (code > 3) return std::nullopt;
    return std::size_t{32} << code;
}

}  // namespace kiosk::fingerprint
