#include "kiosk/ui/text_wrap.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kiosk::ui;

namespace {

// 10 px per code point, like a monospaced font.
int measure_code_points(std::string_view text) {
    int count = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count * 10;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("wraps at spaces to the width") {
    CHECK(wrap_text("Sentuh layar untuk mulai", 120, measure_code_points) == Lines{"Sentuh layar", "untuk mulai"});
    CHECK(wrap_text("Sentuh layar untuk mulai", 1000, measure_code_points) == Lines{"Sentuh layar untuk mulai"});
    // Exactly the width fits.
    CHECK(wrap_text("abcde fghij", 50, measure_code_points) == Lines{"abcde", "fghij"});
}

TEST_CASE("spaces collapse at breaks; newlines force breaks") {
    CHECK(wrap_text("  satu   dua  ", 1000, measure_code_points) == Lines{"satu dua"});
    CHECK(wrap_text("satu\ndua", 1000, measure_code_points) == Lines{"satu", "dua"});
    CHECK(wrap_text("satu\n\ndua", 1000, measure_code_points) == Lines{"satu", "", "dua"});
    CHECK(wrap_text("", 100, measure_code_points).empty());
    CHECK(wrap_text("   ", 100, measure_code_points).empty());
}

TEST_CASE("a word wider than the line breaks between code points, never inside one") {
    CHECK(wrap_text("abcdefghij", 40, measure_code_points) == Lines{"abcd", "efgh", "ij"});
    // The masked NIK's bullets are three bytes each.
    const std::string masked = "1403 \u2022\u2022\u2022\u2022\u2022\u2022";
    const Lines lines = wrap_text(masked, 40, measure_code_points);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "1403");
    CHECK(lines[1] == "\u2022\u2022\u2022\u2022");
    CHECK(lines[2] == "\u2022\u2022");
    // Even a width below one code point makes progress: one per line.
    CHECK(wrap_text("ab", 1, measure_code_points) == Lines{"a", "b"});
}

TEST_CASE("utf8_sequence_length") {
    CHECK(utf8_sequence_length('a') == 1);
    CHECK(utf8_sequence_length(0xC3) == 2);
    CHECK(utf8_sequence_length(0xE2) == 3);
    CHECK(utf8_sequence_length(0xF0) == 4);
    CHECK(utf8_sequence_length(0x80) == 1);  // a stray continuation byte still advances
}
