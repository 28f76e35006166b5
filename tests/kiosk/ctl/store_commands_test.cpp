// kioskctl's database commands, run as the built binary against real database files.
#include "kiosk/core/hex.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using kiosk::testing::TempDir;
using kiosk::testing::ProcessOutput;
using namespace kiosk::store;

namespace {

// Generous: the seed and import commands write thousands of rows on a busy machine.
constexpr int kShellTimeoutMs = 100'000;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

// Runs a shell command line (for its pipes and quoting) with stdout and stderr captured.
ProcessOutput shell(const std::string& command) {
    ProcessOutput ran = kiosk::testing::require_ok(kiosk::testing::run_shell(command, kShellTimeoutMs));
    REQUIRE_FALSE(ran.timed_out);
    return ran;
}

ProcessOutput kioskctl(const std::string& db, const std::string& arguments) {
    return shell(quoted(KIOSKCTL_PATH) + " --db " + quoted(db) + " " + arguments);
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// SHA-256 over the residents' content (records, templates, slots) in key order; audit rows carry
// the clock and are left out.
std::string content_hash(const std::string& db_path) {
    auto db = open_store(db_path, {}).value();
    std::vector<std::uint8_t> bytes;
    for (const char* sql : {"SELECT nik, name, status, status_time, ifnull(queue_position, -1), "
                            "ifnull(office_blank_stock, -1), priority, ifnull(card_serial, ''), ifnull(slot, -1) "
                            "FROM records ORDER BY nik",
                            "SELECT nik, finger, hex(data), '', '', '', '', '', '' FROM templates ORDER BY nik, finger",
                            "SELECT slot, state, card_serial, nik, loaded_at, '', '', '', '' FROM dispenser_slots "
                            "ORDER BY slot"}) {
        auto statement = db.prepare(sql, "t").value();
        while (statement.step().value()) {
            for (int column = 0; column < 9; ++column) {
                const auto text = statement.column_text(column);
                bytes.insert(bytes.end(), text.begin(), text.end());
                bytes.push_back(0);
            }
        }
    }
    const auto digest = sha256(bytes);
    return kiosk::core::format_hex_bytes(digest, kiosk::core::HexCase::lower);
}

}  // namespace

TEST_CASE("init creates the database, is idempotent and refuses a foreign file") {
    TempDir dir;
    const auto db = dir.file("kiosk.db");
    auto first = kioskctl(db, "init");
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("ready at schema version " + std::to_string(kiosk::store::latest_schema_version())) != std::string::npos);
    CHECK(kioskctl(db, "init").exit_code == 0);
    CHECK(kioskctl(db, "audit verify").out == "3 rows, chain intact\n");  // schema.migrate, db.init x2

    const auto text = dir.file("notes.txt");
    write_text(text, "hello\n");
    auto refused = kioskctl(text, "init");
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("file is not a database") != std::string::npos);
    CHECK(read_file(text) == "hello\n");

    auto no_db = shell(quoted(KIOSKCTL_PATH) + " init");
    CHECK(no_db.exit_code == 2);
    CHECK(no_db.err.find("needs --db PATH") != std::string::npos);
}

TEST_CASE("import keeps good lines, names bad ones by line number only, and exits 2") {
    TempDir dir;
    const auto db = dir.file("kiosk.db");
    const auto input = dir.file("feed.ndjson");
    write_text(
        input,
        R"({"nik":"1403125505900001","name":"Dewi Lestari","status":"PRINT_READY_RECORD","status_time":1760000000,"queue_position":3})"
        "\n"
        R"({"nik":"1403125505900002","name":"Budi Santoso","status":"LOST","status_time":1})"
        "\n"
        R"({"nik":"1403125505900003","name":"Agus Wijaya","status":"PRINTED","status_time":1,"card_serial":"C14030001"})"
        "\n"
        R"({"nik":"14031255059","name":"Eko Pratama","status":"PRINTED","status_time":1})"
        "\n"
        R"({"nik":"1403125505900005","name":"Rina)"
        "\n"
        R"({"nik":"1403125505900006","name":"Sri Rahayu","status":"PICKED_UP","status_time":"now"})"
        "\n");
    auto run = kioskctl(db, "import " + quoted(input));
    CHECK(run.exit_code == 2);
    CHECK(run.out == "imported 2 records, 4 bad lines\n");
    CHECK(run.err.find("line 2: field 'status': unknown status code") != std::string::npos);
    CHECK(run.err.find("line 4: field 'nik': ") != std::string::npos);
    CHECK(run.err.find("line 5: malformed JSON") != std::string::npos);
    CHECK(run.err.find("line 6: field 'status_time': must be an integer") != std::string::npos);
    for (const char* secret : {"14031255059", "Budi", "Eko", "Rina", "Sri"})
        CHECK(run.err.find(secret) == std::string::npos);

    CHECK(kioskctl(db, "record 1403125505900001").exit_code == 0);
    CHECK(kioskctl(db, "record 1403125505900003").out.find("C14030001") != std::string::npos);
    CHECK(kioskctl(db, "record 1403125505900002").exit_code == 1);

    // From standard input, all good: exit 0.
    auto piped = shell(
        "head -n 1 " + quoted(input) + " | " + quoted(KIOSKCTL_PATH) + " --db " + quoted(db) + " import -");
    CHECK(piped.exit_code == 0);
    CHECK(piped.out == "imported 1 records, 0 bad lines\n");
    CHECK(kioskctl(db, "audit verify").out == "3 rows, chain intact\n");  // schema.migrate, two imports
}

TEST_CASE("record masks the NIK unless --unmask, and says so when there is no record") {
    TempDir dir;
    const auto db = dir.file("kiosk.db");
    const auto input = dir.file("feed.ndjson");
    write_text(input, R"({"nik":"1403125505900001","name":"Dewi Lestari","status":"IN_KIOSK","status_time":0})"
                      "\n");
    REQUIRE(kioskctl(db, "import " + quoted(input)).exit_code == 0);
    auto masked = kioskctl(db, "record 1403125505900001");
    CHECK(masked.exit_code == 0);
    CHECK(masked.out.find("nik:                1403 **** **** 0001\n") != std::string::npos);
    CHECK(masked.out.find("1403125505900001") == std::string::npos);
    CHECK(masked.out.find("1255 0590") == std::string::npos);
    CHECK(masked.out.find("status:             IN_KIOSK") != std::string::npos);
    auto unmasked = kioskctl(db, "record '1403 1255 0590 0001' --unmask");
    CHECK(unmasked.out.find("nik:                1403 1255 0590 0001\n") != std::string::npos);
    auto absent = kioskctl(db, "record 1403125505900009");
    CHECK(absent.exit_code == 1);
    CHECK(absent.err == "no record for 1403 **** **** 0009\n");
    auto malformed = kioskctl(db, "record 12345");
    CHECK(malformed.exit_code == 2);
    CHECK(malformed.err.find("12345") == std::string::npos);
}

TEST_CASE("audit verify catches a direct edit made with the sqlite3 command-line tool") {
    TempDir dir;
    const auto db = dir.file("kiosk.db");
    REQUIRE(kioskctl(db, "init").exit_code == 0);
    for (int i = 0; i < 5; ++i) {
        REQUIRE(
            kioskctl(db, "audit append --actor staff:S-001 --action bin.cleared --detail n=" + std::to_string(i))
                .exit_code == 0);
    }
    CHECK(kioskctl(db, "audit verify").out == "7 rows, chain intact\n");
    // The triggers stop the plain edit...
    auto blocked =
        shell(quoted(SQLITE3_CLI) + " " + quoted(db) + " \"UPDATE audit SET detail = 'n=9' WHERE id = 4\"");
    CHECK(blocked.exit_code != 0);
    CHECK(blocked.err.find("append-only") != std::string::npos);
    CHECK(kioskctl(db, "audit verify").exit_code == 0);
    // ...but not someone who drops them first. The chain does.
    auto edited = shell(quoted(SQLITE3_CLI) + " " + quoted(db) +
                                     " \"DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'n=9' WHERE id = 4\"");
    REQUIRE(edited.exit_code == 0);
    auto verify = kioskctl(db, "audit verify");
    CHECK(verify.exit_code == 1);
    CHECK(verify.out == "audit row 4: hash does not match its content\n");  // rows: migrate, init, 5 appends
}

TEST_CASE("seed is deterministic: the same seed gives the same content hash") {
    TempDir dir;
    const auto a = dir.file("a.db");
    const auto b = dir.file("b.db");
    const auto c = dir.file("c.db");
    auto seeded = kioskctl(a, "seed --records 2000 --region 1403 --seed 42");
    CHECK(seeded.exit_code == 0);
    CHECK(seeded.out.find("seeded 2000 records") == 0);
    CHECK(seeded.out.find("records/s") != std::string::npos);
    REQUIRE(kioskctl(b, "seed --records 2000 --region 1403 --seed 42").exit_code == 0);
    REQUIRE(kioskctl(c, "seed --records 2000 --region 1403 --seed 43").exit_code == 0);
    CHECK(content_hash(a) == content_hash(b));
    CHECK(content_hash(a) != content_hash(c));
    auto again = kioskctl(a, "seed --records 10 --region 1403");
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("already holds 2000 records") != std::string::npos);
    CHECK(kioskctl(a, "audit verify").out == "2 rows, chain intact\n");  // schema.migrate, db.seed
}

TEST_CASE("every database subcommand has --help") {
    TempDir dir;
    for (const char* command : {"init", "seed", "import", "record", "audit", "audit verify", "audit append"}) {
        auto help = shell(quoted(KIOSKCTL_PATH) + " " + command + " --help");
        CHECK_MESSAGE(help.exit_code == 0, command);
        CHECK_MESSAGE(help.out.find("Usage:") != std::string::npos, command);
    }
}
