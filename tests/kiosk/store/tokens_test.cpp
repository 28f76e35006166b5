// The management server's bearer tokens (kiosk/store/tokens.hpp, schema version 4) against real
// SQLite files: issue, authenticate, revoke, expire, list; what the file holds (a hash, never the
// secret); the step from a version-3 database; and the random generator they depend on
// (kiosk/store/crypto.hpp), including its failure.
#include "kiosk/store/tokens.hpp"

#include "kiosk/store/audit.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/settings.hpp"
#include "kiosk/store/store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/require_ok.hpp"

#include <doctest/doctest.h>

// The RAND_METHOD hook is deprecated in OpenSSL 3 but still honoured by RAND_bytes: the one way for a
// test to make the generator fail without a custom provider.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/rand.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

using namespace kiosk::store;
using kiosk::testing::TempDir;
using kiosk::testing::require_ok;

namespace {

constexpr std::int64_t kNow = 1'760'000'000;

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every byte of every file in `dir` (the database, its WAL and shared-memory files), concatenated.
std::string directory_bytes(const std::filesystem::path& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) all += file_bytes(entry.path());
    return all;
}

std::int64_t count(Database& db, const std::string& sql) {
    return require_ok(db.query_int(sql, "test.count"));
}

// What a create() that must fail says; a create that succeeds fails the test.
std::string refusal(const kiosk::Result<IssuedToken>& created) {
    REQUIRE_FALSE(created.ok());
    return created.error().what;
}

// RAND_bytes fails while one of these is alive, as it does when the system has no entropy to give.
class FailingRandom {
public:
    FailingRandom() : previous_(RAND_get_rand_method()) { REQUIRE(RAND_set_rand_method(&kFailing) == 1); }
    FailingRandom(const FailingRandom&) = delete;
    FailingRandom& operator=(const FailingRandom&) = delete;
    ~FailingRandom() { RAND_set_rand_method(previous_); }

private:
    static int fail_bytes(unsigned char*, int) { return 0; }
    static int status() { return 0; }
    static constexpr RAND_METHOD kFailing = {nullptr, fail_bytes, nullptr, nullptr, fail_bytes, status};
    const RAND_METHOD* previous_;
};

}  // namespace

TEST_CASE("random_bytes draws the bytes asked for, differently each time, and reports a failing generator") {
    CHECK(require_ok(random_bytes(0)).empty());
    const auto first = require_ok(random_bytes(32));
    const auto second = require_ok(random_bytes(32));
    CHECK(first.size() == 32);
    CHECK(first != second);
    {
        FailingRandom failing;
        const auto refused = random_bytes(32);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().where == "store.random_bytes");
        CHECK(refused.error().what.find("the random generator failed") != std::string::npos);
    }
    CHECK(require_ok(random_bytes(16)).size() == 16);
}

TEST_CASE("a created token authenticates with its secret, and only with it") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens tokens(db);
    const auto issued = require_ok(tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow));
    CHECK(issued.info.name == "ops-laptop");
    CHECK(issued.info.role == TokenRole::operator_);
    CHECK(issued.info.created_at_s == kNow);
    CHECK_FALSE(issued.info.expires_at_s.has_value());
    CHECK_FALSE(issued.info.revoked_at_s.has_value());

    // "ktk_" and 32 bytes as unpadded base64url: 43 characters of [A-Za-z0-9_-].
    REQUIRE(issued.secret.size() == 47);
    CHECK(issued.secret.starts_with("ktk_"));
    CHECK(std::all_of(issued.secret.begin() + 4, issued.secret.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }));

    const auto found = require_ok(tokens.authenticate(issued.secret, kNow + 1));
    REQUIRE(found.has_value());
    CHECK(*found == issued.info);

    const auto monitor = require_ok(tokens.create("grafana", TokenRole::monitor, std::nullopt, kNow));
    CHECK(monitor.secret != issued.secret);
    CHECK(require_ok(tokens.authenticate(monitor.secret, kNow))->role == TokenRole::monitor);

    std::string altered = issued.secret;
    altered.back() = altered.back() == 'A' ? 'B' : 'A';
    for (const std::string& wrong : {altered, issued.secret.substr(4), issued.secret + "x", std::string(),
                                     std::string("ktk_"), issued.secret.substr(0, 46)}) {
        CHECK_FALSE(require_ok(tokens.authenticate(wrong, kNow)).has_value());
    }
}

TEST_CASE("a revoked token no longer authenticates, and revoking it again says so") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens tokens(db);
    const auto issued = require_ok(tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow));
    const auto other = require_ok(tokens.create("grafana", TokenRole::monitor, std::nullopt, kNow));
    CHECK(require_ok(tokens.revoke("ops-laptop", kNow + 10)));
    CHECK_FALSE(require_ok(tokens.authenticate(issued.secret, kNow + 10)).has_value());
    CHECK_FALSE(require_ok(tokens.authenticate(issued.secret, kNow + 5)).has_value());  // revoked is revoked
    CHECK(require_ok(tokens.authenticate(other.secret, kNow + 10)).has_value());
    CHECK_FALSE(require_ok(tokens.revoke("ops-laptop", kNow + 20)));
    CHECK_FALSE(require_ok(tokens.revoke("no-such-token", kNow + 20)));

    const auto listed = require_ok(tokens.list());
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].revoked_at_s == std::optional<std::int64_t>(kNow + 10));  // the first revoke's time stays
    CHECK_FALSE(listed[1].revoked_at_s.has_value());
}

TEST_CASE("a token expires at its expiry time: expires_at == now is expired") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens tokens(db);
    const std::int64_t expires = kNow + 86'400;
    const auto issued = require_ok(tokens.create("contractor", TokenRole::operator_, expires, kNow));
    CHECK(issued.info.expires_at_s == std::optional<std::int64_t>(expires));
    CHECK(require_ok(tokens.authenticate(issued.secret, expires - 1)).has_value());
    CHECK_FALSE(require_ok(tokens.authenticate(issued.secret, expires)).has_value());
    CHECK_FALSE(require_ok(tokens.authenticate(issued.secret, expires + 1)).has_value());
    // An expired token can still be revoked, and then stays out should the clock go back.
    CHECK(require_ok(tokens.revoke("contractor", expires)));
    CHECK_FALSE(require_ok(tokens.authenticate(issued.secret, expires - 1)).has_value());
    CHECK_FALSE(require_ok(tokens.revoke("contractor", expires + 1)));

    for (const std::int64_t not_after_now : {kNow, kNow - 1}) {
        CHECK(refusal(tokens.create("too-late", TokenRole::monitor, not_after_now, kNow)) ==
              "the expiry must be after the creation time");
    }
    CHECK(count(db, "SELECT count(*) FROM api_tokens") == 1);
}

TEST_CASE("is_active names a token that is neither revoked nor expired, by its name") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens tokens(db);
    const std::int64_t expires = kNow + 86'400;
    (void)require_ok(tokens.create("ops-laptop", TokenRole::operator_, expires, kNow));
    (void)require_ok(tokens.create("ops-desk", TokenRole::operator_, std::nullopt, kNow));
    CHECK(require_ok(tokens.is_active("ops-laptop", kNow)));
    CHECK(require_ok(tokens.is_active("ops-laptop", expires - 1)));
    CHECK_FALSE(require_ok(tokens.is_active("ops-laptop", expires)));
    CHECK(require_ok(tokens.is_active("ops-desk", expires + 1'000'000)));
    CHECK_FALSE(require_ok(tokens.is_active("nobody", kNow)));
    REQUIRE(require_ok(tokens.revoke("ops-desk", kNow + 5)));
    CHECK_FALSE(require_ok(tokens.is_active("ops-desk", kNow + 5)));
}

TEST_CASE("a name is used once, revoked or not, and must follow the name rule") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens tokens(db);
    const auto first = require_ok(tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow));
    const std::string taken = "a token with this name already exists (names are not reused, even after revoke)";
    CHECK(refusal(tokens.create("ops-laptop", TokenRole::monitor, std::nullopt, kNow)) == taken);
    REQUIRE(require_ok(tokens.revoke("ops-laptop", kNow)));
    CHECK(refusal(tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow)) == taken);
    CHECK(count(db, "SELECT count(*) FROM api_tokens") == 1);
    CHECK(require_ok(tokens.list()).front().id == first.info.id);

    CHECK(is_valid_token_name("a"));
    CHECK(is_valid_token_name("Ops_laptop-2.backup"));
    CHECK(is_valid_token_name(std::string(64, 'x')));
    for (const std::string& bad :
         {std::string(), std::string(65, 'x'), std::string("ops laptop"), std::string("ops/1"),
          std::string("caf\xc3\xa9"), std::string("a\nb"), std::string("a\0b", 3), std::string("ops;drop")}) {
        CHECK_FALSE(is_valid_token_name(bad));
        CHECK(refusal(tokens.create(bad, TokenRole::monitor, std::nullopt, kNow)) ==
              "a token name is 1 to 64 letters, digits, '-', '_' or '.'");
    }
    CHECK(count(db, "SELECT count(*) FROM api_tokens") == 1);
}

TEST_CASE("the api_tokens table itself refuses rows that break its rules") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    const std::string hash = "x'" + std::string(64, 'a') + "'";
    const auto insert = [&](const std::string& name, const std::string& role, const std::string& blob) {
        return db.exec("INSERT INTO api_tokens (name, role, hash, created_at) VALUES (" + name + ", " + role + ", " +
                           blob + ", 1)",
                       "test.insert");
    };
    CHECK(insert("'ok.name-1_'", "'monitor'", hash).ok());
    CHECK_FALSE(insert("'two'", "'monitor'", hash).ok());  // the same hash again
    const std::string other_hash = "x'" + std::string(64, 'b') + "'";
    CHECK_FALSE(insert("'bad name'", "'monitor'", other_hash).ok());
    CHECK_FALSE(insert("''", "'monitor'", other_hash).ok());
    CHECK_FALSE(insert("'" + std::string(65, 'x') + "'", "'monitor'", other_hash).ok());
    CHECK_FALSE(insert("'fine'", "'OPERATOR'", other_hash).ok());
    CHECK_FALSE(insert("'fine'", "'operator'", "x'00'").ok());
    CHECK_FALSE(insert("'fine'", "'operator'", "'" + std::string(32, 'c') + "'").ok());  // text, not a blob
    CHECK(insert("'" + std::string(64, 'x') + "'", "'operator'", other_hash).ok());
}

TEST_CASE("list shows every token's facts and no secret or hash; the file holds the hash, never the secret") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    std::vector<IssuedToken> issued;
    {
        auto db = require_ok(open_store(path, {}));
        Tokens tokens(db);
        issued.push_back(require_ok(tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow)));
        issued.push_back(require_ok(tokens.create("grafana", TokenRole::monitor, kNow + 3600, kNow + 1)));
        issued.push_back(require_ok(tokens.create("old", TokenRole::operator_, std::nullopt, kNow + 2)));
        REQUIRE(require_ok(tokens.revoke("old", kNow + 3)));
        issued.back().info.revoked_at_s = kNow + 3;

        const auto listed = require_ok(tokens.list());
        REQUIRE(listed.size() == issued.size());
        for (std::size_t i = 0; i < listed.size(); ++i) {
            CHECK(listed[i] == issued[i].info);
            for (const auto& token : issued) {
                CHECK(listed[i].name.find(token.secret.substr(4, 16)) == std::string::npos);
            }
        }
    }
    // The connection is closed: the WAL is checkpointed into the file (or, if not, still read below).
    const std::string bytes = directory_bytes(dir.path());
    for (const auto& token : issued) {
        CHECK(bytes.find(token.secret) == std::string::npos);
        CHECK(bytes.find(token.secret.substr(4)) == std::string::npos);
        CHECK(bytes.find(token.secret.substr(4, 12)) == std::string::npos);
        // What is there: the secret's SHA-256, so the search above reads the bytes the rows live in.
        const auto digest =
            sha256(std::span(reinterpret_cast<const std::uint8_t*>(token.secret.data()), token.secret.size()));
        CHECK(bytes.find(std::string(digest.begin(), digest.end())) != std::string::npos);
    }
    CHECK(bytes.find("ops-laptop") != std::string::npos);
}

TEST_CASE("create stores nothing when the random generator fails") {
    TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens tokens(db);
    {
        FailingRandom failing;
        const auto refused = tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().where == "store.random_bytes");
    }
    CHECK(count(db, "SELECT count(*) FROM api_tokens") == 0);
    CHECK(tokens.create("ops-laptop", TokenRole::operator_, std::nullopt, kNow).ok());
}

TEST_CASE("role wire codes round-trip and nothing else parses") {
    for (const TokenRole role : {TokenRole::operator_, TokenRole::monitor}) {
        CHECK(token_role_from_wire_code(wire_code(role)) == role);
    }
    CHECK(std::string(wire_code(TokenRole::operator_)) == "operator");
    CHECK(std::string(wire_code(TokenRole::monitor)) == "monitor");
    for (const char* bad : {"", "OPERATOR", "Monitor", "central", "anonymous", "operator "}) {
        CHECK_FALSE(token_role_from_wire_code(bad).has_value());
    }
}

TEST_CASE("a version-3 database migrates to version 4 and on with its data kept and no tokens") {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto db = require_ok(Database::open(path, OpenAccess::read_write_create));
        REQUIRE(migrate(db, migrations().first(3)).ok());
        REQUIRE(count(db, "PRAGMA user_version") == 3);
        REQUIRE(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'api_tokens'") == 0);
        REQUIRE(Settings(db).set("office.name", "Kantor Kecamatan").ok());
        REQUIRE(db.exec("INSERT INTO nik_locks (nik, locked_until_ms) VALUES ('3171014101900001', 3600000)", "t").ok());
        REQUIRE(AuditLog(db).append("kioskctl:test", "db.seed", "records=0", kNow).ok());
    }
    auto db = require_ok(open_store(path, {}));
    CHECK(latest_schema_version() >= 4);  // the table arrived with version 4
    CHECK(count(db, "PRAGMA user_version") == latest_schema_version());
    CHECK(require_ok(Settings(db).get("office.name")) == std::optional<std::string>("Kantor Kecamatan"));
    CHECK(count(db, "SELECT count(*) FROM nik_locks WHERE locked_until_ms = 3600000") == 1);
    CHECK(require_ok(Tokens(db).list()).empty());
    const auto verdict = require_ok(AuditLog(db).verify());
    CHECK(verdict.rows == 2);  // the seed row and schema.migrate
    CHECK_FALSE(verdict.first_break.has_value());
    auto migrated = require_ok(db.prepare("SELECT detail FROM audit WHERE action = 'schema.migrate'", "t"));
    REQUIRE(require_ok(migrated.step()));
    CHECK(migrated.column_text(0) == "from=3 to=" + std::to_string(latest_schema_version()));

    const auto issued = require_ok(Tokens(db).create("ops-laptop", TokenRole::operator_, std::nullopt, kNow));
    CHECK(require_ok(Tokens(db).authenticate(issued.secret, kNow)).has_value());
}

TEST_CASE("a token revoked through another connection is refused by a connection that used it before") {
    TempDir dir;
    auto server_side = require_ok(open_store(dir.file("kiosk.db"), {}));
    auto operator_side = require_ok(open_store(dir.file("kiosk.db"), {}));
    Tokens serving(server_side);
    const auto issued = require_ok(Tokens(operator_side).create("scraper", TokenRole::monitor, std::nullopt, kNow));
    CHECK(require_ok(serving.authenticate(issued.secret, kNow + 1)).has_value());
    CHECK(require_ok(Tokens(operator_side).revoke("scraper", kNow + 2)));
    CHECK_FALSE(require_ok(serving.authenticate(issued.secret, kNow + 3)).has_value());
}
