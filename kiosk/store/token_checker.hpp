// Tokens::authenticate for a caller that checks the same few tokens many times a second (the
// management server: a Prometheus scrape, the console's refreshes, a fleet's dashboards).
//
// An answer is kept while the database is unchanged, so a token revoked or created by kioskctl or
// another thread is seen by the very next check; a kept token's expiry is compared with now_s at
// each check (it expires at its second, as Tokens says). Only active tokens are kept, keyed by their
// secret's SHA-256; an unknown secret is looked up every time, so guessing costs what it did.
// bench/mgmt_status_bench.sh: the lookup was 13 % of a status request's CPU time.
//
// "Unchanged" is asked of the wal-index header first (Database::commit_stamp: a read of shared
// memory that moves with every commit, in any process), and of PRAGMA data_version only when the
// stamp moved or cannot be read. The pragma opens and ends a read transaction, two fcntl locks on
// the -shm file: 10 % of a status request's CPU time on its own (perf, bench/mgmt_status_bench.sh).
//
// The connection must not write (data_version ignores its own commits). Thread safety: borrows a
// Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/sqlite.hpp"
#include "kiosk/store/tokens.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::store {

class TokenChecker {
public:
    explicit TokenChecker(Database& database) : database_(&database) {}

    // As Tokens::authenticate.
    Result<std::optional<TokenInfo>> authenticate(std::string_view secret, std::int64_t now_s);

    // Lookups that went to the api_tokens table, and reads of PRAGMA data_version, for tests.
    [[nodiscard]] std::int64_t lookups() const { return lookups_; }
    [[nodiscard]] std::int64_t data_version_reads() const { return data_version_reads_; }

private:
    Database* database_;
    std::optional<std::int64_t> data_version_;  // of the kept answers
    // Taken before data_version_ was last read: while the connection's stamp still equals it, no
    // commit has been made since, and data_version_ still holds.
    std::optional<Database::CommitStamp> stamp_;
    std::vector<std::pair<Sha256Digest, TokenInfo>> active_;
    std::int64_t lookups_ = 0;
    std::int64_t data_version_reads_ = 0;
};

}  // namespace kiosk::store
