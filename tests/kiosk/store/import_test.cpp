// NDJSON import: each kind of bad line is named without leaking its content; good lines are kept.
#include "kiosk/store/base64.hpp"
#include "kiosk/store/ndjson_import.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
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

namespace {

std::string person(int serial, const std::string& status = "PRINTED", std::int64_t status_time = 1) {
    char nik[17];
    std::snprintf(nik, sizeof nik, "14031255059%05d", serial);
    return std::string(R"({"nik":")") + nik + R"(","name":"Resident )" + std::to_string(serial) + R"(","status":")" +
           status + R"(","status_time":)" + std::to_string(status_time) + "}";
}

struct Fed {
    ImportSummary summary;
    std::vector<BadLine> bad;
};

// Feeds `input` to a fresh importer in pieces of `piece_bytes` and finishes it.
Fed feed_in_pieces(Database& db, std::string_view input, std::size_t piece_bytes, std::int64_t batch_lines = 3) {
    Fed fed;
    auto importer =
        NdjsonImporter::start(db, [&](const BadLine& line) { fed.bad.push_back(line); }, batch_lines).value();
    for (std::size_t at = 0; at < input.size(); at += piece_bytes) REQUIRE(importer.feed(input.substr(at, piece_bytes)).ok());
    fed.summary = importer.finish().value();
    return fed;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the importer gives the same result whatever the pieces its input comes in") {
    const std::string too_long = R"({"nik":"1403125505900009","name":")" + std::string(70 * 1024, 'x') + R"("})";
    const std::string input = person(1) + "\n" + "not json\r\n" + "\n" + person(2) + "\n" + too_long + "\n" +
                              person(3, "LOST") + "\n" + person(4) + "\n" + person(5);  // no final newline
    for (const std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{100}, std::size_t{4096},
                                    input.size()}) {
        CAPTURE(piece);
        TempDir dir;
        auto db = open_store(dir.file("kiosk.db"), {}).value();
        const Fed fed = feed_in_pieces(db, input, piece);
        CHECK(fed.summary.imported == 4);
        CHECK(fed.summary.unchanged == 0);
        CHECK(fed.summary.bad_lines == 3);
        REQUIRE(fed.bad.size() == 3);
        CHECK(fed.bad[0].line == 2);
        CHECK(fed.bad[0].reason.starts_with("malformed JSON"));
        CHECK(fed.bad[1].line == 5);
        CHECK(fed.bad[1].reason == "line longer than 65536 bytes");
        CHECK(fed.bad[2].line == 6);
        CHECK(fed.bad[2].reason == "field 'status': unknown status code");
        CHECK(Records(db).count().value() == 4);
        CHECK(Records(db).get(core::Nik::parse("1403125505900005").value()).value().has_value());
    }
}

TEST_CASE("a line of exactly the limit is parsed; one byte more is bad, and the importer keeps no more of it") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    const std::string head = R"({"nik":"1403125505900001","name":"A","status":"PRINTED","status_time":1)";
    const std::string at_limit = head + std::string(64 * 1024 - head.size() - 1, ' ') + "}";
    REQUIRE(at_limit.size() == 64 * 1024);
    const Fed fed = feed_in_pieces(db, at_limit + "\n" + at_limit + " \n", 1000);
    CHECK(fed.summary.imported == 1);
    REQUIRE(fed.bad.size() == 1);
    CHECK(fed.bad[0].line == 2);
    CHECK(fed.bad[0].reason == "line longer than 65536 bytes");
}

TEST_CASE("importing the same input twice leaves the database byte for byte as it was, and counts it unchanged") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto db = open_store(path, {}).value();
    const std::string input = person(1) + "\n" + person(2, "PRINTED", 7) + "\n" +
                              R"({"nik":"1403125505900003","name":"C","status":"PRINTED","status_time":1,"templates":[")" +
                              template_base64(3) + R"(",")" + template_base64(4) + "\"]}\n";
    const Fed first = feed_in_pieces(db, input, 50);
    CHECK(first.summary.imported == 3);
    CHECK(first.summary.unchanged == 0);
    const std::string main_before = file_bytes(path);
    const std::string wal_before = file_bytes(path + "-wal");

    const Fed second = feed_in_pieces(db, input, 50);
    CHECK(second.summary.imported == 3);
    CHECK(second.summary.unchanged == 3);
    CHECK(file_bytes(path) == main_before);
    CHECK(file_bytes(path + "-wal") == wal_before);  // not one page written

    // One changed field or template is a change again, and only that line is.
    const std::string changed = person(1) + "\n" + person(2, "PRINTED", 8) + "\n" +
                                R"({"nik":"1403125505900003","name":"C","status":"PRINTED","status_time":1,"templates":[")" +
                                template_base64(3) + R"(",")" + template_base64(5) + "\"]}\n";
    const Fed third = feed_in_pieces(db, changed, 50);
    CHECK(third.summary.unchanged == 1);
    CHECK(Templates(db).get(core::Nik::parse("1403125505900003").value()).value().second->at(0) == 5);
}

TEST_CASE("the importer holds no write lock while it waits for more input") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto db = open_store(path, {}).value();
    OpenOptions impatient;
    impatient.busy_timeout_ms = 0;
    auto other = open_store(path, impatient).value();
    auto importer = NdjsonImporter::start(db, [](const BadLine&) {}, 2).value();
    REQUIRE(importer.feed(person(1) + "\n" + person(2) + "\n" + person(3) + "\n" + person(4).substr(0, 10)).ok());
    CHECK(importer.summary().imported == 2);  // one batch written, one line waiting for its batch
    {
        // Another connection writes at once: no transaction is left open between pieces.
        auto transaction = Transaction::begin(other, TransactionKind::immediate, "test");
        REQUIRE(transaction.ok());
        CHECK(transaction->commit().ok());
    }
    REQUIRE(importer.feed(person(4).substr(10) + "\n").ok());
    CHECK(importer.finish().value().imported == 4);
}

TEST_CASE("a database error fails the feed and every later call; the batches before it stay") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    OpenOptions impatient;
    impatient.busy_timeout_ms = 0;
    auto db = open_store(path, impatient).value();
    auto other = open_store(path, {}).value();
    // Batches commit at synchronous NORMAL; the connection is back at FULL (2) after each one,
    // after a failed one too, so the caller's next write (an audit row) is durable.
    auto synchronous = [&db] { return db.query_int("PRAGMA synchronous", "test").value(); };
    auto importer = NdjsonImporter::start(db, [](const BadLine&) {}, 1).value();
    REQUIRE(importer.feed(person(1) + "\n").ok());
    CHECK(synchronous() == 2);
    {
        auto hold = Transaction::begin(other, TransactionKind::immediate, "test").value();
        CHECK_FALSE(importer.feed(person(2) + "\n").ok());  // the write lock is taken
    }
    CHECK(synchronous() == 2);
    CHECK_FALSE(importer.feed(person(3) + "\n").ok());
    CHECK_FALSE(importer.finish().ok());
    CHECK(Records(db).count().value() == 1);
}

TEST_CASE("an input cut off keeps its whole lines and drops its unterminated tail without a report") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    std::vector<BadLine> bad;
    auto importer = NdjsonImporter::start(db, [&](const BadLine& line) { bad.push_back(line); }, 100).value();
    REQUIRE(importer.feed(person(1) + "\n" + person(2) + "\n" + person(3).substr(0, 20)).ok());
    const auto summary = importer.finish_cut_off().value();
    CHECK(summary.imported == 2);
    CHECK(summary.bad_lines == 0);
    CHECK(bad.empty());
    CHECK(Records(db).count().value() == 2);
    CHECK(NdjsonImporter::start(db, [](const BadLine&) {}, 0).error().what == "batch_lines must be positive");
}

TEST_CASE("import_ndjson reads a stream larger than its block through the importer") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    std::stringstream input;
    for (int i = 1; i <= 3000; ++i) input << person(i) << "\n";  // about 200 KB: several blocks
    input << person(3001, "NOPE") << "\n";
    std::vector<BadLine> bad;
    const auto summary = import_ndjson(db, input, [&](const BadLine& line) { bad.push_back(line); }, 1000).value();
    CHECK(summary.imported == 3000);
    REQUIRE(bad.size() == 1);
    CHECK(bad[0].line == 3001);
    CHECK(Records(db).count().value() == 3000);
    CHECK(import_audit_detail(summary) == "imported=3000 unchanged=0 bad_lines=1");
}

TEST_CASE("a NUL character in a name or a card serial makes the line bad, not the batch") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    std::vector<BadLine> bad;
    auto importer = NdjsonImporter::start(db, [&](const BadLine& line) { bad.push_back(line); }, 100).value();
    REQUIRE(importer.feed(person(1) + "\n" +
                          R"({"nik":"3171014101900002","name":"Siti\u0000Rahayu","status":"PRINTED","status_time":1})" +
                          "\n" +
                          R"({"nik":"3171014101900003","name":"Siti","status":"PRINTED","status_time":1,"card_serial":"A\u0000"})" +
                          "\n" + person(4) + "\n")
                .ok());
    const auto summary = importer.finish().value();
    CHECK(summary.imported == 2);
    CHECK(summary.bad_lines == 2);
    REQUIRE(bad.size() == 2);
    CHECK(bad[0].line == 2);
    CHECK(bad[0].reason == "field 'name': contains a NUL character");
    CHECK(bad[1].reason == "field 'card_serial': contains a NUL character");
    CHECK(Records(db).count().value() == 2);
}
