#include "kiosk/store/store.hpp"

#include "kiosk/core/hex.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/schema.hpp"

#include <array>
#include <ctime>
#include <string_view>

namespace kiosk::store {
namespace {

std::string hex32(std::int64_t value) {
    return "0x" + core::format_hex_number(static_cast<std::uint32_t>(value), 8, core::HexCase::lower);
}

// SQLite opens a file with a foreign header lazily and reports SQLITE_NOTADB at the first read;
// checking the header first gives the operator a plainer message. An empty file is new.
Status check_header(const Database& database, const std::string& where) {
    if (TRY(database.file_header()) == Database::FileHeader::foreign)
        return fail(where, "file is not a database: it does not start with the SQLite header");
    return {};
}

Status check_application_id(Database& database, const std::string& where) {
    auto application_id = database.query_int("PRAGMA application_id", where);
    if (!application_id) return fail(where, application_id.error().what);
    if (*application_id == kApplicationId) return {};
    auto objects = database.query_int("SELECT count(*) FROM sqlite_schema", where);
    if (!objects) return fail(where, objects.error().what);
    if (*application_id == 0 && *objects == 0) return {};  // an empty database: ours to set up
    return fail(where, "not a kiosk database (application_id " + hex32(*application_id) + ", expected " +
                           hex32(kApplicationId) + ")");
}

Status configure(Database& database, const OpenOptions& options, const std::string& where) {
    if (options.access == OpenAccess::read_write_create) {
        auto mode = database.prepare("PRAGMA journal_mode = WAL", where);
        if (!mode) return fail(where, mode.error().what);
        auto row = mode->step();
        if (!row) return fail(where, row.error().what);
        if (!*row || mode->column_text(0) != "wal") {
            return fail(where, "cannot switch to WAL journal mode (got '" + (*row ? mode->column_text(0) : "") + "')");
        }
    }
    const std::string settings = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -" +
                                 std::to_string(options.cache_size_kib);
    if (auto set = database.exec(settings, where); !set) {
        return fail(where, set.error().what);
    }
    return {};
}

Status check_integrity(Database& database, const std::string& where) {
    auto check = database.prepare("PRAGMA quick_check(1)", where);
    if (!check) return fail(where, check.error().what);
    auto row = check->step();
    if (!row) return fail(where, row.error().what);
    if (!*row) return fail(where, "database is corrupt: integrity check returned nothing");
    std::string verdict = check->column_text(0);
    // SQLite's report spans lines ("*** in database main ***\nPage 201: ..."); keep the error one line.
    for (char& c : verdict) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    if (verdict != "ok") return fail(where, "database is corrupt: integrity check failed (" + verdict + ")");
    return {};
}

}  // namespace

Result<Database> open_store(const std::string& path, const OpenOptions& options) {
    const std::string where = "store.open " + path;
    auto database = TRY(Database::open(path, options.access));
    // Before the first read: another connection may hold the file for a moment (rebuilding the WAL
    // index after a power cut, checkpointing as it closes), and the application_id check must wait
    // for it as every later statement does, not fail with "database is locked".
    if (auto set = database.set_busy_timeout(std::chrono::milliseconds(options.busy_timeout_ms)); !set) {
        return fail(where, set.error().what);
    }
    TRY(check_header(database, where));
    TRY(check_application_id(database, where));
    TRY(configure(database, options, where));
    if (options.integrity == IntegrityCheck::quick) TRY(check_integrity(database, where));
    if (options.access == OpenAccess::read_write_create) {
        const int migrated = TRY(migrate(database));
        if (migrated != latest_schema_version()) {
            // A schema change is an event an auditor wants to see. Written after the migration's own
            // transaction (the audit table may be one of the things it created).
            AuditLog audit(database);
            const std::string detail =
                "from=" + std::to_string(migrated) + " to=" + std::to_string(latest_schema_version());
            TRY(audit.append("kiosk.store", "schema.migrate", detail, static_cast<std::int64_t>(std::time(nullptr))));
        }
    } else {
        const std::int64_t version = TRY(database.query_int("PRAGMA user_version", where));
        if (version != latest_schema_version()) {
            return fail(where, "schema version " + std::to_string(version) + " but this program needs " +
                                   std::to_string(latest_schema_version()) + " (open it read-write once to migrate)");
        }
    }
    return database;
}

}  // namespace kiosk::store
