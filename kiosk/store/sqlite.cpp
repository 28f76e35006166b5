#include "kiosk/store/sqlite.hpp"

#include "kiosk/core/assert.hpp"

#include <sqlite3.h>

#include <array>
#include <climits>
#include <thread>

namespace kiosk::store {
namespace {

// "database is locked (SQLITE_BUSY)": SQLite's own words for the code plus the code's name, so an
// operator can search for it. sqlite3_errmsg describes the last failure on the connection; it names
// tables, columns and constraints, never bound values.
constexpr const char* kDiskFullName = "SQLITE_FULL";

std::string describe(sqlite3* connection, int code) {
    const char* message = connection != nullptr ? sqlite3_errmsg(connection) : sqlite3_errstr(code);
    std::string text = message != nullptr ? message : sqlite3_errstr(code);
    const int primary = code & 0xff;
    const char* name = nullptr;
    switch (primary) {
        case SQLITE_BUSY: name = "SQLITE_BUSY"; break;
        case SQLITE_LOCKED: name = "SQLITE_LOCKED"; break;
        case SQLITE_CORRUPT: name = "SQLITE_CORRUPT"; break;
        case SQLITE_NOTADB: name = "SQLITE_NOTADB"; break;
        case SQLITE_CANTOPEN: name = "SQLITE_CANTOPEN"; break;
        case SQLITE_READONLY: name = "SQLITE_READONLY"; break;
        case SQLITE_FULL: name = kDiskFullName; break;
        case SQLITE_IOERR: name = "SQLITE_IOERR"; break;
        case SQLITE_CONSTRAINT: name = "SQLITE_CONSTRAINT"; break;
        case SQLITE_PERM: name = "SQLITE_PERM"; break;
        case SQLITE_MISMATCH: name = "SQLITE_MISMATCH"; break;
        case SQLITE_TOOBIG: name = "SQLITE_TOOBIG"; break;
        default: break;
    }
    if (primary == SQLITE_CORRUPT) text = "database is corrupt: " + text;
    if (primary == SQLITE_CANTOPEN) {
        return text + " (SQLITE_CANTOPEN: the file or its directory is missing, or not writable by this user)";
    }
    if (name != nullptr) return text + " (" + name + ")";
    return text + " (SQLite code " + std::to_string(code) + ")";
}

// SQLite takes sizes as int. No kiosk value comes near 2 GiB (templates are 512 bytes, SQL is ours),
// so a larger one is a bug in the caller.
int checked_int(std::size_t size) {
    VERIFY_MSG(size <= static_cast<std::size_t>(INT_MAX), "a value too large to bind to SQLite");
    return static_cast<int>(size);
}

}  // namespace

// ---- Statement ----

Statement::Statement(sqlite3_stmt* statement, sqlite3* connection, std::string where)
    : statement_(statement), connection_(connection), where_(std::move(where)) {}

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      connection_(other.connection_),
      where_(std::move(other.where_)),
      borrowed_(other.borrowed_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        statement_ = std::exchange(other.statement_, nullptr);
        connection_ = other.connection_;
        where_ = std::move(other.where_);
        borrowed_ = other.borrowed_;
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Error Statement::error_from(int code) const {
    return Error{where_, describe(connection_, code)};
}

Status Statement::bind(int index, std::int64_t value) {
    const int code = sqlite3_bind_int64(statement_, index, value);
    if (code != SQLITE_OK) return fail(error_from(code));
    return {};
}

Status Statement::bind(int index, std::string_view text) {
    const int code = sqlite3_bind_text(statement_, index, text.data(), checked_int(text.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) return fail(error_from(code));
    return {};
}

Status Statement::bind_unowned(int index, std::string_view text) {
    const int code = sqlite3_bind_text(statement_, index, text.data(), checked_int(text.size()), SQLITE_STATIC);
    if (code != SQLITE_OK) return fail(error_from(code));
    return {};
}

Status Statement::bind_unowned(int index, const std::optional<std::string>& text) {
    return text ? bind_unowned(index, std::string_view(*text)) : bind_null(index);
}

Status Statement::bind(int index, std::span<const std::uint8_t> blob) {
    // A zero-length blob must still be a blob, not NULL: sqlite3_bind_blob with a null pointer binds NULL.
    static const std::uint8_t empty = 0;
    const void* data = blob.empty() ? &empty : blob.data();
    const int code = sqlite3_bind_blob(statement_, index, data, checked_int(blob.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) return fail(error_from(code));
    return {};
}

Status Statement::bind_null(int index) {
    const int code = sqlite3_bind_null(statement_, index);
    if (code != SQLITE_OK) return fail(error_from(code));
    return {};
}

Result<bool> Statement::step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    Error error = error_from(code);
    sqlite3_reset(statement_);
    return fail(std::move(error));
}

Status Statement::run() {
    auto stepped = step();
    sqlite3_reset(statement_);
    TRY(stepped);
    return {};
}

void Statement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

bool Statement::column_is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::optional<std::int64_t> Statement::column_optional_int(int column) const {
    if (column_is_null(column)) return std::nullopt;
    return column_int(column);
}

std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    if (text == nullptr || size <= 0) return {};
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::optional<std::string> Statement::column_optional_text(int column) const {
    if (column_is_null(column)) return std::nullopt;
    return column_text(column);
}

std::vector<std::uint8_t> Statement::column_blob(int column) const {
    const void* blob = sqlite3_column_blob(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    if (blob == nullptr || size <= 0) return {};
    const auto* bytes = static_cast<const std::uint8_t*>(blob);
    return {bytes, bytes + size};
}

// ---- Database ----

Database::Database(sqlite3* connection, std::string path) : connection_(connection), path_(std::move(path)) {}

Database::Database(Database&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)),
      path_(std::move(other.path_)),
      wal_index_readable_(other.wal_index_readable_),
      cache_(std::move(other.cache_)),
      busy_wait_(std::move(other.busy_wait_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        connection_ = std::exchange(other.connection_, nullptr);
        path_ = std::move(other.path_);
        wal_index_readable_ = other.wal_index_readable_;
        cache_ = std::move(other.cache_);
        busy_wait_ = std::move(other.busy_wait_);
    }
    return *this;
}

Database::~Database() {
    close();
}

void Database::close() {
    cache_.clear();  // statements must be finalised before the connection closes
    if (connection_ != nullptr) {
        // With every statement finalised, sqlite3_close cannot report SQLITE_BUSY; any other failure
        // leaves nothing for us to do but let the OS reclaim the file.
        sqlite3_close(connection_);
        connection_ = nullptr;
    }
}

namespace {

// SQLite counts every allocation it makes under a global mutex (SQLITE_CONFIG_MEMSTATUS, on by
// default) for sqlite3_memory_used(), which the project never reads: off, that mutex is gone from
// every malloc of every statement (a tenth of an import's CPU time, bench/mgmt_import_bench.sh).
// It can only be set before SQLite initialises: this runs once, before the first connection opens.
// SQLITE_MISUSE (something in the process initialised SQLite first) leaves the counting on, which
// costs speed only.
void configure_sqlite_once() {
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)configured;
}

}  // namespace

Result<Database> Database::open(const std::string& path, OpenAccess access) {
    configure_sqlite_once();
    const int flags =
        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
        (access == OpenAccess::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* connection = nullptr;
    const int code = sqlite3_open_v2(path.c_str(), &connection, flags, nullptr);
    if (code != SQLITE_OK) {
        Error error{"store.open " + path, describe(connection, code)};
        sqlite3_close(connection);
        return fail(std::move(error));
    }
    return Database(connection, path);
}

int Database::on_busy(void* wait, int attempts) {
    auto& busy = *static_cast<BusyWait*>(wait);
    const auto now = std::chrono::steady_clock::now();
    if (attempts == 0) busy.started = now;
    if (now - busy.started >= busy.timeout_ms) return 0;  // SQLITE_BUSY to the caller
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    return 1;
}

Status Database::set_busy_timeout(std::chrono::milliseconds timeout_ms) {
    if (!busy_wait_) busy_wait_ = std::make_unique<BusyWait>();
    busy_wait_->timeout_ms = timeout_ms;
    const int code = sqlite3_busy_handler(connection_, &Database::on_busy, busy_wait_.get());
    if (code != SQLITE_OK) return fail("store.busy_timeout", describe(connection_, code));
    return {};
}

Status Database::exec(std::string_view sql, std::string_view where) {
    const std::string text(sql);
    const int code = sqlite3_exec(connection_, text.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) return fail(std::string(where), describe(connection_, code));
    return {};
}

Result<Statement> Database::prepare(std::string_view sql, std::string_view where) {
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v3(connection_, sql.data(), checked_int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &statement, nullptr);
    if (code != SQLITE_OK) return fail(std::string(where), describe(connection_, code));
    return Statement(statement, connection_, std::string(where));
}

Result<CachedStatement> Database::cached(std::string_view sql, std::string_view where) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
        auto prepared = TRY(prepare(sql, where));
        found = cache_.emplace(std::string(sql), std::make_unique<Statement>(std::move(prepared))).first;
    }
    // The where of the first use names the statement; callers use one where per SQL text.
    VERIFY_MSG(!found->second->borrowed_, "a cached statement borrowed twice (see CachedStatement)");
    return CachedStatement(*found->second);
}

Result<std::int64_t> Database::query_int(std::string_view sql, std::string_view where) {
    auto statement = TRY(prepare(sql, where));
    if (!TRY(statement.step())) return fail(std::string(where), "query returned no row");
    return statement.column_int(0);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(connection_);
}

Result<Database::FileHeader> Database::file_header() const {
    constexpr std::string_view kHeader{"SQLite format 3\0", 16};
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(connection_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr ||
        file->pMethods == nullptr)
        return FileHeader::empty;  // not opened yet: SQLite creates it at the first write
    sqlite3_int64 size = 0;
    if (file->pMethods->xFileSize(file, &size) != SQLITE_OK)
        return fail("store.open " + path_, "cannot read the file's size");
    if (size == 0) return FileHeader::empty;
    std::array<char, 16> header{};
    const int read = file->pMethods->xRead(file, header.data(), static_cast<int>(header.size()), 0);
    if (read == SQLITE_IOERR_SHORT_READ) return FileHeader::foreign;
    if (read != SQLITE_OK) return fail("store.open " + path_, "cannot read the file to check its header");
    return std::string_view(header.data(), header.size()) == kHeader ? FileHeader::sqlite : FileHeader::foreign;
}

Status Database::sync_journal() {
    sqlite3_file* journal = nullptr;
    if (sqlite3_file_control(connection_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal) != SQLITE_OK)
        return fail("store.sync " + path_, "SQLite cannot name the write-ahead log");
    if (journal == nullptr || journal->pMethods == nullptr) return {};  // not open: nothing written
    const int code = journal->pMethods->xSync(journal, SQLITE_SYNC_NORMAL);
    if (code != SQLITE_OK) return fail("store.sync " + path_, std::string("fsync of the write-ahead log failed: ") + sqlite3_errstr(code));
    return {};
}

std::optional<Database::CommitStamp> Database::commit_stamp() {
    if (!wal_index_readable_) {
        constexpr const char* where = "store.commit_stamp";
        auto journal = prepare("PRAGMA journal_mode", where);
        auto locking = prepare("PRAGMA locking_mode", where);
        if (!journal || !locking) return std::nullopt;
        auto journal_row = journal->step();
        auto locking_row = locking->step();
        if (!journal_row || !locking_row) return std::nullopt;  // asked again next time
        // An exclusive connection keeps its wal-index on the heap: mapping one would make a -shm file.
        wal_index_readable_ =
            *journal_row && *locking_row && journal->column_text(0) == "wal" && locking->column_text(0) == "normal";
    }
    if (!*wal_index_readable_) return std::nullopt;
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(connection_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr ||
        file->pMethods == nullptr || file->pMethods->iVersion < 2 || file->pMethods->xShmMap == nullptr ||
        file->pMethods->xShmBarrier == nullptr)
        return std::nullopt;
    // Region 0 of the wal-index, in SQLite's own page size for it (WALINDEX_PGSZ), as the WAL code
    // maps it; never extended from here.
    constexpr int kWalIndexPageBytes = 32768;
    void volatile* region = nullptr;
    if (file->pMethods->xShmMap(file, 0, kWalIndexPageBytes, 0, &region) != SQLITE_OK || region == nullptr)
        return std::nullopt;
    // As SQLite's readers do before they read the header another process may be writing.
    file->pMethods->xShmBarrier(file);
    CommitStamp stamp;
    const auto* header = static_cast<const volatile std::uint8_t*>(region);
    for (std::size_t i = 0; i < stamp.header.size(); ++i) stamp.header[i] = header[i];
    return stamp;
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(connection_);
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(connection_) == 0;
}

// ---- Transaction ----

bool is_disk_full(const Error& error) {
    return error.what.find(std::string(" (") + kDiskFullName + ")") != std::string::npos;
}

Result<Transaction> Transaction::begin(Database& database, TransactionKind kind, std::string_view where) {
    TRY(database.exec(kind == TransactionKind::immediate ? "BEGIN IMMEDIATE" : "BEGIN", where));
    return Transaction(database, std::string(where));
}

Transaction::~Transaction() {
    // A failed COMMIT may already have rolled back; ROLLBACK outside a transaction is harmless here.
    if (database_ != nullptr && database_->in_transaction()) (void)database_->exec("ROLLBACK", where_);
}

Status Transaction::commit() {
    if (database_ == nullptr) return fail(where_, "commit of a finished transaction");
    TRY(database_->exec("COMMIT", where_));
    database_ = nullptr;
    return {};
}

}  // namespace kiosk::store
