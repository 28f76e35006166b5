#include "kiosk/core/hex.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

using namespace kiosk::core;

TEST_CASE("hex digits: 0-9, a-f and A-F, nothing else") {
    CHECK(hex_digit_value('0') == 0U);
    CHECK(hex_digit_value('9') == 9U);
    CHECK(hex_digit_value('a') == 10U);
    CHECK(hex_digit_value('F') == 15U);
    for (const char c : {'g', 'G', 'x', ' ', '-', '+', '/', ':', '@', '`', '\0'}) {
        CAPTURE(c);
        CHECK_FALSE(hex_digit_value(c).has_value());
    }
    // Every byte value: exactly 22 of them are digits.
    int digits = 0;
    for (int c = 0; c < 256; ++c) digits += hex_digit_value(static_cast<char>(c)).has_value() ? 1 : 0;
    CHECK(digits == 22);
}

TEST_CASE("a hex number: digits only, within the maximum") {
    CHECK(parse_hex<std::uint16_t>("1a86") == std::uint16_t{0x1A86});
    CHECK(parse_hex<std::uint16_t>("FFFF") == std::uint16_t{0xFFFF});
    CHECK(parse_hex<std::uint16_t>("0") == std::uint16_t{0});
    CHECK(parse_hex<std::uint16_t>("000000ff") == std::uint16_t{0xFF});  // leading zeros do not overflow
    CHECK(parse_hex<std::uint32_t>("FFFFFFFF") == 0xFFFFFFFFU);
    CHECK(parse_hex<std::uint64_t>("FFFFFFFFFFFFFFFF") == ~std::uint64_t{0});
    CHECK(parse_hex<std::uint8_t>("7f") == std::uint8_t{0x7F});

    CHECK_FALSE(parse_hex<std::uint16_t>("10000").has_value());  // one past the type
    CHECK_FALSE(parse_hex<std::uint8_t>("100").has_value());
    CHECK_FALSE(parse_hex<std::uint64_t>("10000000000000000").has_value());
    for (const char* bad : {"", "0x1f", "-1", "+1", " 1", "1 ", "1g", "12:34"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_hex<std::uint32_t>(bad).has_value());
    }
    // A maximum that is not a type's: every value up to it, none above.
    CHECK(parse_hex_number("a", 10) == 10U);
    CHECK_FALSE(parse_hex_number("b", 10).has_value());
    CHECK_FALSE(parse_hex_number("1", 0).has_value());
    CHECK(parse_hex_number("0", 0) == 0U);
}

TEST_CASE("a hex number formats zero-padded to its width, in either case, and reads back") {
    CHECK(format_hex_number(0x1A86, 4, HexCase::lower) == "1a86");
    CHECK(format_hex_number(0x403, 4, HexCase::lower) == "0403");
    CHECK(format_hex_number(0xCAFEBABE, 8) == "CAFEBABE");
    CHECK(format_hex_number(0x9000, 4) == "9000");
    CHECK(format_hex_number(0, 2) == "00");
    CHECK(format_hex_number(~std::uint64_t{0}, 16) == "FFFFFFFFFFFFFFFF");
    for (std::uint32_t v : {0U, 1U, 0x55U, 0xFFFFU}) {
        CAPTURE(v);
        CHECK(parse_hex<std::uint16_t>(format_hex_number(v, 4)) == v);
    }
}

TEST_CASE("bytes to hex: two digits a byte, no separators") {
    const std::array<std::uint8_t, 4> bytes{0x04, 0xA1, 0x0F, 0xFF};
    CHECK(format_hex_bytes(bytes) == "04A10FFF");
    CHECK(format_hex_bytes(bytes, HexCase::lower) == "04a10fff");
    CHECK(format_hex_bytes({}).empty());
}

TEST_CASE("hex to bytes: either case, blanks and colons skipped, odd or foreign text refused") {
    CHECK(parse_hex_bytes("04A10fff") == std::vector<std::uint8_t>{0x04, 0xA1, 0x0F, 0xFF});
    CHECK(parse_hex_bytes("3B 86:80\n\t01") == std::vector<std::uint8_t>{0x3B, 0x86, 0x80, 0x01});
    CHECK(parse_hex_bytes("") == std::vector<std::uint8_t>{});
    CHECK(parse_hex_bytes(" : ") == std::vector<std::uint8_t>{});
    for (const char* bad : {"0", "ABC", "0x12", "12-34", "zz", "12 3"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_hex_bytes(bad).has_value());
    }
    // Every byte value survives a round trip through text.
    std::vector<std::uint8_t> all(256);
    for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    CHECK(parse_hex_bytes(format_hex_bytes(all)) == all);
    CHECK(parse_hex_bytes(format_hex_bytes(all, HexCase::lower)) == all);
}
