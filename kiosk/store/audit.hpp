// The audit log: append-only and hash-chained.
//
// Row n stores prev_hash = hash of row n-1 (32 zero bytes for the first row) and
//   hash = SHA-256(prev_hash || canonical(row n))
// where canonical() is audit_canonical_bytes below: a domain tag, the id and time as 8-byte big-endian
// integers, and actor, action, detail each as a 4-byte big-endian length and its UTF-8 bytes. Editing
// a row breaks its own hash; deleting or reordering rows breaks the next row's prev_hash; both are
// found by verify(), which reads the file itself and so also catches edits made with the triggers
// dropped or with a hex editor. Truncating the newest rows is invisible to the chain alone: the head
// (last id and hash, head() below) must also be sent off the machine for that; every page of the
// central system's event feed carries it (kiosk/app/event_feed.hpp).
//
// Audit rows never hold personal data: actors are staff ids or tool names, details are counts and codes.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp). Appends from several
// connections are safe: each append reads the head and writes the new row under the write lock.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::store {

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at_s = 0;  // unix seconds
    std::string actor;
    std::string action;
    std::string detail;
};

struct AuditBreak {
    std::int64_t row_id = 0;
    std::string reason;  // "hash does not match its content", ...
};

// The newest row's id and hash. An empty log's head is id 0 with 32 zero bytes, the prev_hash its
// first row will carry, so a head is always defined and a log that shrank to nothing still shows.
struct AuditHead {
    std::int64_t id = 0;
    Sha256Digest hash{};
    friend bool operator==(const AuditHead&, const AuditHead&) = default;
};

// A row a verification found intact, and its hash: verifying again from it reads only the rows
// after it. id 0 (and the zero hash) is the start of the log. The same facts as a head: a row's id
// and its hash.
using AuditCheckpoint = AuditHead;

struct AuditVerdict {
    std::int64_t rows = 0;                  // in the chain: up to the checkpoint (as verified then) and after it
    std::optional<AuditBreak> first_break;  // nullopt: the chain is intact
    AuditCheckpoint intact_through;         // the last row before the first break, or the last row
};

[[nodiscard]] std::vector<std::uint8_t> audit_canonical_bytes(const AuditEntry& entry);
[[nodiscard]] Sha256Digest audit_hash(const Sha256Digest& prev_hash, const AuditEntry& entry);

class AuditLog {
public:
    explicit AuditLog(Database& database) : database_(&database) {}

    // Appends a row and returns its id. Joins the caller's transaction if one is open (so the row
    // commits or rolls back with the change it records), otherwise runs in its own.
    Result<std::int64_t> append(const std::string& actor, const std::string& action, const std::string& detail,
                                std::int64_t at_s);
    // The newest row's id and hash, as stored (verify() says whether the chain up to it holds).
    // Inside the caller's transaction, if one is open, so it agrees with what else that reads.
    Result<AuditHead> head();
    // Walks the whole chain in id order. Errors only when the database cannot be read.
    Result<AuditVerdict> verify();
    // Walks the rows after `from` (a checkpoint an earlier verdict gave): O(new rows) instead of
    // O(all rows). The checkpoint's row must still hold the hash it had, and that hash must still be
    // its content's, or this walks the whole chain as verify() does. It does not re-read the rows before the
    // checkpoint, so an edit there that leaves the checkpoint's row alone is found only by verify().
    Result<AuditVerdict> verify_after(const AuditCheckpoint& from);

private:
    Result<std::int64_t> append_in_transaction(const AuditEntry& entry);
    Database* database_;
};

}  // namespace kiosk::store
