// The card profile's pure parts: APDUs, BER-TLV, biodata, the applet and the card file.
#include "drivers/cardreader/apdu.hpp"
#include "drivers/cardreader/biodata.hpp"
#include "drivers/cardreader/reader_roles.hpp"
#include "drivers/cardreader/security_object.hpp"
#include "drivers/cardreader/sim/card_applet.hpp"
#include "drivers/cardreader/tlv.hpp"
#include "tests/drivers/cardreader/test_cards.hpp"

#include <doctest/doctest.h>

using namespace kiosk::cardreader;

namespace {

std::uint16_t sw_of(const Bytes& response) {
    REQUIRE(response.size() >= 2);
    return static_cast<std::uint16_t>((response[response.size() - 2] << 8) | response.back());
}

}  // namespace

TEST_CASE("TLV parses multi-byte tags, long lengths and nesting, and rejects malformed input") {
    Bytes long_value(300, 0xAB);
    Bytes inner = encode_tlv(0x5F01, Bytes{'1', '2'});
    const Bytes long_field = encode_tlv(0x5F02, long_value);
    inner.insert(inner.end(), long_field.begin(), long_field.end());
    const Bytes outer = encode_tlv(0x61, inner);
    CHECK(outer[1] == 0x82);  // 304 bytes need a two-byte length

    auto parsed = parse_tlv(outer);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 1);
    const Tlv& root = parsed->front();
    CHECK(root.constructed());
    REQUIRE(root.find(0x5F02) != nullptr);
    CHECK(root.find(0x5F02)->value == long_value);
    CHECK(root.find(0x5F01)->value == Bytes{'1', '2'});
    CHECK(root.find(0x5F03) == nullptr);

    CHECK_FALSE(parse_tlv(Bytes{0x5F}).ok());                       // tag cut short
    CHECK_FALSE(parse_tlv(Bytes{0x5F, 0x01}).ok());                 // no length
    CHECK_FALSE(parse_tlv(Bytes{0x04, 0x05, 0x01}).ok());           // value past the end
    CHECK_FALSE(parse_tlv(Bytes{0x04, 0x80, 0x00, 0x00}).ok());     // indefinite length
    CHECK_FALSE(parse_tlv(Bytes{0x04, 0x84, 0, 0, 0, 1, 0}).ok());  // four length bytes
    CHECK_FALSE(parse_tlv(Bytes{0x61, 0x02, 0x04, 0x05}).ok());     // child runs past its parent
    Bytes deep = encode_tlv(0x04, Bytes{});
    for (int i = 0; i < kMaxTlvDepth + 2; ++i) deep = encode_tlv(0x61, deep);
    CHECK_FALSE(parse_tlv(deep).ok());
}

TEST_CASE("biodata round-trips and checks field formats without echoing values") {
    const Biodata bio = test::test_biodata();
    auto parsed = parse_biodata(encode_biodata(bio));
    REQUIRE(parsed.ok());
    CHECK(*parsed == bio);

    Biodata bad = bio;
    bad.nik = "31710141019000AB";
    auto refused = parse_biodata(encode_biodata(bad));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().what.find("31710141019000AB") == std::string::npos);
    bad = bio;
    bad.sex = "X";
    CHECK_FALSE(parse_biodata(encode_biodata(bad)).ok());
    CHECK_FALSE(parse_biodata(encode_tlv(0x62, Bytes{})).ok());

    Biodata staff = test::test_biodata(CardRole::staff);
    CHECK(parse_biodata(encode_biodata(staff))->role == CardRole::staff);
}

TEST_CASE("applet reads in chunks with 62 82 / 6B 00 and refuses oversize reads") {
    auto applet = sim::CardApplet::create(test::make_test_card());
    REQUIRE(applet.ok());
    CHECK(sw_of(applet->process(read_binary_command(0, 16))) == sw::security_not_satisfied);
    CHECK(sw_of(applet->process(select_aid_command(Bytes{0xA0, 0, 0, 0, 3}))) == sw::not_found);
    CHECK(sw_of(applet->process(select_aid_command(kKtpElAid))) == sw::ok);
    CHECK(sw_of(applet->process(select_ef_command(0x0999))) == sw::not_found);
    CHECK(sw_of(applet->process(select_ef_command(Fid::template_right))) == sw::ok);
    CHECK(sw_of(applet->process(read_binary_command(0, 0xE0))) == sw::wrong_length);
    const Bytes first = applet->process(read_binary_command(0, 0xDF));
    CHECK(sw_of(first) == sw::ok);
    CHECK(first.size() == 0xDF + 2);
    const Bytes tail = applet->process(read_binary_command(0x1DE, 0xDF));  // 512 - 478 = 34 left
    CHECK(sw_of(tail) == sw::end_of_file);
    CHECK(tail.size() == 34 + 2);
    CHECK(sw_of(applet->process(read_binary_command(0x201, 0x10))) == sw::wrong_offset);
    CHECK(sw_of(applet->process(Bytes{0x80, 0xB0, 0, 0, 1})) == sw::cla_not_supported);
    CHECK(sw_of(applet->process(Bytes{0x00, 0xCA, 0, 0, 1})) == sw::ins_not_supported);
    CHECK(sw_of(applet->process(internal_authenticate_command(Bytes(7, 1)))) == sw::wrong_length);
}

TEST_CASE("applet PIN counter: 63 C2, 63 C1, then blocked 69 83 even for the right PIN") {
    auto applet = sim::CardApplet::create(test::make_staff_card("2468"));
    REQUIRE(applet.ok());
    REQUIRE(sw_of(applet->process(select_aid_command(kKtpElAid))) == sw::ok);
    CHECK(sw_of(applet->process(verify_pin_command("1111"))) == 0x63C2);
    CHECK(sw_of(applet->process(verify_pin_command("2468"))) == sw::ok);  // success resets the counter
    CHECK(sw_of(applet->process(verify_pin_command("1111"))) == 0x63C2);
    CHECK(sw_of(applet->process(verify_pin_command("1112"))) == 0x63C1);
    CHECK(sw_of(applet->process(verify_pin_command("1113"))) == sw::blocked);
    CHECK(sw_of(applet->process(verify_pin_command("2468"))) == sw::blocked);
    applet->reset();  // the counter survives a power cycle
    REQUIRE(sw_of(applet->process(select_aid_command(kKtpElAid))) == sw::ok);
    CHECK(sw_of(applet->process(verify_pin_command("2468"))) == sw::blocked);
}

TEST_CASE("card file round-trips every field and rejects damaged files") {
    sim::CardImage card = test::make_staff_card("123456");
    card.pin_tries = 2;
    auto parsed = sim::parse_card_file(sim::format_card_file(card));
    REQUIRE(parsed.ok());
    CHECK(parsed->uid == card.uid);
    CHECK(parsed->atr == card.atr);
    CHECK(parsed->aid == card.aid);
    CHECK(parsed->files == card.files);
    CHECK(parsed->chip_private_key_pem == card.chip_private_key_pem);
    CHECK(parsed->pin == "123456");
    CHECK(parsed->pin_tries == 2);
    CHECK(parsed->role == CardRole::staff);

    CHECK_FALSE(sim::parse_card_file("format = 'other/1'").ok());
    std::string text = sim::format_card_file(card);
    text.replace(text.find("uid = '"), 7, "uid = 'ZZ");
    CHECK_FALSE(sim::parse_card_file(text).ok());
}

TEST_CASE("the ATR is a PC/SC part 3 contactless ATR with a correct TCK") {
    const Bytes atr = sim::default_atr();
    CHECK(atr[0] == 0x3B);
    CHECK(atr[1] == 0x86);
    CHECK(atr[2] == 0x80);
    CHECK(atr[3] == 0x01);
    std::uint8_t check = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) check ^= atr[i];
    CHECK(check == 0);  // XOR from T0 through TCK is zero
}

TEST_CASE("issuer signature covers every file; a missing file hashes as empty") {
    const sim::CardImage card = test::make_test_card();
    SignedFiles files;
    files.biodata = card.files.at(0x0101);
    files.template_right = card.files.at(0x0102);
    files.template_left = card.files.at(0x0103);
    files.chip_public_key = card.files.at(0x0104);
    const EcPublicKey issuer = test::test_issuer_key().public_key();
    CHECK(issuer.verify(security_object_message(files), card.files.at(0x010F)));
    files.template_left.reset();
    CHECK_FALSE(issuer.verify(security_object_message(files), card.files.at(0x010F)));
    files.template_left = Bytes{};
    CHECK(security_object_message(files) == [&] {
        SignedFiles without = files;
        without.template_left.reset();
        return security_object_message(without);
    }());
}

TEST_CASE("reader roles match by substring or glob") {
    const ReaderRoles roles{"Virtual PCD 00 00", "Virtual PCD * 01"};
    CHECK(roles.role_of("Virtual PCD 00 00") == ReaderRole::front);
    CHECK(roles.role_of("Virtual PCD 00 01") == ReaderRole::dispenser);
    CHECK_FALSE(roles.role_of("ACS ACR122U 00 00").has_value());
    CHECK(reader_name_matches("ACR122", "ACS ACR122U PICC Interface 00 00"));
    CHECK_FALSE(reader_name_matches("", "anything"));
}
