// The NIK lock book's rows (kiosk/core/session/nik_lock_book.hpp): the NIKs with recent fingerprint
// mismatches or a running lock, kept across restarts in the tables nik_locks and nik_lock_failures
// (schema version 3). Times are stored as unix milliseconds, the book's own Instant.
//
// Personal data: the rows hold NIKs, as the records table does; error messages never name one.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/core/session/nik_lock_book.hpp"
#include "kiosk/store/sqlite.hpp"

#include <vector>

namespace kiosk::store {

class NikLocks {
public:
    using Entry = core::session::NikLockBook::Entry;

    explicit NikLocks(Database& database) : database_(&database) {}

    // Every entry, in the order replace() was given them; each entry's failures oldest first as saved.
    Result<std::vector<Entry>> load();

    // Makes the stored book exactly `entries`, all or nothing: inside the caller's transaction when
    // one is open (migration 3 uses that), else in its own IMMEDIATE one. A NIK given twice keeps its
    // later entry, as NikLockBook::restore() does. Fails (writing nothing) on a NIK that is not 16
    // digits. Cost: one delete and a row per entry and per failure, so about a millisecond per few
    // hundred entries besides the commit.
    Status replace(const std::vector<Entry>& entries);

private:
    Status replace_in_transaction(const std::vector<Entry>& entries);

    Database* database_;
};

}  // namespace kiosk::store
