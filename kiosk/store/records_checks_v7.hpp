// Schema version 7: the records table's CHECKs on status and priority written as CASE expressions.
//
// SQLite evaluates `x IN (a, b, c, ...)` with more than two constants by building a temporary b-tree
// of the constants, and in a CHECK constraint it builds it again for every row written: over a third
// of an import's time went to making and clearing those trees (bench/mgmt_import_bench.sh, perf).
// `CASE x WHEN a THEN 1 WHEN b THEN 1 ... ELSE 0 END = 1` allows exactly the same values (NULL
// included: NOT NULL refuses it first) with plain comparisons.
//
// The table's definition is changed in place (PRAGMA writable_schema, SQLite's documented procedure
// for changes that leave the stored rows as they are, such as CHECK constraints): the rows already
// stored satisfy the new CHECKs because they are the old ones, and the table keeps its rows, its
// foreign keys from templates and dispenser_slots, and its size (no copy of a million records). The
// step refuses a records table whose definition is not version 1's, rather than guess.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

namespace kiosk::store {

// The data step of migration 7, inside its transaction.
Status rewrite_records_checks_v7(Database& database);

}  // namespace kiosk::store
