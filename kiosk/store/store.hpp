// Opening the kiosk's database: recognise the file, set the connection up, check it, migrate it.
//
//   auto db = kiosk::store::open_store("/var/lib/ktp-kiosk/kiosk.db", {});
//
// Every failure is an Error an operator can act on, never a crash:
//   "store.open /p: not a SQLite database (the file does not start with the SQLite header)"
//   "store.open /p: not a kiosk database (application_id 0x00000000, expected 0x4b54504b)"
//   "store.open /p: database is corrupt: integrity check failed (...)"
//   "store.open /p: schema version 7 is newer than this program knows (1); ..."
// A missing or 0-byte file is a new database and gets the schema.
//
// Connection settings: WAL (readers never block the writer), foreign_keys=ON, busy_timeout, and
// synchronous=FULL on every connection. FULL makes each commit durable across a power cut, which a
// card leaving the machine needs; bench/store_bench measures what it costs elsewhere (commits are
// batched where volume matters, so it is small) and one setting for everything leaves no path to get
// wrong.
//
// Thread safety: as Database (sqlite.hpp): one connection per thread; call open_store once per thread.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <string>

namespace kiosk::store {

enum class IntegrityCheck {
    quick,  // PRAGMA quick_check: every page and b-tree is read; O(size of the file)
    none,   // for short-lived tools on a database the kiosk already checked at its start
};

struct OpenOptions {
    OpenAccess access = OpenAccess::read_write_create;
    IntegrityCheck integrity = IntegrityCheck::quick;
    int busy_timeout_ms = 5000;
    // SQLite's page cache for this connection. The kiosk's memory budget wants it small; bulk loads
    // (seed, import of a whole region) run several times faster with a cache that holds the indexes.
    int cache_size_kib = 8 * 1024;
};

Result<Database> open_store(const std::string& path, const OpenOptions& options);

}  // namespace kiosk::store
