// Opening the store: new, empty, migrated, and every kind of file that is not a healthy kiosk database.
#include "kiosk/store/schema.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/require_ok.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <sys/stat.h>
#include <unistd.h>
#include <array>
#include <chrono>
#include <fstream>
#include <random>
#include <thread>

using namespace kiosk::store;
using kiosk::testing::TempDir;
using kiosk::testing::ChildProcess;
using kiosk::testing::ProcessOutput;
using kiosk::testing::raw_exec;
using kiosk::testing::require_ok;
using kiosk::testing::SpawnOptions;
using kiosk::testing::Stream;

namespace {

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A new database with enough settings rows (about 100 pages) that page 60 holds table or index data,
// closed again so the WAL is checkpointed into the main file. (The pages before the settings' data
// are the schema's root pages, about 35 at schema version 8, and grow with every table.)
void fill_with_settings(const std::string& path) {
    auto db = open_store(path, {});
    REQUIRE(db.ok());
    REQUIRE(db->exec("BEGIN", "t").ok());
    auto insert = db->prepare("INSERT INTO settings (key, value) VALUES (?1, ?2)", "t");
    REQUIRE(insert.ok());
    for (int i = 0; i < 3000; ++i) {
        REQUIRE(insert->bind(1, "key-" + std::to_string(i)).ok());
        REQUIRE(insert->bind(2, std::string(100, 'v')).ok());
        REQUIRE(insert->run().ok());
    }
    REQUIRE(db->exec("COMMIT", "t").ok());
}

void overwrite_page(const std::string& path, std::size_t page, const std::string& bytes) {
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(static_cast<std::streamoff>(page * bytes.size()));
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string open_error(const std::string& path, OpenOptions options = {}) {
    auto db = open_store(path, options);
    REQUIRE_FALSE(db.ok());
    return db.error().to_string();
}

}  // namespace

TEST_CASE("a new database gets the schema, the kiosk's application_id and its connection settings") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    auto db = open_store(path, {});
    REQUIRE(db.ok());
    CHECK(db->query_int("PRAGMA user_version", "t").value() == latest_schema_version());
    CHECK(db->query_int("PRAGMA application_id", "t").value() == kApplicationId);
    CHECK(db->query_int("PRAGMA foreign_keys", "t").value() == 1);
    CHECK(db->query_int("PRAGMA synchronous", "t").value() == 2);  // FULL
    auto mode = db->prepare("PRAGMA journal_mode", "t");
    REQUIRE(mode.ok());
    REQUIRE(mode->step().value());
    CHECK(mode->column_text(0) == "wal");
    CHECK(db->query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('records', 'templates', "
                        "'dispenser_slots', 'staff', 'settings', 'outbox', 'audit')",
                        "t")
              .value() == 7);
}

TEST_CASE("opening again is idempotent and reports the version it found") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    REQUIRE(open_store(path, {}).ok());
    auto again = open_store(path, {});
    REQUIRE(again.ok());
    auto found = migrate(*again);
    REQUIRE(found.ok());
    CHECK(*found == latest_schema_version());
}

TEST_CASE("an empty 0-byte file is treated as a new database") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    write_file(path, "");
    auto db = open_store(path, {});
    REQUIRE(db.ok());
    CHECK(db->query_int("PRAGMA user_version", "t").value() == latest_schema_version());
}

TEST_CASE("random bytes are refused as not a database") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    std::mt19937 generator(42);
    std::string bytes(8192, '\0');
    for (char& byte : bytes) byte = static_cast<char>(generator() & 0xff);
    write_file(path, bytes);
    const auto error = open_error(path);
    CHECK(error.find("store.open " + path) == 0);
    CHECK(error.find("file is not a database") != std::string::npos);
}

TEST_CASE("a text file is refused as not a database") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    write_file(path, "[kiosk]\nname = \"lobby\"\n");
    CHECK(open_error(path).find("file is not a database") != std::string::npos);
}

TEST_CASE("a valid SQLite database of another application is refused and left untouched") {
    TempDir dir;
    const auto path = dir.file("other.db");
    raw_exec(path, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO recipes VALUES (1, 'x');");
    const auto error = open_error(path);
    CHECK(error.find("not a kiosk database (application_id 0x00000000, expected 0x4b54504b)") != std::string::npos);

    raw_exec(path, "PRAGMA application_id = 1234;");
    CHECK(open_error(path).find("application_id 0x000004d2") != std::string::npos);
    // Not migrated: no kiosk table appeared.
    raw_exec(path, "CREATE TABLE probe AS SELECT count(*) AS n FROM sqlite_schema WHERE name = 'records';");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT n FROM probe", -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    CHECK(sqlite3_column_int(statement, 0) == 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

TEST_CASE("a kiosk database from a newer schema version is refused clearly") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    REQUIRE(open_store(path, {}).ok());
    raw_exec(path, "PRAGMA user_version = " + std::to_string(latest_schema_version() + 5) + ";");
    const auto error = open_error(path);
    CHECK(error.find("schema version " + std::to_string(latest_schema_version() + 5) +
                     " is newer than this program knows") != std::string::npos);
}

TEST_CASE("a kiosk database with a page overwritten by garbage is reported corrupt, not crashed on") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    fill_with_settings(path);
    const auto page_size = 4096;
    const auto size = std::filesystem::file_size(path);
    REQUIRE(size > 40 * page_size);
    std::mt19937 generator(7);
    std::string garbage(page_size, '\0');
    for (char& byte : garbage) byte = static_cast<char>(generator() & 0xff);
    overwrite_page(path, 30, garbage);
    const auto error = open_error(path);
    CHECK(error.find("store.open " + path + ": database is corrupt") == 0);
}

TEST_CASE("a database in a directory the kiosk's user cannot write is a clear error") {
    // Root ignores directory permissions, so as root the attempt runs in a child that drops to nobody.
    TempDir dir;
    const auto ro_dir = dir.path() / "ro";
    std::filesystem::create_directory(ro_dir);
    std::filesystem::permissions(ro_dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                                             std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
                                             std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
    const auto path = (ro_dir / "kiosk.db").string();
    SpawnOptions piped;
    piped.out = Stream::pipe;
    ChildProcess child = require_ok(ChildProcess::fork_call(
        [&] {
            if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) return 3;
            auto db = open_store(path, {});
            const std::string message = db.ok() ? std::string("opened") : db.error().to_string();
            (void)!write(STDOUT_FILENO, message.data(), message.size());
            return db.ok() ? 1 : 0;
        },
        piped));
    const ProcessOutput ran = child.collect(30'000);
    const std::string& message = ran.out;
    INFO(message);
    REQUIRE_FALSE(ran.timed_out);
    CHECK(ran.exit_code == 0);  // a child ended by a signal reads 128 + N, never 0
    CHECK(message.find("store.open " + path) == 0);
    CHECK(message.find("unable to open database file") != std::string::npos);
}

TEST_CASE("read-only access refuses a database that still needs migrating") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    REQUIRE(open_store(path, {}).ok());
    OpenOptions read_only;
    read_only.access = OpenAccess::read_only;
    CHECK(open_store(path, read_only).ok());
    raw_exec(path, "PRAGMA user_version = 0;");
    CHECK(open_error(path, read_only).find("schema version 0 but this program needs") != std::string::npos);
}

TEST_CASE("migrations are numbered 1, 2, ... without gaps") {
    int expected = 1;
    for (const Migration& migration : migrations()) CHECK(migration.version == expected++);
    CHECK(latest_schema_version() == expected - 1);
}

TEST_CASE("a failing migration leaves the database at the version before it") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    auto db = Database::open(path, OpenAccess::read_write_create);
    REQUIRE(db.ok());
    const std::array steps = {
        Migration{1, "one table", "CREATE TABLE a (x INTEGER);"},
        Migration{2, "a table, then a mistake", "CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);"},
    };
    auto migrated = migrate(*db, steps);
    REQUIRE_FALSE(migrated.ok());
    CHECK(migrated.error().where == "store.migrate to version 2");
    CHECK(migrated.error().what.find("no such table: missing") != std::string::npos);
    CHECK(db->query_int("PRAGMA user_version", "t").value() == 1);
    CHECK(db->query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'a'", "t").value() == 1);
    CHECK(db->query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'b'", "t").value() == 0);
    CHECK_FALSE(db->in_transaction());
}

TEST_CASE("a failing data step rolls its migration back, SQL and all") {
    TempDir dir;
    auto db = Database::open(dir.file("kiosk.db"), OpenAccess::read_write_create);
    REQUIRE(db.ok());
    const std::array steps = {
        Migration{1, "one table", "CREATE TABLE a (x INTEGER);"},
        Migration{2, "a table, then a data step that gives up", "CREATE TABLE b (y INTEGER);",
                  [](Database& database) -> kiosk::Status {
                      TRY(database.exec("INSERT INTO b VALUES (1)", "test.data_step"));
                      return kiosk::fail("test.data_step", "the old data cannot be read");
                  }},
    };
    auto migrated = migrate(*db, steps);
    REQUIRE_FALSE(migrated.ok());
    CHECK(migrated.error().to_string() == "test.data_step: the old data cannot be read");
    CHECK(db->query_int("PRAGMA user_version", "t").value() == 1);
    CHECK(db->query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'b'", "t").value() == 0);
    CHECK_FALSE(db->in_transaction());
}

TEST_CASE("corruption met after an unchecked open is an error value, not a crash") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    fill_with_settings(path);
    overwrite_page(path, 60, std::string(4096, '\xA5'));  // one of the settings' pages
    OpenOptions unchecked;
    unchecked.integrity = IntegrityCheck::none;
    auto db = open_store(path, unchecked);
    REQUIRE(db.ok());
    // Reads every page of the table and of its key index, so the overwritten page is met either way.
    auto count =
        db->query_int("SELECT sum(length(value)) + (SELECT count(*) FROM settings WHERE key >= '') FROM settings",
                      "store.test.count");
    REQUIRE_FALSE(count.ok());
    CHECK(count.error().where == "store.test.count");
    CHECK(count.error().what.find("database is corrupt") == 0);
}

TEST_CASE("opening the store again never drops this process's locks: another process's write stays visible") {
    // Closing any descriptor of the database file drops every POSIX lock the process holds on it. A
    // header check that read the file with a second open() did that, so another process (kioskctl)
    // could take the file for itself on close, checkpoint and delete the WAL under the kiosk's live
    // connections, which then never saw a later write again (and their own writes went to a deleted file).
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto first = open_store(path, {});
    REQUIRE(first.ok());
    const auto count = [&] { return first->query_int("SELECT count(*) FROM settings WHERE key = 'probe'", "t").value(); };
    CHECK(count() == 0);
    auto second = open_store(path, {});  // the open that used to drop the locks
    REQUIRE(second.ok());
    const auto wrote = require_ok(kiosk::testing::run(
        {"sqlite3", path, "INSERT INTO settings (key, value) VALUES ('probe', 'from another process');"}));
    REQUIRE_MESSAGE(wrote.exit_code == 0, wrote.err);
    CHECK(count() == 1);
    CHECK(std::filesystem::exists(path + "-wal"));  // still this process's WAL, not deleted under it
}

TEST_CASE("opening the store waits out another connection's brief hold on the file instead of failing") {
    // After a power cut the first connection to open the database rebuilds the WAL index under an
    // exclusive lock, and a last connection that closes checkpoints under one: a kiosk starting
    // then, or a feed connection opened meanwhile, must wait as its busy timeout says. The first
    // read (the application_id check) ran before the busy timeout was set, so it failed at once
    // with "database is locked".
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    REQUIRE(open_store(path, {}).ok());
    sqlite3* holder = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &holder) == SQLITE_OK);
    // Exclusive locking mode: the file's lock is taken at the next write and kept until the close.
    REQUIRE(sqlite3_exec(holder,
                         "PRAGMA locking_mode = EXCLUSIVE; INSERT INTO settings (key, value) VALUES ('held', '1');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    std::thread release([holder] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        sqlite3_close(holder);
    });
    OpenOptions options;
    options.integrity = IntegrityCheck::none;
    options.busy_timeout_ms = 30'000;  // far longer than the hold: only a failure at once fails here
    auto opened = open_store(path, options);
    release.join();
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().to_string()));
    CHECK(opened->query_int("SELECT count(*) FROM settings WHERE key = 'held'", "t").value() == 1);
}
