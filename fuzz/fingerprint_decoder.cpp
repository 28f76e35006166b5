// Fuzzes the streaming R30x decoder with arbitrary bytes, pushed in arbitrary pieces.
// Invariants checked (a violation aborts):
//   - every decoded packet is within the size limits and re-encodes to bytes that decode to it;
//   - decoding is independent of how the stream is cut into pushes (streaming is exact);
//   - the decoder never holds more than one packet's worth of bytes between calls.
#include "drivers/fingerprint/codec.hpp"

#include "kiosk/core/assert.hpp"

#include <vector>

using namespace kiosk::fingerprint;

namespace {

using Item = std::variant<Packet, DecodeError>;

bool same(const Item& a, const Item& b) {
    if (a.index() != b.index()) return false;
    if (const auto* p = std::get_if<Packet>(&a)) return *p == std::get<Packet>(b);
    const auto& x = std::get<DecodeError>(a);
    const auto& y = std::get<DecodeError>(b);
    return x.kind == y.kind && x.address == y.address && x.pid == y.pid;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte chooses the piece size, so the same stream is also tried in pieces.
    const std::size_t piece = 1 + data[0] % 16;
    const std::span<const std::uint8_t> stream(data + 1, size - 1);

    Decoder whole;
    whole.push(stream);
    std::vector<Item> expected;
    while (auto item = whole.next()) expected.push_back(*item);

    Decoder pieces;
    std::vector<Item> got;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
        pieces.push(stream.subspan(at, std::min(piece, stream.size() - at)));
        while (auto item = pieces.next()) got.push_back(*item);
    }
    VERIFY_MSG(got.size() == expected.size(), "piecewise decoding found a different number of items");
    for (std::size_t i = 0; i < got.size(); ++i) VERIFY_MSG(same(got[i], expected[i]), "piecewise decoding differs");
    VERIFY_MSG(whole.skipped_bytes() == pieces.skipped_bytes(), "skipped byte counts differ");

    for (const auto& item : expected) {
        const auto* packet = std::get_if<Packet>(&item);
        if (packet == nullptr) continue;
        VERIFY_MSG(packet->content.size() <= max_content_size, "content over the limit");
        VERIFY_MSG(is_known_packet_id(static_cast<std::uint8_t>(packet->pid)), "unknown pid accepted");
        Decoder again(packet->address);
        again.push(encode(*packet));
        auto round = again.next();
        VERIFY_MSG(round.has_value() && std::holds_alternative<Packet>(*round) && std::get<Packet>(*round) == *packet,
                   "a decoded packet does not survive encode/decode");
    }
    return 0;
}
