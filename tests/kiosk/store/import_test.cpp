// NDJSON import: each kind of bad line is named without leaking its content; good lines are kept.
#include "kiosk/store/base64.hpp"
#include "kiosk/store/ndjson_import.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::TempDir;

namespace {

const std::string kGood =
    R"({"nik":"1403125505900001","name":"Dewi Lestari","status":"PRINT_READY_RECORD","status_time":1760000000,)"
    R"("queue_position":5,"office_blank_stock":120,"priority":"URGENT_NEED"})";

std::string template_base64(std::uint8_t fill, std::size_t size = kTemplateBytes) {
    const std::vector<std::uint8_t> bytes(size, fill);
    return base64_encode(bytes.data(), bytes.size());
}

std::string reason(const std::string& line) {
    auto parsed = parse_import_line(line);
    REQUIRE_FALSE(parsed.ok());
    // Never the content of the line.
    CHECK(parsed.error().find("1403125505900001") == std::string::npos);
    CHECK(parsed.error().find("Dewi") == std::string::npos);
    return parsed.error();
}

}  // namespace

TEST_CASE("base64 round-trips and refuses non-canonical text") {
    for (std::size_t size : {0U, 1U, 2U, 3U, 4U, 5U, 512U}) {
        std::vector<std::uint8_t> bytes(size);
        for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i * 37 + 11);
        CHECK(base64_decode(base64_encode(bytes.data(), bytes.size())) == bytes);
    }
    CHECK(base64_encode(reinterpret_cast<const std::uint8_t*>("Man"), 3) == "TWFu");
    CHECK_FALSE(base64_decode("TWF").has_value());
    CHECK_FALSE(base64_decode("TW!u").has_value());
    CHECK_FALSE(base64_decode("TR==").has_value());  // hidden bits set
    CHECK(base64_decode("TQ==") == std::vector<std::uint8_t>{'M'});
}

TEST_CASE("base64url without padding uses '-' and '_' and drops the '='") {
    const std::uint8_t bytes[] = {0xfb, 0xff, 0xfe, 0x4d};
    CHECK(base64_encode(bytes, 4) == "+//+TQ==");
    CHECK(base64url_encode_unpadded(bytes, 4) == "-__-TQ");
    CHECK(base64url_encode_unpadded(bytes, 3) == "-__-");
    CHECK(base64url_encode_unpadded(bytes, 2) == "-_8");
    CHECK(base64url_encode_unpadded(bytes, 0).empty());
    CHECK(base64url_encode_unpadded(std::vector<std::uint8_t>(32).data(), 32).size() == 43);
}

TEST_CASE("a good line gives the record and its templates") {
    auto parsed = parse_import_line(kGood);
    REQUIRE(parsed.ok());
    const Record& record = parsed->record;
    CHECK(record.nik.digits() == "1403125505900001");
    CHECK(record.name == "Dewi Lestari");
    CHECK(record.status == core::CardStatus::print_ready_record);
    CHECK(record.status_time_s == 1760000000);
    CHECK(record.queue_position == 5);
    CHECK(record.office_blank_stock == 120);
    CHECK(record.priority == core::Priority::urgent_need);
    CHECK_FALSE(record.card_serial.has_value());
    CHECK(parsed->templates.empty());

    auto with_templates = parse_import_line(
        R"({"nik":"1403 1255 0590 0001","name":"A","status":"PRINTED","status_time":0,"card_serial":"C1",)"
        R"("templates":[")" +
        template_base64(1) + R"(",")" + template_base64(2) + R"("]})");
    REQUIRE(with_templates.ok());
    CHECK(with_templates->record.priority == core::Priority::first_card);
    CHECK(with_templates->record.card_serial == "C1");
    REQUIRE(with_templates->templates.size() == 2);
    CHECK(with_templates->templates[1][511] == 2);
}

TEST_CASE("each kind of bad line has its own reason") {
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi",)").find("malformed JSON") == 0);
    CHECK(reason(R"(["1403125505900001"])") == "not a JSON object");
    CHECK(reason(R"({"name":"Dewi","status":"PRINTED","status_time":1})") == "field 'nik': missing");
    CHECK(
        reason(R"({"nik":"14031255059000","name":"Dewi","status":"PRINTED","status_time":1})").find("field 'nik': ") ==
        0);
    CHECK(reason(R"({"nik":1403125505900001,"name":"Dewi","status":"PRINTED","status_time":1})") ==
          "field 'nik': must be a string");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"LOST","status_time":1})") ==
          "field 'status': unknown status code");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":"yesterday"})") ==
          "field 'status_time': must be an integer");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":1.5})") ==
          "field 'status_time': must be an integer");
    CHECK(reason(R"({"nik":"1403125505900001","name":"","status":"PRINTED","status_time":1})") ==
          "field 'name': missing or empty");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":1,"queue_position":0})") ==
          "field 'queue_position': must be at least 1");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":1,"priority":"VIP"})") ==
          "field 'priority': unknown priority code");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":1,"stauts":"x"})") ==
          "unknown field 'stauts'");
    CHECK(reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":1,"templates":[")" +
                 template_base64(1, 511) + R"("]})") == "field 'templates': template 1 is 511 bytes, not 512");
    CHECK(
        reason(R"({"nik":"1403125505900001","name":"Dewi","status":"PRINTED","status_time":1,"templates":["%%%%"]})") ==
        "field 'templates': template 1 is not valid base64");
}

TEST_CASE("import keeps the good lines, names the bad ones by number and upserts by NIK") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    std::stringstream input;
    input << kGood << "\n"
          << "not json\n"
          << "\n"
          << R"({"nik":"1403125505900002","name":"Budi","status":"PRINTED","status_time":1,"card_serial":"C2",)"
          << R"("templates":[")" << template_base64(9) << R"("]})"
          << "\n"
          << R"({"nik":"1403125505900003","name":"Eko","status":"NOPE","status_time":1})"
          << "\n"
          << R"({"nik":"1403125505900001","name":"Dewi Lestari","status":"PRINTED","status_time":2})"
          << "\n";
    std::vector<BadLine> bad;
    auto summary = import_ndjson(
        db, input, [&](const BadLine& line) { bad.push_back(line); }, 2);
    REQUIRE(summary.ok());
    CHECK(summary->imported == 3);
    CHECK(summary->bad_lines == 2);
    REQUIRE(bad.size() == 2);
    CHECK(bad[0].line == 2);
    CHECK(bad[1].line == 5);
    CHECK(bad[1].reason == "field 'status': unknown status code");
    Records records(db);
    CHECK(records.count().value() == 2);
    CHECK(records.get(core::Nik::parse("1403125505900001").value()).value()->status == core::CardStatus::printed);
    Templates templates(db);
    auto fingers = templates.get(core::Nik::parse("1403125505900002").value()).value();
    REQUIRE(fingers.first.has_value());
    CHECK((*fingers.first)[0] == 9);
    CHECK_FALSE(fingers.second.has_value());
}
