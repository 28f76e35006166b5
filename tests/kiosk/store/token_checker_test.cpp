// TokenChecker (kiosk/store/token_checker.hpp) on a real SQLite file, with the tokens written through
// a second connection as kioskctl writes them: kept answers are given without a lookup, and a change
// committed elsewhere (a revocation, a new token) or the passing of an expiry is seen by the very next
// check.
#include "kiosk/store/token_checker.hpp"

#include "kiosk/store/store.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk::store;
using kiosk::testing::require_ok;
using kiosk::testing::TempDir;

namespace {

constexpr std::int64_t kNow = 1'760'000'000;

// A writer (kioskctl's connection) and the checker's own read-only use of another connection.
struct TwoConnections {
    TempDir dir;
    Database writer = require_ok(open_store(dir.file("kiosk.db"), {}));
    Database reader = require_ok(open_store(dir.file("kiosk.db"), {}));
};

}  // namespace

TEST_CASE("a token checked again while nothing changed is answered without a lookup") {
    TwoConnections db;
    const auto issued = require_ok(Tokens(db.writer).create("ops", TokenRole::operator_, std::nullopt, kNow));
    TokenChecker checker(db.reader);

    const auto first = require_ok(checker.authenticate(issued.secret, kNow));
    REQUIRE(first.has_value());
    CHECK(first->name == "ops");
    CHECK(first->role == TokenRole::operator_);
    for (int i = 0; i < 5; ++i) CHECK(require_ok(checker.authenticate(issued.secret, kNow + i)) == first);
    CHECK(checker.lookups() == 1);
    // Nor a read transaction after the first check's: the wal-index stamp said nothing was committed.
    CHECK(checker.data_version_reads() == 1);
}

TEST_CASE("reads elsewhere leave a kept token kept, with no read transaction") {
    TwoConnections db;
    const auto issued = require_ok(Tokens(db.writer).create("ops", TokenRole::operator_, std::nullopt, kNow));
    TokenChecker checker(db.reader);
    REQUIRE(require_ok(checker.authenticate(issued.secret, kNow)).has_value());
    REQUIRE(require_ok(checker.authenticate(issued.secret, kNow)).has_value());
    const auto reads = checker.data_version_reads();
    for (int i = 0; i < 3; ++i) {
        REQUIRE(require_ok(Tokens(db.writer).list()).size() == 1);
        CHECK(require_ok(checker.authenticate(issued.secret, kNow)).has_value());
    }
    CHECK(checker.data_version_reads() == reads);
    CHECK(checker.lookups() == 1);
}

TEST_CASE("a revocation committed by another connection refuses the token at the next check") {
    TwoConnections db;
    const auto issued = require_ok(Tokens(db.writer).create("ops", TokenRole::operator_, std::nullopt, kNow));
    TokenChecker checker(db.reader);
    REQUIRE(require_ok(checker.authenticate(issued.secret, kNow)).has_value());

    REQUIRE(require_ok(Tokens(db.writer).revoke("ops", kNow + 1)));
    CHECK_FALSE(require_ok(checker.authenticate(issued.secret, kNow + 2)).has_value());
}

TEST_CASE("a revocation is seen at the next check however long the token was kept") {
    TwoConnections db;
    const auto issued = require_ok(Tokens(db.writer).create("ops", TokenRole::operator_, std::nullopt, kNow));
    TokenChecker checker(db.reader);
    for (int i = 0; i < 10; ++i) REQUIRE(require_ok(checker.authenticate(issued.secret, kNow)).has_value());

    REQUIRE(require_ok(Tokens(db.writer).revoke("ops", kNow + 1)));
    CHECK_FALSE(require_ok(checker.authenticate(issued.secret, kNow + 2)).has_value());
    CHECK_FALSE(require_ok(checker.authenticate(issued.secret, kNow + 2)).has_value());
}

TEST_CASE("any commit elsewhere sends the next check to the table, which still finds a live token") {
    TwoConnections db;
    Tokens writer(db.writer);
    const auto ops = require_ok(writer.create("ops", TokenRole::operator_, std::nullopt, kNow));
    TokenChecker checker(db.reader);
    REQUIRE(require_ok(checker.authenticate(ops.secret, kNow)).has_value());
    const auto grafana = require_ok(writer.create("grafana", TokenRole::monitor, std::nullopt, kNow));

    CHECK(require_ok(checker.authenticate(ops.secret, kNow)).has_value());
    CHECK(checker.lookups() == 2);
    const auto monitor = require_ok(checker.authenticate(grafana.secret, kNow));
    REQUIRE(monitor.has_value());
    CHECK(monitor->role == TokenRole::monitor);
}

TEST_CASE("a kept token expires at its second, with no change in the database") {
    TwoConnections db;
    const auto issued = require_ok(Tokens(db.writer).create("temp", TokenRole::monitor, kNow + 60, kNow));
    TokenChecker checker(db.reader);
    CHECK(require_ok(checker.authenticate(issued.secret, kNow + 59)).has_value());
    CHECK_FALSE(require_ok(checker.authenticate(issued.secret, kNow + 60)).has_value());
}

TEST_CASE("an unknown secret is looked up every time and never kept") {
    TwoConnections db;
    (void)require_ok(Tokens(db.writer).create("ops", TokenRole::operator_, std::nullopt, kNow));
    TokenChecker checker(db.reader);
    for (int i = 0; i < 3; ++i)
        CHECK_FALSE(require_ok(checker.authenticate("ktk_not-a-token-of-this-kiosk", kNow)).has_value());
    CHECK(checker.lookups() == 3);
}
