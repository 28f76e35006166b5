// Database::commit_stamp (kiosk/store/sqlite.hpp) on real files: the stamp stays while others only
// read, moves with every commit made through another connection or by another process (the sqlite3
// program, with a mapping of the -shm file of its own), is absent where there is no wal-index to read,
// and keeps its meaning because the database cannot leave WAL mode under the connection that reads it.
#include "kiosk/store/sqlite.hpp"

#include "kiosk/store/store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::store;
using kiosk::testing::ChildProcess;
using kiosk::testing::require_ok;
using kiosk::testing::SpawnOptions;
using kiosk::testing::Stream;
using kiosk::testing::TempDir;

namespace {

// The sqlite3 program run on `path` with `sql`, as another process; its output.
ChildProcess::Output sqlite3_program(const std::string& path, const std::string& sql) {
    SpawnOptions options;
    options.out = Stream::pipe;
    options.err = Stream::pipe;
    ChildProcess child = require_ok(ChildProcess::spawn({"sqlite3", "-cmd", ".timeout 2000", path, sql}, options));
    return child.collect(10'000);
}

std::int64_t rows_in(Database& database) {
    return require_ok(database.query_int("SELECT count(*) FROM t", "test"));
}

struct WalFile {
    TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database writer = require_ok(open_store(path, {}));
    Database reader = require_ok(open_store(path, {}));
    WalFile() { REQUIRE(writer.exec("CREATE TABLE t(x INTEGER)", "test")); }
};

}  // namespace

TEST_CASE("a stamp stays while others only read") {
    WalFile db;
    const auto before = db.reader.commit_stamp();
    REQUIRE(before.has_value());
    CHECK(rows_in(db.reader) == 0);
    CHECK(rows_in(db.writer) == 0);
    const auto read_elsewhere = sqlite3_program(db.path, "SELECT count(*) FROM t;");
    REQUIRE(read_elsewhere.exit_code == 0);
    CHECK(read_elsewhere.out == "0\n");
    CHECK(db.reader.commit_stamp() == before);
}

TEST_CASE("a stamp moves with each commit, from another connection or another process") {
    WalFile db;
    auto stamp = db.reader.commit_stamp();
    REQUIRE(stamp.has_value());
    for (int i = 0; i < 3; ++i) {
        CAPTURE(i);
        REQUIRE(db.writer.exec("INSERT INTO t VALUES (1)", "test"));
        const auto after_connection = db.reader.commit_stamp();
        REQUIRE(after_connection.has_value());
        CHECK(after_connection != stamp);

        const auto written = sqlite3_program(db.path, "INSERT INTO t VALUES (2);");
        REQUIRE(written.exit_code == 0);
        const auto after_process = db.reader.commit_stamp();
        REQUIRE(after_process.has_value());
        CHECK(after_process != after_connection);
        stamp = after_process;
    }
    CHECK(rows_in(db.reader) == 6);
}

TEST_CASE("a commit after the log was checkpointed and restarted still moves the stamp") {
    WalFile db;
    REQUIRE(db.writer.exec("INSERT INTO t VALUES (1)", "test"));
    REQUIRE(db.writer.exec("PRAGMA wal_checkpoint(TRUNCATE)", "test"));
    const auto checkpointed = db.reader.commit_stamp();
    REQUIRE(checkpointed.has_value());
    // The next writer starts the log over from its first frame, with new salts.
    REQUIRE(db.writer.exec("INSERT INTO t VALUES (2)", "test"));
    CHECK(db.reader.commit_stamp() != checkpointed);
}

TEST_CASE("a connection with no wal-index to read has no stamp") {
    TempDir dir;
    SUBCASE("a rollback journal") {
        Database plain = require_ok(Database::open(dir.file("plain.db"), OpenAccess::read_write_create));
        REQUIRE(plain.exec("CREATE TABLE t(x INTEGER)", "test"));
        CHECK_FALSE(plain.commit_stamp().has_value());
    }
    SUBCASE("exclusive locking, whose wal-index lives on the heap") {
        Database exclusive = require_ok(open_store(dir.file("exclusive.db"), {}));
        REQUIRE(exclusive.exec("PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE t(x INTEGER)", "test"));
        CHECK_FALSE(exclusive.commit_stamp().has_value());
    }
}

// What commit_stamp's contract rests on: were the file switched to a rollback journal, commits would
// stop moving the stamp.
TEST_CASE("the database cannot leave WAL mode while a connection that takes stamps is open") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    {
        Database setup = require_ok(open_store(path, {}));
        REQUIRE(setup.exec("CREATE TABLE t(x INTEGER)", "test"));
    }
    Database reader = require_ok(open_store(path, {}));  // the only connection
    REQUIRE(reader.commit_stamp().has_value());
    const auto switched = sqlite3_program(path, "PRAGMA journal_mode = DELETE;");
    CHECK(switched.out.find("delete") == std::string::npos);
    CHECK(require_ok(reader.query_int("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'", "test")) ==
          1);
    const auto written = sqlite3_program(path, "INSERT INTO t VALUES (1);");
    REQUIRE(written.exit_code == 0);
    CHECK(reader.commit_stamp().has_value());
    CHECK(rows_in(reader) == 1);
}
