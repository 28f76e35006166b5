// The operator console over the kiosk's own parts on a real database file: a token made as
// kioskctl makes it signs in, its revocation ends the session at the next request, and the
// console's settings page offers exactly the live configuration keys.
#include "kiosk/app/bearer_tokens.hpp"
#include "kiosk/app/config/config_overrides.hpp"
#include "kiosk/app/operator_console.hpp"
#include "kiosk/mgmt/console_files.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/tokens.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <regex>
#include <set>

using namespace kiosk;
using kiosk::testing::require_ok;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

mgmt::Response call(mgmt::Console& console, mgmt::Response (mgmt::Console::*handler)(const mgmt::RequestContext&),
                    const mgmt::Request& request) {
    const mgmt::Caller anonymous;
    return (console.*handler)(mgmt::RequestContext{request, anonymous, request.target(), {}, "127.0.0.1"});
}

}  // namespace

TEST_CASE("a token signs in to the console, and revoking it ends its session at once") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto database = require_ok(store::open_store(path, {}));
    store::Tokens tokens(database);
    const auto issued = require_ok(tokens.create("ops-laptop", store::TokenRole::operator_, std::nullopt, kNow));
    const auto monitor = require_ok(tokens.create("prometheus", store::TokenRole::monitor, std::nullopt, kNow));
    auto now_s = [] { return kNow + 60; };
    auto console = require_ok(app::open_operator_console(path, require_ok(app::token_authenticator(path, now_s)), now_s));
    const mgmt::Authenticate authenticate = console->authenticator();

    mgmt::Request sign_in{mgmt::http::verb::post, "/api/v1/console/session", 11};
    sign_in.set(mgmt::http::field::authorization, "Bearer " + monitor.secret);
    CHECK(call(*console, &mgmt::Console::sign_in, sign_in).result() == mgmt::http::status::forbidden);
    sign_in.set(mgmt::http::field::authorization, "Bearer " + issued.secret);
    const auto signed_in = call(*console, &mgmt::Console::sign_in, sign_in);
    REQUIRE(signed_in.result() == mgmt::http::status::ok);
    const std::string set_cookie(signed_in[mgmt::http::field::set_cookie]);
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    // Two sessions' ids from the store's generator differ, and each carries 256 bits.
    const auto id = cookie.substr(cookie.find('=') + 1);
    CHECK(id.size() == 43);
    CHECK(boost::json::parse(signed_in.body()).as_object().at("csrf_token").as_string().size() == 43);

    mgmt::Request status{mgmt::http::verb::get, "/api/v1/status", 11};
    status.set(mgmt::http::field::cookie, cookie);
    const auto caller = require_ok(authenticate(status, mgmt::Peer{}));
    REQUIRE(caller.has_value());
    CHECK(caller->name == "ops-laptop");
    CHECK(caller->role == mgmt::Role::operator_);

    REQUIRE(require_ok(tokens.revoke("ops-laptop", kNow + 30)));
    CHECK_FALSE(require_ok(authenticate(status, mgmt::Peer{})).has_value());
    CHECK(console->sessions().size() == 0);
}

TEST_CASE("the console's settings page has one form for each live configuration key, and no other") {
    std::string index;
    for (const mgmt::ConsoleFile& file : mgmt::console_files())
        if (file.name == "index.html") index = std::string(file.bytes());
    REQUIRE_FALSE(index.empty());
    std::set<std::string> offered;
    const std::regex form("data-config-key=\"([a-z_.]+)\"");
    for (auto it = std::sregex_iterator(index.begin(), index.end(), form); it != std::sregex_iterator(); ++it)
        offered.insert((*it)[1]);
    std::set<std::string> live;
    for (const std::string_view key : app::live_config_keys()) live.emplace(key);
    CHECK(offered == live);
}
