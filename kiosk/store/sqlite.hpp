// The one wrapper around the SQLite C API. Every sqlite3_* call in the project lives in sqlite.cpp,
// where result codes become kiosk::Error values that say what failed and where ("store.records.get:
// database is locked (SQLITE_BUSY)"). Messages come from SQLite and from our own SQL, never from bound
// values, so they carry no personal data.
//
// Thread safety: a Database (and every Statement it hands out) belongs to one thread. The connection is
// opened with SQLITE_OPEN_NOMUTEX; give each thread its own Database on the same file (WAL mode lets
// readers and one writer proceed together, busy_timeout absorbs short write contention).
#pragma once

#include "kiosk/core/result.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::store {

enum class OpenAccess { read_write_create, read_only };

class Database;

// A prepared statement. Parameters are 1-based as in SQL ("?1"); columns are 0-based.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Status bind(int index, std::int64_t value);
    Status bind(int index, std::string_view text);
    Status bind(int index, std::span<const std::uint8_t> blob);
    Status bind_null(int index);
    // As bind(index, text), without SQLite's copy of the text: the caller keeps the bytes alive and
    // unchanged until the statement is reset. For the rows of an import, bound by the thousand.
    Status bind_unowned(int index, std::string_view text);
    Status bind_unowned(int index, const std::optional<std::string>& text);
    template <class T>
    Status bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }
    // Binds the values to ?1, ?2, ... in order, each through the bind() above that fits it; stops at
    // the first failure and returns it.
    template <class... Values>
    Status bind_all(const Values&... values) {
        int index = 0;
        Status bound;
        (void)((bound = bind(++index, values), bound.ok()) && ...);
        return bound;
    }

    // true: a row is available through column_*; false: the statement has finished.
    Result<bool> step();
    // Steps a statement that returns no rows (INSERT, UPDATE, ...) to completion.
    Status run();
    // Makes the statement runnable again and clears its bindings.
    void reset();

    [[nodiscard]] bool column_is_null(int column) const;
    [[nodiscard]] std::int64_t column_int(int column) const;
    [[nodiscard]] std::optional<std::int64_t> column_optional_int(int column) const;
    [[nodiscard]] std::string column_text(int column) const;
    [[nodiscard]] std::optional<std::string> column_optional_text(int column) const;
    [[nodiscard]] std::vector<std::uint8_t> column_blob(int column) const;

private:
    friend class Database;
    Statement(sqlite3_stmt* statement, sqlite3* connection, std::string where);
    [[nodiscard]] Error error_from(int code) const;

    friend class CachedStatement;
    sqlite3_stmt* statement_ = nullptr;
    sqlite3* connection_ = nullptr;
    std::string where_;
    bool borrowed_ = false;  // by a CachedStatement
};

// A statement borrowed from the connection's cache. Resets the statement (ending any read it holds
// open, which in WAL mode would otherwise pin the snapshot and stall checkpoints) when it goes away.
// A statement is borrowed once at a time: borrowing it again while a borrow is alive is a programmer
// error and aborts (it would reset the first borrower's statement under its feet).
class CachedStatement {
public:
    explicit CachedStatement(Statement& statement) : statement_(&statement) { statement_->borrowed_ = true; }
    CachedStatement(CachedStatement&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
    CachedStatement& operator=(CachedStatement&&) = delete;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    ~CachedStatement() {
        if (statement_ != nullptr) {
            statement_->reset();
            statement_->borrowed_ = false;
        }
    }
    Statement* operator->() { return statement_; }
    Statement& operator*() { return *statement_; }

private:
    Statement* statement_;
};

class Database {
public:
    // Opens (and with read_write_create creates) the file. Only the connection: the kiosk's checks,
    // pragmas and schema are applied by open_store (store.hpp).
    static Result<Database> open(const std::string& path, OpenAccess access);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements that return no rows we need (DDL, pragmas that set).
    Status exec(std::string_view sql, std::string_view where);
    // A fresh statement, finalised when the Statement goes away.
    Result<Statement> prepare(std::string_view sql, std::string_view where);
    // A statement prepared once per connection and kept for its life. `sql` is the cache key.
    Result<CachedStatement> cached(std::string_view sql, std::string_view where);
    // The single integer a query like "PRAGMA user_version" returns.
    Result<std::int64_t> query_int(std::string_view sql, std::string_view where);

    // How long a statement waits for another connection's lock before it fails with SQLITE_BUSY.
    // SQLite's own busy_timeout sleeps in steps that grow to 100 ms (1, 2, 5, 10, ... ms), so a
    // writer that wants the lock for a few milliseconds between another writer's batches could
    // sleep through many of them; this handler looks again every 0.5 ms instead, so a wait lasts
    // about as long as the transaction it waits for (bench/store_contention_bench measures it).
    Status set_busy_timeout(std::chrono::milliseconds timeout_ms);

    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] std::int64_t changes() const;

    // What the main file starts with, read through SQLite's own handle of it. Never read the file
    // with a second open(): closing any descriptor of a file drops every POSIX lock the process
    // holds on it, SQLite's included, and another process may then delete the WAL under this one's
    // connections (sqlite.org/howtocorrupt.html, 2.2).
    enum class FileHeader { empty, sqlite, foreign };
    [[nodiscard]] Result<FileHeader> file_header() const;
    [[nodiscard]] bool in_transaction() const;
    // Flushes the write-ahead log to the disk (fsync), through SQLite's own handle of it: what
    // commits made under PRAGMA synchronous = NORMAL wrote becomes as durable as under FULL. Nothing
    // to do when this connection has no log open. Errors: the file system's.
    Status sync_journal();
    [[nodiscard]] const std::string& path() const { return path_; }

    // The wal-index header as SQLite's shared memory (the -shm file) holds it now, read through this
    // connection's own mapping of it: no transaction, no lock, no system call. Every connection, in
    // any process, that commits to the database rewrites this header as the step that makes its
    // commit visible to readers (its change counter and last frame move: sqlite.org/walformat.html,
    // "The WAL-Index Header"), so two equal stamps taken on this connection mean that nothing was
    // committed between the two moments. Reads by other connections leave it alone.
    // nullopt: nothing can be read that way, and the caller must ask SQLite (PRAGMA data_version):
    // the connection is not in WAL mode with normal locking, its VFS has no shared memory, or the
    // wal-index cannot be mapped. While this connection is open in WAL mode the database cannot
    // leave WAL mode (that needs an exclusive lock, and a WAL connection holds a shared one for its
    // life), and no one can reset the -shm file under it, so a stamp keeps its meaning.
    struct CommitStamp {
        std::array<std::uint8_t, 96> header{};  // both copies of the 48-byte header
        friend bool operator==(const CommitStamp&, const CommitStamp&) = default;
    };
    [[nodiscard]] std::optional<CommitStamp> commit_stamp();

private:
    Database(sqlite3* connection, std::string path);
    void close();

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    // Behind a pointer: SQLite keeps its address while the Database moves.
    struct BusyWait {
        std::chrono::milliseconds timeout_ms{0};
        std::chrono::steady_clock::time_point started;
    };
    static int on_busy(void* wait, int attempts);

    sqlite3* connection_ = nullptr;
    std::string path_;
    // Whether commit_stamp() may read the wal-index (WAL mode, normal locking), asked once.
    std::optional<bool> wal_index_readable_;
    std::unordered_map<std::string, std::unique_ptr<Statement>, StringHash, std::equal_to<>> cache_;
    std::unique_ptr<BusyWait> busy_wait_;
};

enum class TransactionKind {
    deferred,   // takes the write lock at the first write
    immediate,  // takes the write lock now: for read-modify-write sequences (audit append)
};

// Whether `error` (from this wrapper) is a write that failed for want of space (SQLITE_FULL): the
// disk, or the file system the database lives on, is full. Its words carry the code's name.
[[nodiscard]] bool is_disk_full(const Error& error);

// RAII transaction: rolls back unless commit() succeeded. Transactions do not nest.
class Transaction {
public:
    static Result<Transaction> begin(Database& database, TransactionKind kind, std::string_view where);
    Transaction(Transaction&& other) noexcept
        : database_(std::exchange(other.database_, nullptr)), where_(std::move(other.where_)) {}
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    Status commit();

private:
    Transaction(Database& database, std::string where) : database_(&database), where_(std::move(where)) {}
    Database* database_;
    std::string where_;
};

}  // namespace kiosk::store
