// The management server's authenticator over a real token table.
#include "kiosk/app/bearer_tokens.hpp"

#include "kiosk/store/store.hpp"
#include "kiosk/store/tokens.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/require_ok.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using kiosk::testing::require_ok;

namespace {
constexpr std::int64_t kNow = 1'767'225'600;

mgmt::Request with_authorization(const std::string& value) {
    mgmt::Request request{mgmt::http::verb::get, "/api/v1/status", 11};
    if (!value.empty()) request.set(mgmt::http::field::authorization, value);
    return request;
}
}  // namespace

TEST_CASE("the Authorization header's bearer token, and nothing else") {
    CHECK(app::bearer_token("Bearer ktk_abc") == std::optional<std::string_view>("ktk_abc"));
    CHECK(app::bearer_token("bearer   ktk_abc") == std::optional<std::string_view>("ktk_abc"));
    CHECK_FALSE(app::bearer_token("Basic dXNlcjpwYXNz").has_value());
    CHECK_FALSE(app::bearer_token("Bearer").has_value());
    CHECK_FALSE(app::bearer_token("Bearer ").has_value());
    CHECK_FALSE(app::bearer_token("Bearerktk_abc").has_value());
    CHECK_FALSE(app::bearer_token("Bearer ktk_abc extra").has_value());
    CHECK_FALSE(app::bearer_token("Bearer ktk_\x01").has_value());
}

TEST_CASE("tokens authenticate with their role; revoked, expired, unknown and missing ones do not") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto operator_side = require_ok(store::open_store(path, {}));
    store::Tokens tokens(operator_side);
    const auto op = require_ok(tokens.create("laptop", store::TokenRole::operator_, std::nullopt, kNow));
    const auto mon = require_ok(tokens.create("prometheus", store::TokenRole::monitor, kNow + 100, kNow));
    std::int64_t now = kNow + 1;
    const auto authenticate = require_ok(app::token_authenticator(path, [&now] { return now; }));
    const mgmt::Peer peer{"127.0.0.1", false, ""};

    const auto as_operator = require_ok(authenticate(with_authorization("Bearer " + op.secret), peer));
    REQUIRE(as_operator.has_value());
    CHECK(as_operator->role == mgmt::Role::operator_);
    CHECK(as_operator->name == "laptop");
    const auto as_monitor = require_ok(authenticate(with_authorization("Bearer " + mon.secret), peer));
    REQUIRE(as_monitor.has_value());
    CHECK(as_monitor->role == mgmt::Role::monitor);

    CHECK_FALSE(require_ok(authenticate(with_authorization("Bearer ktk_unknown"), peer)).has_value());
    CHECK_FALSE(require_ok(authenticate(with_authorization(""), peer)).has_value());
    CHECK_FALSE(require_ok(authenticate(with_authorization("Basic " + op.secret), peer)).has_value());

    // Revoked through another connection (kioskctl's), while this one is in use.
    REQUIRE(require_ok(tokens.revoke("laptop", kNow + 2)));
    now = kNow + 3;
    CHECK_FALSE(require_ok(authenticate(with_authorization("Bearer " + op.secret), peer)).has_value());
    now = kNow + 100;
    CHECK_FALSE(require_ok(authenticate(with_authorization("Bearer " + mon.secret), peer)).has_value());
}

TEST_CASE("a verified client certificate without a token is the central system") {
    kiosk::testing::TempDir dir;
    const auto authenticate = require_ok(app::token_authenticator(dir.file("kiosk.db"), [] { return kNow; }));
    const auto central = require_ok(authenticate(with_authorization(""), mgmt::Peer{"10.0.0.9", true, "dukcapil-sync"}));
    REQUIRE(central.has_value());
    CHECK(central->role == mgmt::Role::central);
    CHECK(central->name == "dukcapil-sync");
    CHECK_FALSE(require_ok(authenticate(with_authorization(""), mgmt::Peer{"10.0.0.9", false, "x"})).has_value());
}

TEST_CASE("tokens made and revoked after the authenticator opened its connection are seen at once") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    { auto created = require_ok(store::open_store(path, {})); }
    const auto authenticate = require_ok(app::token_authenticator(path, [] { return kNow + 1; }));
    const mgmt::Peer peer{"127.0.0.1", false, ""};
    auto operator_side = require_ok(store::open_store(path, {}));
    store::Tokens tokens(operator_side);
    const auto first = require_ok(tokens.create("first", store::TokenRole::monitor, std::nullopt, kNow));
    CHECK(require_ok(authenticate(with_authorization("Bearer " + first.secret), peer)).has_value());
    REQUIRE(require_ok(tokens.revoke("first", kNow)));
    const auto second = require_ok(tokens.create("second", store::TokenRole::monitor, std::nullopt, kNow));
    CHECK(require_ok(authenticate(with_authorization("Bearer " + second.secret), peer)).has_value());
    CHECK_FALSE(require_ok(authenticate(with_authorization("Bearer " + first.secret), peer)).has_value());
}
