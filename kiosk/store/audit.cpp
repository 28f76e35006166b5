#include "kiosk/store/audit.hpp"

#include <algorithm>
#include <string_view>

namespace kiosk::store {
namespace {

constexpr std::string_view kDomainTag = "ktp-kiosk audit v1";

void put_u64(std::vector<std::uint8_t>& out, std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

void put_text(std::vector<std::uint8_t>& out, const std::string& text) {
    const auto size = static_cast<std::uint32_t>(text.size());
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(size >> shift));
    out.insert(out.end(), text.begin(), text.end());
}

bool equal_digest(const std::vector<std::uint8_t>& stored, const Sha256Digest& digest) {
    return stored.size() == digest.size() && std::equal(stored.begin(), stored.end(), digest.begin());
}

}  // namespace

std::vector<std::uint8_t> audit_canonical_bytes(const AuditEntry& entry) {
    std::vector<std::uint8_t> out(kDomainTag.begin(), kDomainTag.end());
    out.push_back(0);
    put_u64(out, static_cast<std::uint64_t>(entry.id));
    put_u64(out, static_cast<std::uint64_t>(entry.at_s));
    put_text(out, entry.actor);
    put_text(out, entry.action);
    put_text(out, entry.detail);
    return out;
}

Sha256Digest audit_hash(const Sha256Digest& prev_hash, const AuditEntry& entry) {
    std::vector<std::uint8_t> bytes(prev_hash.begin(), prev_hash.end());
    const auto content = audit_canonical_bytes(entry);
    bytes.insert(bytes.end(), content.begin(), content.end());
    return sha256(bytes);
}

Result<std::int64_t> AuditLog::append(const std::string& actor, const std::string& action, const std::string& detail,
                                      std::int64_t at_s) {
    AuditEntry entry{0, at_s, actor, action, detail};
    if (database_->in_transaction()) return append_in_transaction(entry);
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, "store.audit.append"));
    const std::int64_t id = TRY(append_in_transaction(entry));
    TRY(transaction.commit());
    return id;
}

Result<std::int64_t> AuditLog::append_in_transaction(const AuditEntry& entry) {
    constexpr const char* where = "store.audit.append";
    const AuditHead prev = TRY(head());
    AuditEntry row = entry;
    row.id = prev.id + 1;
    const Sha256Digest& prev_hash = prev.hash;
    const Sha256Digest hash = audit_hash(prev_hash, row);
    auto insert = TRY(database_->cached(
        "INSERT INTO audit (id, at, actor, action, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        where));
    TRY(insert->bind_all(row.id, row.at_s, row.actor, row.action, row.detail, std::span<const std::uint8_t>(prev_hash),
                         std::span<const std::uint8_t>(hash)));
    TRY(insert->run());
    return row.id;
}

Result<AuditHead> AuditLog::head() {
    constexpr const char* where = "store.audit.head";
    auto newest = TRY(database_->cached("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", where));
    AuditHead found;
    if (!TRY(newest->step())) return found;
    found.id = newest->column_int(0);
    const auto stored = newest->column_blob(1);
    if (stored.size() != found.hash.size()) return fail(where, "the newest audit row has a malformed hash");
    std::copy(stored.begin(), stored.end(), found.hash.begin());
    return found;
}

Result<AuditVerdict> AuditLog::verify() {
    return verify_after(AuditCheckpoint{});
}

Result<AuditVerdict> AuditLog::verify_after(const AuditCheckpoint& from) {
    // Fresh statements inside a read transaction: one consistent snapshot of the whole chain.
    constexpr const char* where = "store.audit.verify";
    constexpr std::string_view kColumns =
        "SELECT id, at, actor, action, detail, prev_hash, hash, typeof(actor) = 'text' AND typeof(action) = 'text' "
        "AND typeof(detail) = 'text' FROM audit ";
    const auto entry_of = [](const Statement& row) {
        return AuditEntry{row.column_int(0), row.column_int(1), row.column_text(2), row.column_text(3),
                          row.column_text(4)};
    };
    // The row's text fields are text and its hash is that of its content after `prev_hash`.
    const auto content_matches = [&](const Statement& row, const Sha256Digest& prev_hash) {
        return row.column_int(7) != 0 && equal_digest(row.column_blob(6), audit_hash(prev_hash, entry_of(row)));
    };
    std::optional<Transaction> snapshot;
    if (!database_->in_transaction()) {
        snapshot.emplace(TRY(Transaction::begin(*database_, TransactionKind::deferred, where)));
    }
    // The checkpoint's row must still be there as it was verified: the same hash, still its content's.
    AuditCheckpoint start = from;
    if (start.id > 0) {
        auto checkpoint = TRY(database_->prepare(std::string(kColumns) + "WHERE id = ?1", where));
        TRY(checkpoint.bind(1, start.id));
        bool unchanged = TRY(checkpoint.step()) && equal_digest(checkpoint.column_blob(6), start.hash);
        if (unchanged) {
            Sha256Digest prev_hash{};
            const auto stored_prev = checkpoint.column_blob(5);
            unchanged = stored_prev.size() == prev_hash.size();
            if (unchanged) std::copy(stored_prev.begin(), stored_prev.end(), prev_hash.begin());
            unchanged = unchanged && content_matches(checkpoint, prev_hash);
        }
        if (!unchanged) start = AuditCheckpoint{};
    }
    auto statement = TRY(database_->prepare(std::string(kColumns) + "WHERE id > ?1 ORDER BY id", where));
    TRY(statement.bind(1, start.id));
    AuditVerdict verdict;
    verdict.rows = start.id;  // the checkpoint's row and those before it, as verified then
    verdict.intact_through = start;
    Sha256Digest expected_prev = start.hash;
    std::int64_t prev_id = start.id;
    while (TRY(statement.step())) {
        ++verdict.rows;
        if (verdict.first_break) continue;  // keep counting rows
        const std::int64_t id = statement.column_int(0);
        if (id != prev_id + 1) {
            verdict.first_break = AuditBreak{
                id, prev_id == 0 ? "the log does not start at row 1"
                                 : "rows missing before it (the previous row is " + std::to_string(prev_id) + ")"};
        } else if (!equal_digest(statement.column_blob(5), expected_prev)) {
            verdict.first_break = AuditBreak{id, "its prev_hash does not match the hash of the row before it"};
        } else if (!content_matches(statement, expected_prev)) {
            verdict.first_break = AuditBreak{id, "hash does not match its content"};
        } else {
            const auto hash = statement.column_blob(6);
            std::copy(hash.begin(), hash.end(), expected_prev.begin());
            verdict.intact_through = AuditCheckpoint{id, expected_prev};
        }
        prev_id = id;
    }
    return verdict;
}

}  // namespace kiosk::store
