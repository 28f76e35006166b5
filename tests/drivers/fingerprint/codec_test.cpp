#include "drivers/fingerprint/codec.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kiosk::fingerprint;

namespace {

std::vector<std::uint8_t> hex(const std::string& text) {
    std::vector<std::uint8_t> out;
    std::string digits;
    for (char c : text)
        if (c != ' ') digits.push_back(c);
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    return out;
}

std::vector<std::variant<Packet, DecodeError>> decode_all(Decoder& decoder, const std::vector<std::uint8_t>& bytes) {
    decoder.push(bytes);
    std::vector<std::variant<Packet, DecodeError>> out;
    while (auto item = decoder.next()) out.push_back(*item);
    return out;
}

}  // namespace

TEST_CASE("the document's verified packets encode byte for byte") {
    CHECK(encode(make_command(default_address, Instruction::gen_img)) == hex("EF01 FFFFFFFF 01 0003 01 0005"));
    const std::vector<std::uint8_t> password{0, 0, 0, 0};
    CHECK(encode(make_command(default_address, Instruction::vfy_pwd, password)) ==
          hex("EF01 FFFFFFFF 01 0007 13 00000000 001B"));
    CHECK(encode(make_command(default_address, Instruction::template_num)) == hex("EF01 FFFFFFFF 01 0003 1D 0021"));
    CHECK(encode(Packet{default_address, PacketId::ack, {0x00}}) == hex("EF01 FFFFFFFF 07 0003 00 000A"));
}

TEST_CASE("checksum is the low 16 bits of PID, LEN and content") {
    CHECK(checksum(0x01, std::vector<std::uint8_t>{0x01}) == 0x0005);
    // The largest packet (256 data bytes of 0xFF, LEN 0x0102).
    const std::vector<std::uint8_t> big(256, 0xFF);
    CHECK(checksum(0x02, big) == static_cast<std::uint16_t>((0x02 + 0x01 + 0x02 + 256 * 0xFF) & 0xFFFF));
}

TEST_CASE("the decoder reads the OK acknowledge and the documented commands") {
    Decoder decoder;
    auto out = decode_all(decoder, hex("EF01 FFFFFFFF 07 0003 00 000A"));
    REQUIRE(out.size() == 1);
    const auto& packet = std::get<Packet>(out[0]);
    CHECK(packet.pid == PacketId::ack);
    CHECK(packet.content == std::vector<std::uint8_t>{0x00});
    CHECK(packet.address == default_address);
}

TEST_CASE("the decoder waits for a packet split across pushes, byte by byte") {
    Decoder decoder;
    const auto bytes = hex("EF01 FFFFFFFF 01 0007 13 00000000 001B");
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
        decoder.push(bytes[i]);
        CHECK_FALSE(decoder.next().has_value());
        CHECK(decoder.mid_packet());
    }
    decoder.push(bytes.back());
    auto item = decoder.next();
    REQUIRE(item.has_value());
    CHECK(std::get<Packet>(*item).content == hex("13 00000000"));
    CHECK_FALSE(decoder.mid_packet());
}

TEST_CASE("garbage before the header is skipped and counted") {
    Decoder decoder;
    auto out = decode_all(decoder, hex("00 13 EF 02 FE EF01 FFFFFFFF 07 0003 00 000A"));
    REQUIRE(out.size() == 1);
    CHECK(std::holds_alternative<Packet>(out[0]));
    CHECK(decoder.skipped_bytes() == 5);
    CHECK_FALSE(decoder.take_ready_byte());
}

TEST_CASE("a false header with an impossible packet id is reported, and the real packet after it found") {
    Decoder decoder;
    // EF 01 FF 7E 80 00 EF 01 ...: the first candidate reads PID EF, which is no packet identifier.
    auto out = decode_all(decoder, hex("EF01 FF7E8000 EF01 FFFFFFFF 07 0003 00 000A"));
    REQUIRE(out.size() == 2);
    CHECK(std::get<DecodeError>(out[0]).kind == DecodeErrorKind::unknown_packet_id);
    CHECK(std::get<Packet>(out[1]).content == std::vector<std::uint8_t>{0x00});
}

TEST_CASE("a bad checksum is reported distinctly and decoding resumes") {
    Decoder decoder;
    auto out = decode_all(decoder, hex("EF01 FFFFFFFF 07 0003 00 000B  EF01 FFFFFFFF 07 0003 00 000A"));
    REQUIRE(out.size() == 2);
    CHECK(std::get<DecodeError>(out[0]).kind == DecodeErrorKind::bad_checksum);
    CHECK(std::holds_alternative<Packet>(out[1]));
}

TEST_CASE("a packet hidden inside a corrupted one is still found") {
    Decoder decoder;
    // A header whose LEN claims 5 content bytes, but a real packet starts two bytes in.
    auto out = decode_all(decoder, hex("EF01 FFFFFFFF 07 0007 AA EF01 FFFFFFFF 07 0003 00 000A"));
    bool found = false;
    for (const auto& item : out)
        if (const auto* p = std::get_if<Packet>(&item)) found = p->content == std::vector<std::uint8_t>{0x00};
    CHECK(found);
}

TEST_CASE("a packet from another address is reported as foreign, whole") {
    Decoder decoder(0xFFFFFFFF);
    Packet other{0x12345678, PacketId::ack, {0x00}};
    auto bytes = encode(other);
    const auto ours = encode(Packet{0xFFFFFFFF, PacketId::ack, {0x00, 0x01}});
    bytes.insert(bytes.end(), ours.begin(), ours.end());
    auto out = decode_all(decoder, bytes);
    REQUIRE(out.size() == 2);
    const auto& error = std::get<DecodeError>(out[0]);
    CHECK(error.kind == DecodeErrorKind::foreign_address);
    CHECK(error.address == 0x12345678);
    CHECK(std::get<Packet>(out[1]).content.size() == 2);

    Decoder any(0xFFFFFFFF, true);
    auto all = decode_all(any, encode(other));
    REQUIRE(all.size() == 1);
    CHECK(std::get<Packet>(all[0]).address == 0x12345678);
}

TEST_CASE("an oversize or undersize length is reported as bad_length") {
    Decoder decoder;
    auto out = decode_all(decoder, hex("EF01 FFFFFFFF 02 0103"));  // 259 > 258
    REQUIRE(out.size() == 1);
    CHECK(std::get<DecodeError>(out[0]).kind == DecodeErrorKind::bad_length);
    Decoder short_decoder;
    auto out2 = decode_all(short_decoder, hex("EF01 FFFFFFFF 07 0001"));
    REQUIRE(out2.size() == 1);
    CHECK(std::get<DecodeError>(out2[0]).kind == DecodeErrorKind::bad_length);
}

TEST_CASE("a lone ready byte between packets is remembered once") {
    Decoder decoder;
    auto out = decode_all(decoder, hex("55"));
    CHECK(out.empty());
    CHECK(decoder.take_ready_byte());
    CHECK_FALSE(decoder.take_ready_byte());
    // 0x55 inside a packet's content is data, not a ready byte.
    auto in_packet = decode_all(decoder, encode(Packet{default_address, PacketId::ack, {0x00, 0x55}}));
    CHECK(in_packet.size() == 1);
    CHECK_FALSE(decoder.take_ready_byte());
}

TEST_CASE("a template splits by packet size code and joins back") {
    std::vector<std::uint8_t> blob(template_size);
    for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<std::uint8_t>(i * 7);
    for (std::uint16_t code = 0; code <= 3; ++code) {
        const std::size_t size = *packet_data_size(code);
        CAPTURE(size);
        const auto packets = split_into_data_packets(default_address, blob, size);
        REQUIRE(packets.size() == template_size / size);
        for (std::size_t i = 0; i + 1 < packets.size(); ++i) CHECK(packets[i].pid == PacketId::data);
        CHECK(packets.back().pid == PacketId::end_data);
        DataJoiner joiner;
        std::vector<std::uint8_t> wire;
        for (const auto& p : packets) encode_into(p, wire);
        Decoder decoder;
        decoder.push(wire);
        DataJoiner::Step step = DataJoiner::Step::more;
        while (auto item = decoder.next()) step = joiner.add(std::get<Packet>(*item));
        CHECK(step == DataJoiner::Step::done);
        CHECK(joiner.data() == blob);
    }
    // R307 (code 2): three 02 packets and one 08, 139 bytes each on the wire.
    const auto r307 = split_into_data_packets(default_address, blob, 128);
    CHECK(encode(r307[0]).size() == 139);
    CHECK_FALSE(packet_data_size(4).has_value());
}

TEST_CASE("the joiner refuses a non-data packet and an oversize transfer") {
    DataJoiner joiner(4);
    CHECK(joiner.add(Packet{default_address, PacketId::ack, {0}}) == DataJoiner::Step::error);
    DataJoiner small(4);
    CHECK(small.add(Packet{default_address, PacketId::data, {1, 2, 3}}) == DataJoiner::Step::more);
    CHECK(small.add(Packet{default_address, PacketId::end_data, {4, 5}}) == DataJoiner::Step::error);
}
