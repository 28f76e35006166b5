#include "kiosk/store/schema.hpp"

#include "kiosk/store/lock_book_v2_text.hpp"
#include "kiosk/store/records_checks_v7.hpp"

#include <array>
#include <string>

namespace kiosk::store {
namespace {

// Version 1. The CHECK lists spell out the wire codes of kiosk/core/card_status.hpp literally: a shipped
// migration must not change when the code does (tests/kiosk/store checks that both agree).
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE records (
    nik                TEXT PRIMARY KEY NOT NULL
                       CHECK (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*'),
    name               TEXT NOT NULL CHECK (length(name) > 0),
    status             TEXT NOT NULL CHECK (status IN ('BIO_CAPTURED', 'SENT_FOR_ENROLLMENT',
                           'ENROLL_FAILURE', 'DUPLICATE_RECORD', 'PRINT_READY_RECORD', 'PRINTED',
                           'IN_KIOSK', 'PICKED_UP', 'RETURNED', 'CAPTURED', 'REPRINT_REJECTED')),
    status_time        INTEGER NOT NULL,                 -- unix seconds
    queue_position     INTEGER CHECK (queue_position IS NULL OR queue_position > 0),
    office_blank_stock INTEGER CHECK (office_blank_stock IS NULL OR office_blank_stock >= 0),
    priority           TEXT NOT NULL DEFAULT 'FIRST_CARD'
                       CHECK (priority IN ('FIRST_CARD', 'URGENT_NEED', 'REPLACEMENT')),
    card_serial        TEXT,
    slot               INTEGER CHECK (slot IS NULL OR slot > 0)
) WITHOUT ROWID;

CREATE TABLE templates (
    nik    TEXT NOT NULL REFERENCES records(nik) ON DELETE CASCADE,
    finger INTEGER NOT NULL CHECK (finger IN (1, 2)),
    data   BLOB NOT NULL CHECK (typeof(data) = 'blob' AND length(data) = 512),
    PRIMARY KEY (nik, finger)
) WITHOUT ROWID;

CREATE TABLE dispenser_slots (
    slot        INTEGER PRIMARY KEY CHECK (slot > 0),
    card_serial TEXT,
    nik         TEXT REFERENCES records(nik),
    state       TEXT NOT NULL CHECK (state IN ('EMPTY', 'LOADED', 'FAULT')),
    loaded_at   INTEGER,                                  -- unix seconds
    CHECK ((state = 'LOADED') = (nik IS NOT NULL))
);

CREATE TABLE staff (
    staff_id    TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    card_serial TEXT UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('OPERATOR', 'TECHNICIAN', 'SUPERVISOR')),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at INTEGER NOT NULL,                          -- unix seconds
    attempts   INTEGER NOT NULL DEFAULT 0,
    sent_at    INTEGER                                    -- unix seconds; NULL while pending
);
CREATE INDEX outbox_pending ON outbox(id) WHERE sent_at IS NULL;

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,                           -- unix seconds
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
    hash      BLOB NOT NULL CHECK (length(hash) = 32)
);
-- Defence in depth only: anyone with the file can drop these. audit verify is the real check.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
)sql";

// Version 2: the pickup journal (kiosk/store/pickup_journal.hpp). The partial unique index makes "one
// open pickup per slot" a property of the file, not only of the code that writes it.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE pickup_journal (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    nik                  TEXT NOT NULL REFERENCES records(nik),
    slot                 INTEGER NOT NULL CHECK (slot > 0),
    card_serial          TEXT,
    state                TEXT NOT NULL CHECK (state IN ('intent', 'fetched', 'chip_verified', 'presenting',
                             'done', 'captured', 'aborted', 'reconciled_aborted', 'reconciled_taken',
                             'reconciled_captured', 'reconciled_operator_check')),
    reason               TEXT,
    bin_counter_at_begin INTEGER,                         -- the dispenser's capture-bin counter; NULL if unread
    created_at           INTEGER NOT NULL,                -- unix seconds
    updated_at           INTEGER NOT NULL                 -- unix seconds
);
CREATE UNIQUE INDEX pickup_journal_one_open_per_slot ON pickup_journal(slot)
    WHERE state IN ('intent', 'fetched', 'chip_verified', 'presenting');
)sql";

// Version 3: the NIK lock book (kiosk/store/nik_locks.hpp) in tables of its own; until now it was a
// text value in settings, which move_lock_book_v2_to_tables carries over and deletes. No foreign key
// to records: the book counts failures for any well-formed NIK, known or not (no enumeration oracle).
// nik_locks keeps its rowid: the order entries were saved in.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE nik_locks (
    nik             TEXT PRIMARY KEY NOT NULL CHECK (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*'),
    locked_until_ms INTEGER                              -- unix milliseconds; NULL: not locked
);
CREATE TABLE nik_lock_failures (
    nik      TEXT NOT NULL REFERENCES nik_locks(nik) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),     -- 0 is the oldest failure
    at_ms    INTEGER NOT NULL,                           -- unix milliseconds
    PRIMARY KEY (nik, position)
) WITHOUT ROWID;
)sql";

// Version 4: bearer tokens for the management server's operators and monitors (kiosk/store/tokens.hpp).
// Only a token's SHA-256 is kept: the file gives away no secret. The name rule keeps names safe to
// print in a terminal and to write into an audit row. Revoked and expired rows stay, so the audit log's
// token names keep pointing at something.
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE
               CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^A-Za-z0-9._-]*'),
    role       TEXT NOT NULL CHECK (role IN ('operator', 'monitor')),
    hash       BLOB NOT NULL UNIQUE CHECK (typeof(hash) = 'blob' AND length(hash) = 32),
    created_at INTEGER NOT NULL,                          -- unix seconds
    expires_at INTEGER,                                   -- unix seconds; NULL: never
    revoked_at INTEGER                                    -- unix seconds; NULL: active
);
)sql";

// Version 5: the outbox becomes the central system's event feed (kiosk/store/outbox.hpp). Each event
// gets an id of its own (32 lower-case hex digits, 128 random bits drawn by SQLite when the row is
// inserted) beside its cursor (the AUTOINCREMENT rowid, so a cursor is never handed out twice, even
// after the events before it were purged), and acked_at replaces the old sender's sent_at and
// attempts (the central system pulls; the kiosk no longer sends). The table is rebuilt (SQLite cannot
// add a NOT NULL UNIQUE column in place): rows move over with their cursors, an event already sent
// counts as acknowledged at its sent_at, and the sequence moves with them, so no cursor handed out
// before the migration comes back after it.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE outbox_v5 (
    cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16))))
               CHECK (length(event_id) = 32 AND event_id NOT GLOB '*[^0-9a-f]*'),
    kind       TEXT NOT NULL CHECK (length(kind) > 0),
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at INTEGER NOT NULL,                          -- unix seconds
    acked_at   INTEGER                                    -- unix seconds; NULL until the central system acks
);
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_v5', seq FROM sqlite_sequence WHERE name = 'outbox';
INSERT INTO outbox_v5 (cursor, kind, payload, created_at, acked_at)
    SELECT id, kind, payload, created_at, sent_at FROM outbox ORDER BY id;
DROP TABLE outbox;
ALTER TABLE outbox_v5 RENAME TO outbox;
CREATE INDEX outbox_unacknowledged ON outbox(cursor) WHERE acked_at IS NULL;
CREATE INDEX outbox_acknowledged ON outbox(acked_at) WHERE acked_at IS NOT NULL;
)sql";

// Version 6: configuration overrides (kiosk/store/config_overrides.hpp): the keys an operator changed while the
// kiosk ran (PATCH /api/v1/config), applied over kiosk.toml at every start. Each value is one JSON
// value; the application checks it with the file's own rules, the file only that it is JSON.
constexpr std::string_view kSchemaConfigOverrides = R"sql(
CREATE TABLE config_overrides (
    key        TEXT PRIMARY KEY NOT NULL CHECK (key GLOB '[a-z]*.[a-z]*' AND key NOT GLOB '*[^a-z0-9_.]*'),
    value      TEXT NOT NULL CHECK (json_valid(value)),
    changed_at INTEGER NOT NULL,                          -- unix seconds
    changed_by TEXT NOT NULL                              -- the audit log's actor for the change
) WITHOUT ROWID;
)sql";

// Version 8: staff mode (issue 11).
//   - pickup_journal.purpose: a card leaving the machine to staff (take-back of an uncollected card,
//     'return') is journaled as a pickup is, and closes as RETURNED instead of PICKED_UP; staff_id
//     names who took it back (set exactly for returns). resolution, resolved_by and resolved_at
//     record how staff settled an operator check, so a settled check never comes back.
//   - load_journal (kiosk/store/load_journal.hpp): a card entering the machine (restock). The partial
//     unique indexes make "one open load per slot" and "one open load per card" properties of the file.
//   - capture_bin (kiosk/store/capture_bin.hpp): the cards captured since the bin was last emptied; an
//     emptied row keeps its serial, reason and times but no longer the NIK (the card left the machine).
//   - records_card_serial: the load's duplicate-serial check by index.
constexpr std::string_view kSchemaStaffMode = R"sql(
ALTER TABLE pickup_journal ADD COLUMN purpose TEXT NOT NULL DEFAULT 'pickup' CHECK (purpose IN ('pickup', 'return'));
ALTER TABLE pickup_journal ADD COLUMN staff_id TEXT REFERENCES staff(staff_id)
    CHECK ((staff_id IS NOT NULL) = (purpose = 'return'));
ALTER TABLE pickup_journal ADD COLUMN resolution TEXT CHECK (resolution IN ('taken', 'in_bin', 'in_slot'));
ALTER TABLE pickup_journal ADD COLUMN resolved_by TEXT REFERENCES staff(staff_id)
    CHECK ((resolved_by IS NULL) = (resolution IS NULL));
ALTER TABLE pickup_journal ADD COLUMN resolved_at INTEGER  -- unix seconds
    CHECK ((resolved_at IS NULL) = (resolution IS NULL));

CREATE TABLE load_journal (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    nik         TEXT NOT NULL REFERENCES records(nik),
    card_serial TEXT NOT NULL CHECK (length(card_serial) > 0),
    slot        INTEGER NOT NULL CHECK (slot > 0),
    staff_id    TEXT NOT NULL REFERENCES staff(staff_id),
    state       TEXT NOT NULL CHECK (state IN ('intent', 'stored', 'done', 'aborted', 'operator_check',
                    'reconciled_completed', 'reconciled_aborted', 'reconciled_operator_check')),
    reason      TEXT,
    resolution  TEXT CHECK (resolution IN ('taken', 'in_bin', 'in_slot')),
    resolved_by TEXT REFERENCES staff(staff_id) CHECK ((resolved_by IS NULL) = (resolution IS NULL)),
    resolved_at INTEGER CHECK ((resolved_at IS NULL) = (resolution IS NULL)),  -- unix seconds
    created_at  INTEGER NOT NULL,                          -- unix seconds
    updated_at  INTEGER NOT NULL                           -- unix seconds
);
CREATE UNIQUE INDEX load_journal_one_open_per_slot ON load_journal(slot) WHERE state IN ('intent', 'stored');
CREATE UNIQUE INDEX load_journal_one_open_per_card ON load_journal(card_serial) WHERE state IN ('intent', 'stored');

CREATE TABLE capture_bin (
    id          INTEGER PRIMARY KEY,
    card_serial TEXT,                                      -- NULL: the chip was never read
    nik         TEXT CHECK (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*'),  -- NULL: unknown, or emptied
    reason      TEXT NOT NULL CHECK (length(reason) > 0),  -- a code: not_taken, forged, ...
    captured_at INTEGER NOT NULL,                          -- unix seconds
    emptied_at  INTEGER,                                   -- unix seconds; NULL while in the bin
    CHECK (emptied_at IS NULL OR nik IS NULL)
);
CREATE INDEX capture_bin_in_bin ON capture_bin(id) WHERE emptied_at IS NULL;

-- A load refuses a card whose serial another record carries: found by this index, not by a scan of
-- every record. Partial: most records (not yet printed) have no serial and cost it nothing.
CREATE INDEX records_card_serial ON records(card_serial) WHERE card_serial IS NOT NULL;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "records, templates, dispenser slots, staff, settings, outbox, audit", kSchemaV1},
    Migration{2, "pickup journal", kSchemaV2},
    Migration{3, "NIK lock book tables, carried over from settings", kSchemaV3, move_lock_book_v2_to_tables},
    Migration{4, "API tokens for the management server, stored as hashes", kSchemaV4},
    Migration{5, "outbox as the central system's event feed: event ids, acknowledgements", kSchemaV5},
    Migration{6, "configuration overrides set over the management interface", kSchemaConfigOverrides},
    Migration{7, "records' status and priority CHECKs as CASE expressions (records_checks_v7.hpp)", "",
              rewrite_records_checks_v7},
    Migration{8, "staff mode: take-back in the pickup journal, load journal, capture bin list", kSchemaStaffMode},
};

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latest_schema_version() {
    return kMigrations.back().version;
}

Result<int> migrate(Database& database) {
    return migrate(database, kMigrations);
}

Result<int> migrate(Database& database, std::span<const Migration> steps) {
    constexpr std::string_view where = "store.migrate";
    const int latest = steps.empty() ? 0 : steps.back().version;
    const int found_version = static_cast<int>(TRY(database.query_int("PRAGMA user_version", where)));
    if (found_version > latest) {
        return fail("store.open " + database.path(),
                    "schema version " + std::to_string(found_version) + " is newer than this program knows (" +
                        std::to_string(latest) + "); refusing to touch it, update the kiosk software");
    }
    if (found_version < 0) return fail(std::string(where), "negative schema version " + std::to_string(found_version));
    for (const Migration& migration : steps) {
        if (migration.version <= found_version) continue;
        auto transaction = TRY(Transaction::begin(database, TransactionKind::immediate, where));
        // Re-read inside the write lock: another connection may have migrated meanwhile.
        if (TRY(database.query_int("PRAGMA user_version", where)) >= migration.version) continue;
        const std::string step = std::string(where) + " to version " + std::to_string(migration.version);
        TRY(database.exec(migration.sql, step));
        if (migration.data_step != nullptr) TRY(migration.data_step(database));
        const std::string pragmas = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                    "; PRAGMA user_version = " + std::to_string(migration.version) + ";";
        TRY(database.exec(pragmas, step));
        TRY(transaction.commit());
    }
    return found_version;
}

}  // namespace kiosk::store
