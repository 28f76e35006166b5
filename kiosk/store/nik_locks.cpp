#include "kiosk/store/nik_locks.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace kiosk::store {
namespace {

namespace session = core::session;

std::int64_t unix_ms(session::Instant at) {
    return at.time_since_epoch().count();
}

session::Instant instant_of(std::int64_t unix_ms) {
    return session::Instant(session::Millis(unix_ms));
}

}  // namespace

Result<std::vector<NikLocks::Entry>> NikLocks::load() {
    constexpr const char* where = "store.nik_locks.load";
    // One row per failure, and one with a NULL failure for an entry that has none.
    auto statement =
        TRY(database_->cached("SELECT l.nik, l.locked_until_ms, f.at_ms FROM nik_locks AS l "
                              "LEFT JOIN nik_lock_failures AS f ON f.nik = l.nik ORDER BY l.rowid, f.position",
                              where));
    std::vector<Entry> entries;
    while (TRY(statement->step())) {
        std::string nik = statement->column_text(0);
        if (entries.empty() || entries.back().nik_digits != nik) {
            Entry entry;
            entry.nik_digits = std::move(nik);
            if (const auto locked = statement->column_optional_int(1)) entry.locked_until = instant_of(*locked);
            entries.push_back(std::move(entry));
        }
        if (const auto failed = statement->column_optional_int(2))
            entries.back().failures.push_back(instant_of(*failed));
    }
    return entries;
}

Status NikLocks::replace(const std::vector<Entry>& entries) {
    if (database_->in_transaction()) return replace_in_transaction(entries);
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, "store.nik_locks.replace"));
    TRY(replace_in_transaction(entries));
    return transaction.commit();
}

Status NikLocks::replace_in_transaction(const std::vector<Entry>& entries) {
    constexpr const char* where = "store.nik_locks.replace";
    TRY(database_->exec("DELETE FROM nik_lock_failures; DELETE FROM nik_locks;", where));
    auto lock =
        TRY(database_->cached("INSERT INTO nik_locks (nik, locked_until_ms) VALUES (?1, ?2) "
                              "ON CONFLICT (nik) DO UPDATE SET locked_until_ms = excluded.locked_until_ms",
                              where));
    auto forget = TRY(database_->cached("DELETE FROM nik_lock_failures WHERE nik = ?1", where));
    auto failure =
        TRY(database_->cached("INSERT INTO nik_lock_failures (nik, position, at_ms) VALUES (?1, ?2, ?3)", where));
    for (const Entry& entry : entries) {
        const std::optional<std::int64_t> locked_until_ms =
            entry.locked_until ? std::optional<std::int64_t>(unix_ms(*entry.locked_until)) : std::nullopt;
        TRY(lock->bind_all(entry.nik_digits, locked_until_ms));
        TRY(lock->run());
        // A NIK seen before: its earlier failures go with its earlier entry.
        TRY(forget->bind(1, entry.nik_digits));
        TRY(forget->run());
        for (std::size_t position = 0; position < entry.failures.size(); ++position) {
            TRY(failure->bind_all(entry.nik_digits, static_cast<std::int64_t>(position),
                                  unix_ms(entry.failures[position])));
            TRY(failure->run());
        }
    }
    return {};
}

}  // namespace kiosk::store
