#include "drivers/fingerprint/codec.hpp"

#include "kiosk/core/assert.hpp"

#include <algorithm>

namespace kiosk::fingerprint {

const char* to_string(DecodeErrorKind kind) {
    switch (kind) {
        case DecodeErrorKind::bad_checksum: return "bad checksum";
        case DecodeErrorKind::foreign_address: return "reply from another address";
        case DecodeErrorKind::bad_length: return "impossible length";
        case DecodeErrorKind::unknown_packet_id: return "unknown packet identifier";
    }
    return "unknown";
}

std::uint16_t checksum(std::uint8_t pid, std::span<const std::uint8_t> content) {
    const std::size_t length = content.size() + 2;
    std::size_t sum = pid + ((length >> 8) & 0xFF) + (length & 0xFF);
    for (const std::uint8_t b : content) sum += b;
    return static_cast<std::uint16_t>(sum & 0xFFFF);
}

void encode_into(const Packet& packet, std::vector<std::uint8_t>& out) {
    VERIFY_MSG(packet.content.size() <= max_content_size, "a packet's content exceeds max_content_size");
    const auto pid = static_cast<std::uint8_t>(packet.pid);
    out.push_back(header_high);
    out.push_back(header_low);
    put_u32(out, packet.address);
    out.push_back(pid);
    put_u16(out, static_cast<std::uint16_t>(packet.content.size() + 2));
    out.insert(out.end(), packet.content.begin(), packet.content.end());
    put_u16(out, checksum(pid, packet.content));
}

std::vector<std::uint8_t> encode(const Packet& packet) {
    std::vector<std::uint8_t> out;
    out.reserve(packet_overhead + packet.content.size());
    encode_into(packet, out);
    return out;
}

Packet make_command(std::uint32_t address, Instruction instruction, std::span<const std::uint8_t> parameters) {
    Packet p{address, PacketId::command, {}};
    p.content.reserve(1 + parameters.size());
    p.content.push_back(static_cast<std::uint8_t>(instruction));
    p.content.insert(p.content.end(), parameters.begin(), parameters.end());
    return p;
}

void Decoder::push(std::span<const std::uint8_t> bytes) { pending_.insert(pending_.end(), bytes.begin(), bytes.end()); }

void Decoder::reset() {
    buffer_.clear();
    pending_.clear();
    skipped_bytes_ = 0;
    ready_byte_seen_ = false;
}

// Moves bytes from pending_ into buffer_ while buffer_ is empty, skipping anything that cannot
// start a packet. Only EF can start one.
void Decoder::skip_to_header() {
    std::size_t i = 0;
    while (buffer_.empty() && i < pending_.size()) {
        const std::uint8_t b = pending_[i++];
        if (b == header_high) {
            buffer_.push_back(b);
        } else {
            ++skipped_bytes_;
            if (b == ready_byte) ready_byte_seen_ = true;
        }
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(i));
}

std::optional<std::variant<Packet, DecodeError>> Decoder::next() {
    for (;;) {
        skip_to_header();
        if (buffer_.empty()) return std::nullopt;
        // Fill up to the fixed part (9 bytes), then to the full packet once LEN is known.
        auto fill_to = [&](std::size_t size) {
            const std::size_t take = std::min(size - std::min(size, buffer_.size()), pending_.size());
            buffer_.insert(buffer_.end(), pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(take));
            pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(take));
            return buffer_.size() >= size;
        };
        // Rejects the candidate: its bytes after the leading EF go back in front of pending_ so a
        // header hidden inside it is still found.
        auto reject = [&] {
            pending_.insert(pending_.begin(), buffer_.begin() + 1, buffer_.end());
            buffer_.clear();
            ++skipped_bytes_;
        };
        if (!fill_to(2)) return std::nullopt;
        if (buffer_[1] != header_low) {
            reject();
            continue;
        }
        if (!fill_to(9)) return std::nullopt;
        const std::uint32_t address = get_u32(buffer_, 2);
        const std::uint8_t pid = buffer_[6];
        const std::size_t length = get_u16(buffer_, 7);
        if (!is_known_packet_id(pid)) {
            reject();
            return DecodeError{DecodeErrorKind::unknown_packet_id, address, pid};
        }
        if (length < 2 || length > max_length_field) {
            reject();
            return DecodeError{DecodeErrorKind::bad_length, address, pid};
        }
        if (!fill_to(9 + length)) return std::nullopt;
        const std::span<const std::uint8_t> content(buffer_.data() + 9, length - 2);
        const std::uint16_t sum = get_u16(buffer_, 9 + length - 2);
        if (sum != checksum(pid, content)) {
            reject();
            return DecodeError{DecodeErrorKind::bad_checksum, address, pid};
        }
        if (!accept_any_address_ && address != address_) {
            buffer_.clear();
            return DecodeError{DecodeErrorKind::foreign_address, address, pid};
        }
        Packet packet{address, static_cast<PacketId>(pid), std::vector<std::uint8_t>(content.begin(), content.end())};
        buffer_.clear();
        return packet;
    }
}

std::vector<Packet> split_into_data_packets(std::uint32_t address, std::span<const std::uint8_t> blob,
                                            std::size_t data_size) {
    std::vector<Packet> packets;
    VERIFY_MSG(data_size > 0 && data_size <= max_content_size, "a data packet size is 1 to max_content_size");
    std::size_t at = 0;
    do {
        const std::size_t n = std::min(data_size, blob.size() - at);
        const bool last = at + n >= blob.size();
        packets.push_back(Packet{address, last ? PacketId::end_data : PacketId::data,
                                 std::vector<std::uint8_t>(blob.begin() + static_cast<std::ptrdiff_t>(at),
                                                           blob.begin() + static_cast<std::ptrdiff_t>(at + n))});
        at += n;
    } while (at < blob.size());
    return packets;
}

DataJoiner::Step DataJoiner::add(const Packet& packet) {
    if (packet.pid != PacketId::data && packet.pid != PacketId::end_data) return Step::error;
    if (data_.size() + packet.content.size() > max_size_) return Step::error;
    data_.insert(data_.end(), packet.content.begin(), packet.content.end());
    return packet.pid == PacketId::end_data ? Step::done : Step::more;
}

}  // namespace kiosk::fingerprint
