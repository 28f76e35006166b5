#include "drivers/dispenser/codec.hpp"

#include <doctest/doctest.h>

using namespace kiosk::dispenser;

namespace {

std::vector<StreamDecoder::Event> drain(StreamDecoder& d) {
    std::vector<StreamDecoder::Event> events;
    while (auto e = d.next()) events.push_back(std::move(*e));
    return events;
}

}  // namespace

TEST_CASE("the document's verified examples encode byte for byte") {
    CHECK(encode_command(0, Command{commands::initialize_keep, {}}) ==
          Bytes{0xF2, 0x00, 0x00, 0x03, 0x43, 0x30, 0x33, 0x03, 0xB2});
    CHECK(encode_command(0, Command{commands::status, {}}) ==
          Bytes{0xF2, 0x00, 0x00, 0x03, 0x43, 0x31, 0x30, 0x03, 0xB0});
}

TEST_CASE("BCC is the XOR of STX through ETX and covers the address") {
    const Bytes at0 = encode_command(0, Command{commands::status, {}});
    const Bytes at5 = encode_command(5, Command{commands::status, {}});
    CHECK(at5[1] == 0x05);
    CHECK(at5.back() == (at0.back() ^ 0x05));
    CHECK(block_check(std::span(at0).first(at0.size() - 1)) == at0.back());
}

TEST_CASE("fetch carries the slot as four ASCII digits") {
    const Bytes wire = encode_command(0, Command{commands::fetch, encode_slot(42)});
    CHECK(wire == Bytes{0xF2, 0x00, 0x00, 0x07, 'C', 0x40, 0x30, '0', '0', '4', '2', 0x03,
                        static_cast<std::uint8_t>(0xF2 ^ 0x07 ^ 'C' ^ 0x40 ^ 0x30 ^ '0' ^ '0' ^ '4' ^ '2' ^ 0x03)});
    CHECK(parse_slot(encode_slot(9999)) == 9999);
    CHECK(parse_slot(encode_slot(0)) == 0);
    CHECK_FALSE(parse_slot(Bytes{'1', '2', 'x', '4'}).has_value());
    CHECK_FALSE(parse_slot(Bytes{'1', '2', '3'}).has_value());
}

TEST_CASE("a positive reply carries its status bytes and data") {
    const PositiveReply p{commands::sensors,
                          {TransportState::at_read_position, MagazineLevel::low, true},
                          encode_sensors({true, false, true, false, true, false, true, true})};
    const Bytes wire = encode_reply(3, p);
    CHECK(wire == Bytes{0xF2, 0x03, 0x00, 0x0E, 'P',
                        0x31, 0x31, '2',  '1',  '1',
                        '1',  '0',  '1',  '0',  '1',
                        '0',  '1',  '1',  0x03, block_check(std::span(wire).first(wire.size() - 1))});
    StreamDecoder d;
    d.feed(wire);
    auto e = d.next();
    REQUIRE(e.has_value());
    REQUIRE(e->kind == StreamDecoder::EventKind::frame);
    auto r = parse_reply(e->frame);
    REQUIRE(r.ok());
    REQUIRE(std::holds_alternative<PositiveReply>(*r));
    CHECK(std::get<PositiveReply>(*r) == p);
    auto s = parse_sensors(std::get<PositiveReply>(*r).data);
    REQUIRE(s.ok());
    CHECK(s->mouth);
    CHECK_FALSE(s->read_position);
    CHECK(s->power);
}

TEST_CASE("every error code round-trips through its ASCII pair and a negative reply") {
    for (ErrorCode code : kAllErrorCodes) {
        const std::string ascii = error_code_ascii(code);
        CHECK(error_code_from_ascii(static_cast<std::uint8_t>(ascii[0]), static_cast<std::uint8_t>(ascii[1])) == code);
        const Bytes wire = encode_reply(0, make_negative(commands::fetch, code));
        CHECK(wire.size() == 11);
        CHECK(wire[4] == 'N');
        CHECK(wire[7] == static_cast<std::uint8_t>(ascii[0]));
        CHECK(wire[8] == static_cast<std::uint8_t>(ascii[1]));
        StreamDecoder d;
        d.feed(wire);
        auto e = d.next();
        REQUIRE(e.has_value());
        auto r = parse_reply(e->frame);
        REQUIRE(r.ok());
        CHECK(std::get<NegativeReply>(*r).error() == code);
    }
    CHECK(error_code_ascii(ErrorCode::slot_empty) == "A0");
    CHECK(error_code_ascii(ErrorCode::cannot_reach_read_position) == "43");
    CHECK_FALSE(error_code_from_ascii('9', '9').has_value());
}

TEST_CASE("malformed reply texts are refused") {
    CHECK_FALSE(parse_reply(Frame{0, {}}).ok());
    CHECK_FALSE(parse_reply(Frame{0, {'P', 0x31, 0x30, '0', '2'}}).ok());       // status bytes missing
    CHECK_FALSE(parse_reply(Frame{0, {'P', 0x31, 0x30, '3', '2', '0'}}).ok());  // ST0 out of range
    CHECK_FALSE(parse_reply(Frame{0, {'P', 0x31, 0x30, '0', '2', '2'}}).ok());  // ST2 out of range
    CHECK_FALSE(parse_reply(Frame{0, {'N', 0x31, 0x30, '1'}}).ok());
    CHECK_FALSE(parse_reply(Frame{0, {'C', 0x31, 0x30}}).ok());
    CHECK(parse_reply(Frame{0, {'N', 0x31, 0x30, '9', '9'}}).ok());  // an unknown code is still a reply
}

TEST_CASE("inventory: count then one flag per slot; a count that disagrees is refused") {
    Inventory inv{{true, false, false, true, true}};
    const Bytes data = encode_inventory(inv);
    CHECK(data == Bytes{'0', '0', '0', '5', '1', '0', '0', '1', '1'});
    auto back = parse_inventory(data);
    REQUIRE(back.ok());
    CHECK(*back == inv);
    CHECK_FALSE(parse_inventory(Bytes{'0', '0', '0', '5', '1'}).ok());
    CHECK_FALSE(parse_inventory(Bytes{'0', '0', '0', '1', '2'}).ok());
    CHECK_FALSE(parse_sensors(Bytes{'1', '0'}).ok());
}

TEST_CASE("the decoder separates control bytes from frames, fed byte by byte") {
    Bytes stream{kAck};
    const Bytes status = encode_command(0, Command{commands::status, {}});
    stream.insert(stream.end(), status.begin(), status.end());
    stream.push_back(kNak);
    stream.push_back(kEot);
    StreamDecoder d;
    std::vector<StreamDecoder::Event> events;
    for (auto b : stream) {
        d.feed(std::span(&b, 1));
        for (auto& e : drain(d)) events.push_back(std::move(e));
    }
    REQUIRE(events.size() == 4);
    CHECK(events[0].kind == StreamDecoder::EventKind::ack);
    CHECK(events[1].kind == StreamDecoder::EventKind::frame);
    CHECK(events[1].frame.text == Bytes{'C', 0x31, 0x30});
    CHECK(events[2].kind == StreamDecoder::EventKind::nak);
    CHECK(events[3].kind == StreamDecoder::EventKind::eot);
}

TEST_CASE("garbage before a frame is skipped and counted") {
    StreamDecoder d;
    Bytes stream{0x00, 0xFF, 0x7E, 0x43};
    const Bytes status = encode_command(0, Command{commands::status, {}});
    stream.insert(stream.end(), status.begin(), status.end());
    d.feed(stream);
    auto events = drain(d);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == StreamDecoder::EventKind::frame);
    CHECK(d.skipped_bytes() == 4);
}

TEST_CASE("a false STX whose ETX is missing is rescanned and the real frame behind it found") {
    StreamDecoder d;
    Bytes stream{0x00, kStx, 0x00, 0x00, 0x05, 0x31, 0x32};
    const Bytes reply = encode_reply(0, PositiveReply{commands::status, {}, {}});
    stream.insert(stream.end(), reply.begin(), reply.end());
    d.feed(stream);
    auto events = drain(d);
    REQUIRE(events.size() == 1);
    REQUIRE(events[0].kind == StreamDecoder::EventKind::frame);
    CHECK(parse_reply(events[0].frame).ok());
}

TEST_CASE("a false STX announcing a long frame is given up when the caller abandons it") {
    StreamDecoder d;
    Bytes stream{kStx, 0x00, 0x20, 0x00};  // 8192 bytes announced, never sent
    const Bytes reply = encode_reply(0, PositiveReply{commands::status, {}, {}});
    stream.insert(stream.end(), reply.begin(), reply.end());
    d.feed(stream);
    CHECK_FALSE(d.next().has_value());
    CHECK(d.mid_frame());
    d.abandon_partial();
    auto events = drain(d);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == StreamDecoder::EventKind::frame);
    CHECK_FALSE(d.mid_frame());
}

TEST_CASE("a frame with a wrong BCC is reported corrupt and the next one still decodes") {
    Bytes bad = encode_command(0, Command{commands::status, {}});
    bad.back() ^= 0x01;
    const Bytes good = encode_command(0, Command{commands::inventory, {}});
    StreamDecoder d;
    d.feed(bad);
    d.feed(good);
    auto events = drain(d);
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == StreamDecoder::EventKind::corrupt_frame);
    CHECK(events[1].kind == StreamDecoder::EventKind::frame);
    CHECK(events[1].frame.text == Bytes{'C', 0x40, 0x32});
}

TEST_CASE("an oversized length or an address beyond 0x0F marks a false STX") {
    StreamDecoder d;
    d.feed(Bytes{kStx, 0x00, 0xFF, 0xFF, kAck});
    auto events = drain(d);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == StreamDecoder::EventKind::ack);
    d.feed(Bytes{kStx, 0x10, 0x00, 0x01, kAck});
    events = drain(d);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == StreamDecoder::EventKind::ack);
}

TEST_CASE("a command frame parses back to its code and data") {
    StreamDecoder d;
    d.feed(encode_command(2, Command{commands::store, encode_slot(7)}));
    auto e = d.next();
    REQUIRE(e.has_value());
    CHECK(e->frame.address == 2);
    auto c = parse_command(e->frame);
    REQUIRE(c.ok());
    CHECK(c->code == commands::store);
    CHECK(parse_slot(c->data) == 7);
    CHECK_FALSE(parse_command(Frame{0, {'P', 0x31, 0x30}}).ok());
}
