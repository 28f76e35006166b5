// The R30x packet codec: bytes <-> packets, pure (no I/O, no clock). Used by the driver, the
// simulator and the fuzzer alike.
//
//   EF 01 | ADDR (4) | PID (1) | LEN (2) | CONTENT (LEN-2) | SUM (2)      all big-endian
//   SUM = low 16 bits of PID + LEN high + LEN low + every content byte
#pragma once

#include "drivers/fingerprint/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk::fingerprint {

struct Packet {
    std::uint32_t address = default_address;
    PacketId pid = PacketId::command;
    std::vector<std::uint8_t> content;

    friend bool operator==(const Packet&, const Packet&) = default;
};

[[nodiscard]] std::uint16_t checksum(std::uint8_t pid, std::span<const std::uint8_t> content);

// Encodes one packet. Content longer than max_content_size is a programmer error and aborts.
[[nodiscard]] std::vector<std::uint8_t> encode(const Packet& packet);
void encode_into(const Packet& packet, std::vector<std::uint8_t>& out);

// A command packet: instruction code followed by its parameters.
[[nodiscard]] Packet make_command(std::uint32_t address, Instruction instruction,
                                  std::span<const std::uint8_t> parameters = {});

// Why the decoder threw bytes away. Each is reported once per discarded candidate packet.
enum class DecodeErrorKind {
    bad_checksum,     // a complete packet whose SUM does not match: dropped, decoding resumes after its header
    foreign_address,  // a well-formed packet for another address: dropped whole
    bad_length,       // LEN over max_length_field or under 2: the header was not a header, resynchronise
    unknown_packet_id,  // PID not 01/02/07/08: likewise
};
[[nodiscard]] const char* to_string(DecodeErrorKind kind);

struct DecodeError {
    DecodeErrorKind kind;
    std::uint32_t address;  // as read from the discarded packet
    std::uint8_t pid;
};

// A streaming decoder. Feed it bytes as they arrive (push), then take results (next) until it has
// none. Bytes that cannot start a packet are skipped and counted; a lone ready byte (0x55) seen
// between packets is remembered, because it means the module may have restarted.
//
// Resynchronisation: after any error the decoder rescans from the byte after the rejected "EF 01",
// so a real packet hidden inside garbage or inside a corrupted packet is still found.
class Decoder {
public:
    // Packets from other addresses are reported as foreign_address. `accept_any_address` is for
    // tools that listen to every module.
    explicit Decoder(std::uint32_t address = default_address, bool accept_any_address = false)
        : address_(address), accept_any_address_(accept_any_address) {}

    void push(std::span<const std::uint8_t> bytes);
    void push(std::uint8_t byte) { push(std::span<const std::uint8_t>(&byte, 1)); }

    // The next decoded packet or error, or nothing while more bytes are needed.
    [[nodiscard]] std::optional<std::variant<Packet, DecodeError>> next();

    // Drops buffered bytes and flags (a new conversation starts).
    void reset();

    void set_address(std::uint32_t address) { address_ = address; }
    [[nodiscard]] std::uint32_t address() const { return address_; }

    // True while some bytes of a packet that has not completed are buffered (a cut-off reply).
    [[nodiscard]] bool mid_packet() const { return !buffer_.empty(); }
    // Bytes skipped because they could not start a packet, since construction or reset().
    [[nodiscard]] std::size_t skipped_bytes() const { return skipped_bytes_; }
    // Whether a ready byte arrived between packets; take_ready_byte() reads and clears it.
    [[nodiscard]] bool take_ready_byte() { return std::exchange(ready_byte_seen_, false); }

private:
    void skip_to_header();

    std::uint32_t address_;
    bool accept_any_address_;
    std::vector<std::uint8_t> buffer_;  // starts with EF (or EF 01 ...) whenever non-empty
    std::vector<std::uint8_t> pending_;  // bytes pushed but not yet examined
    std::size_t skipped_bytes_ = 0;
    bool ready_byte_seen_ = false;
};

// Splits a template into data packets of `data_size` bytes each (from packet_data_size()): 02 for
// all but the last, 08 for the last. An empty blob yields one empty 08 packet.
[[nodiscard]] std::vector<Packet> split_into_data_packets(std::uint32_t address, std::span<const std::uint8_t> blob,
                                                          std::size_t data_size);

// Joins data packets back. Collects content until the 08 packet; returns nullopt if a packet other
// than 02/08 appears, or if the total exceeds `max_size`.
class DataJoiner {
public:
    explicit DataJoiner(std::size_t max_size = template_size) : max_size_(max_size) {}
    enum class Step { more, done, error };
    Step add(const Packet& packet);
    [[nodiscard]] const std::vector<std::uint8_t>& data() const { return data_; }

private:
    std::size_t max_size_;
    std::vector<std::uint8_t> data_;
};

// Big-endian helpers for building and reading content.
inline void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
inline void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put_u16(out, static_cast<std::uint16_t>(v >> 16));
    put_u16(out, static_cast<std::uint16_t>(v));
}
[[nodiscard]] inline std::uint16_t get_u16(std::span<const std::uint8_t> in, std::size_t at) {
    return static_cast<std::uint16_t>((in[at] << 8) | in[at + 1]);
}
[[nodiscard]] inline std::uint32_t get_u32(std::span<const std::uint8_t> in, std::size_t at) {
    return (std::uint32_t{get_u16(in, at)} << 16) | get_u16(in, at + 2);
}

}  // namespace kiosk::fingerprint
