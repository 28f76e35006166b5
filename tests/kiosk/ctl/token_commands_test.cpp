// kioskctl token create | list | revoke, run as the built binary against real database files; what it
// issues is checked through the store's own Tokens::authenticate, as the management server will.
#include "kiosk/store/audit.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/token_checker.hpp"
#include "kiosk/store/tokens.hpp"
#include "tests/kiosk/ctl/nik_run_kioskctl.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

using kiosk::test::run_kioskctl;
using kiosk::testing::TempDir;
using kiosk::testing::ProcessOutput;
using kiosk::testing::require_ok;
using namespace kiosk::store;

namespace {

std::int64_t now_s() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

ProcessOutput token(const std::string& db, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"--db", db, "token"});
    return run_kioskctl(arguments);
}

// The secret create printed: its one line of stdout, checked to be that and only that.
std::string created_secret(const ProcessOutput& created) {
    REQUIRE(created.exit_code == 0);
    REQUIRE(created.out.size() == 48);  // "ktk_", 43 characters of base64url, '\n'
    CHECK(created.out.starts_with("ktk_"));
    CHECK(created.out.back() == '\n');
    CHECK(created.err.find("shown only this once") != std::string::npos);
    CHECK(created.err.find(created.out.substr(4, 43)) == std::string::npos);
    return created.out.substr(0, 47);
}

// The line of `text` that starts with `prefix`, without its '\n'; empty when there is none.
std::string line_starting(const std::string& text, const std::string& prefix) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (text.compare(start, prefix.size(), prefix) == 0) return text.substr(start, end - start);
        start = end + 1;
    }
    return {};
}

struct AuditRow {
    std::string actor;
    std::string action;
    std::string detail;
};

std::vector<AuditRow> audit_rows(Database& db) {
    auto statement = require_ok(db.prepare("SELECT actor, action, detail FROM audit ORDER BY id", "test.audit"));
    std::vector<AuditRow> rows;
    while (require_ok(statement.step())) {
        rows.push_back({statement.column_text(0), statement.column_text(1), statement.column_text(2)});
    }
    return rows;
}

}  // namespace

TEST_CASE("token create prints a secret the store authenticates, once, and audits it without the secret") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    const std::int64_t before_s = now_s();
    const std::string secret = created_secret(token(db_path, {"create", "--role", "operator", "--name", "ops-laptop"}));
    const std::string expiring =
        created_secret(token(db_path, {"create", "--role", "monitor", "--name", "grafana", "--expires", "30"}));
    const std::int64_t after_s = now_s();
    CHECK(secret != expiring);

    auto db = require_ok(open_store(db_path, {}));
    Tokens tokens(db);
    const auto found = require_ok(tokens.authenticate(secret, after_s));
    REQUIRE(found.has_value());
    CHECK(found->name == "ops-laptop");
    CHECK(found->role == TokenRole::operator_);
    CHECK(found->created_at_s >= before_s);
    CHECK(found->created_at_s <= after_s);
    CHECK_FALSE(found->expires_at_s.has_value());

    const auto monitor = require_ok(tokens.authenticate(expiring, after_s));
    REQUIRE(monitor.has_value());
    CHECK(monitor->role == TokenRole::monitor);
    CHECK(monitor->expires_at_s == std::optional<std::int64_t>(monitor->created_at_s + 30 * 86'400));
    CHECK_FALSE(require_ok(tokens.authenticate(expiring, *monitor->expires_at_s)).has_value());

    const auto rows = audit_rows(db);
    REQUIRE(rows.size() == 3);  // schema.migrate, two token.create
    CHECK(rows[1].actor.starts_with("kioskctl"));
    CHECK(rows[1].action == "token.create");
    CHECK(rows[1].detail == "name=ops-laptop role=operator");
    CHECK(rows[2].detail == "name=grafana role=monitor expires_at=" + std::to_string(*monitor->expires_at_s));
    for (const auto& row : rows) {
        for (const auto& text : {secret, expiring}) CHECK(row.detail.find(text.substr(4, 12)) == std::string::npos);
    }
    CHECK_FALSE(require_ok(AuditLog(db).verify()).first_break.has_value());
}

TEST_CASE("token list shows each token's name, role and times, and no secret") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    CHECK(token(db_path, {"list"}).out == "no tokens\n");
    const std::string first = created_secret(token(db_path, {"create", "--role", "operator", "--name", "ops-laptop"}));
    const std::string second =
        created_secret(token(db_path, {"create", "--role", "monitor", "--name", "grafana", "--expires", "7"}));

    const auto listed = token(db_path, {"list"});
    CHECK(listed.exit_code == 0);
    CHECK(listed.err.empty());
    CHECK(listed.out.starts_with("name        role      created               expires               revoked\n"));
    const std::string operator_line = line_starting(listed.out, "ops-laptop  operator  20");
    CHECK(operator_line.ends_with("Z  -                     -"));  // no expiry, not revoked
    CHECK(operator_line.size() == 67);
    const std::string monitor_line = line_starting(listed.out, "grafana     monitor   20");
    CHECK(monitor_line.size() == 67);
    CHECK(monitor_line.ends_with("Z  -"));  // an expiry, not revoked
    CHECK(monitor_line.find("Z  20") != std::string::npos);
    CHECK(listed.out.find("ktk_") == std::string::npos);
    for (const auto& secret : {first, second}) CHECK(listed.out.find(secret.substr(4, 8)) == std::string::npos);
    int lines = 0;
    for (const char c : listed.out) lines += c == '\n' ? 1 : 0;
    CHECK(lines == 3);
}

TEST_CASE("token revoke stops the token at once and is audited; a second revoke exits 1") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    const std::string secret = created_secret(token(db_path, {"create", "--role", "operator", "--name", "ops-laptop"}));
    const std::string kept = created_secret(token(db_path, {"create", "--role", "monitor", "--name", "grafana"}));

    const auto revoked = token(db_path, {"revoke", "--name", "ops-laptop"});
    CHECK(revoked.exit_code == 0);
    CHECK(revoked.out == "token ops-laptop revoked\n");
    {
        auto db = require_ok(open_store(db_path, {}));
        Tokens tokens(db);
        CHECK_FALSE(require_ok(tokens.authenticate(secret, now_s())).has_value());
        CHECK(require_ok(tokens.authenticate(kept, now_s())).has_value());
        const auto rows = audit_rows(db);
        REQUIRE(rows.size() == 4);
        CHECK(rows[3].actor.starts_with("kioskctl"));
        CHECK(rows[3].action == "token.revoke");
        CHECK(rows[3].detail == "name=ops-laptop");
    }
    const auto listed = token(db_path, {"list"});
    const std::string revoked_line = line_starting(listed.out, "ops-laptop  operator  20");
    CHECK(revoked_line.find("Z  -                     20") != std::string::npos);  // no expiry, a revoke time
    CHECK(revoked_line.ends_with("Z"));
    CHECK(line_starting(listed.out, "grafana     monitor   20").ends_with("Z  -                     -"));

    for (const char* name : {"ops-laptop", "no-such-token"}) {
        const auto again = token(db_path, {"revoke", "--name", name});
        CHECK(again.exit_code == 1);
        CHECK(again.out.empty());
        CHECK(again.err == std::string("kioskctl token revoke: no token named ") + name +
                               " to revoke (there is none, or it is already revoked)\n");
    }
    auto db = require_ok(open_store(db_path, {}));
    CHECK(audit_rows(db).size() == 4);  // the failed revokes wrote nothing
}

// The management server keeps a checked token (store::TokenChecker) while its wal-index stamp says
// nothing was committed; kioskctl, another process, must still be seen at the very next check.
TEST_CASE("a token the server's checker keeps is refused at its next check after kioskctl revokes it") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    const std::string secret = created_secret(token(db_path, {"create", "--role", "operator", "--name", "ops-laptop"}));
    auto db = require_ok(open_store(db_path, {}));
    TokenChecker checker(db);
    for (int i = 0; i < 3; ++i) REQUIRE(require_ok(checker.authenticate(secret, now_s())).has_value());
    const auto reads = checker.data_version_reads();
    REQUIRE(require_ok(checker.authenticate(secret, now_s())).has_value());
    REQUIRE(checker.data_version_reads() == reads);  // kept, as it is between requests

    const auto listed = token(db_path, {"list"});  // another process that only reads
    REQUIRE(listed.exit_code == 0);
    CHECK(require_ok(checker.authenticate(secret, now_s())).has_value());
    CHECK(checker.lookups() == 1);

    REQUIRE(token(db_path, {"revoke", "--name", "ops-laptop"}).exit_code == 0);
    CHECK_FALSE(require_ok(checker.authenticate(secret, now_s())).has_value());
    const std::string created = created_secret(token(db_path, {"create", "--role", "monitor", "--name", "grafana"}));
    CHECK(require_ok(checker.authenticate(created, now_s())).has_value());
}

TEST_CASE("a bad role, name or expiry is a usage error (exit 2) and creates nothing") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    const std::vector<std::vector<std::string>> bad = {
        {"create", "--role", "admin", "--name", "ops"},
        {"create", "--role", "OPERATOR", "--name", "ops"},
        {"create", "--role", "", "--name", "ops"},
        {"create", "--name", "ops"},
        {"create", "--role", "monitor", "--name", "ops laptop"},
        {"create", "--role", "monitor", "--name", ""},
        {"create", "--role", "monitor", "--name", std::string(65, 'x')},
        {"create", "--role", "monitor", "--name", "ops/1"},
        {"create", "--role", "monitor"},
        {"create", "--role", "monitor", "--name", "ops", "--expires", "0"},
        {"create", "--role", "monitor", "--name", "ops", "--expires", "-3"},
        {"create", "--role", "monitor", "--name", "ops", "--expires", "soon"},
        {"create", "--role", "monitor", "--name", "ops", "--expires", "3651"},
        {"revoke"},
        {"revoke", "--name", "bad name"},
        {},
    };
    for (const auto& arguments : bad) {
        const auto run = token(db_path, arguments);
        CAPTURE(run.err);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK_FALSE(run.err.empty());
    }
    CHECK_FALSE(std::filesystem::exists(db_path));  // refused before the database was opened

    const auto role = token(db_path, {"create", "--role", "admin", "--name", "ops"});
    CHECK(role.err == "kioskctl token create: --role must be operator or monitor, got \"admin\"\n");
    const auto name = token(db_path, {"create", "--role", "monitor", "--name", "ops laptop"});
    CHECK(name.err == "kioskctl token create: --name must be 1 to 64 letters, digits, '-', '_' or '.'\n");

    const auto no_db = run_kioskctl({"token", "list"});
    CHECK(no_db.exit_code == 2);
    CHECK(no_db.err.find("needs --db PATH") != std::string::npos);
}

TEST_CASE("a name already used, even by a revoked token, is refused with exit 1") {
    TempDir dir;
    const auto db_path = dir.file("kiosk.db");
    created_secret(token(db_path, {"create", "--role", "operator", "--name", "ops-laptop"}));
    REQUIRE(token(db_path, {"revoke", "--name", "ops-laptop"}).exit_code == 0);
    const auto again = token(db_path, {"create", "--role", "monitor", "--name", "ops-laptop"});
    CHECK(again.exit_code == 1);
    CHECK(again.out.empty());
    CHECK(again.err.find("a token with this name already exists") != std::string::npos);
    auto db = require_ok(open_store(db_path, {}));
    CHECK(require_ok(Tokens(db).list()).size() == 1);
    CHECK(audit_rows(db).size() == 3);  // schema.migrate, token.create, token.revoke
}
