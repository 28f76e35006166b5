// The console's session store on a clock the test moves: ids and CSRF tokens from the secret
// source, the idle timeout and the lifetime, sign-out, the cap, and a source with no randomness.
#include "kiosk/mgmt/console_sessions.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace kiosk::mgmt;

namespace {

// Distinct 43-character secrets, numbered so that tests can tell them apart.
NewSecret counting_secrets() {
    auto next = std::make_shared<int>(0);
    return [next]() -> kiosk::Result<std::string> {
        std::string secret = "secret-" + std::to_string(++*next);
        secret.resize(43, 'x');
        return secret;
    };
}

const Caller kOps{Role::operator_, "ops-laptop"};

}  // namespace

TEST_CASE("a session opened for a caller is found by its id until it idles out, and idling restarts on use") {
    ConsoleSessionLimits limits;
    limits.idle_timeout_ms = 1'000;
    limits.lifetime_ms = 10'000;
    ConsoleSessions sessions(counting_secrets(), limits);
    const auto opened = sessions.open(kOps, 100);
    REQUIRE(opened.ok());
    CHECK(opened->id.size() >= kConsoleSecretMinChars);
    CHECK(opened->session.csrf_token.size() >= kConsoleSecretMinChars);
    CHECK(opened->session.csrf_token != opened->id);
    CHECK(opened->session.caller.name == "ops-laptop");
    CHECK(opened->session.expires_at_ms == 10'100);

    const auto found = sessions.find(opened->id, 1'099);
    REQUIRE(found.has_value());
    CHECK(found->csrf_token == opened->session.csrf_token);
    CHECK_FALSE(sessions.find("not-" + opened->id, 500).has_value());
    CHECK_FALSE(sessions.find(opened->id.substr(1), 500).has_value());

    // Finding alone keeps nothing alive; touching does.
    sessions.touch(opened->id, 1'050);
    CHECK(sessions.find(opened->id, 2'049).has_value());
    CHECK_FALSE(sessions.find(opened->id, 2'050).has_value());  // idle for exactly the timeout: ended
    CHECK(sessions.size() == 0);                                 // and removed
    CHECK_FALSE(sessions.find(opened->id, 2'051).has_value());
}

TEST_CASE("a session ends at the end of its lifetime however much it is used") {
    ConsoleSessionLimits limits;
    limits.idle_timeout_ms = 1'000;
    limits.lifetime_ms = 3'000;
    ConsoleSessions sessions(counting_secrets(), limits);
    const auto opened = sessions.open(kOps, 0);
    REQUIRE(opened.ok());
    for (std::int64_t now = 500; now < 3'000; now += 500) {
        REQUIRE(sessions.find(opened->id, now).has_value());
        sessions.touch(opened->id, now);
    }
    CHECK_FALSE(sessions.find(opened->id, 3'000).has_value());
}

TEST_CASE("sign-out ends one session; a revoked token's sessions all end") {
    ConsoleSessions sessions(counting_secrets());
    const auto first = sessions.open(kOps, 0).value();
    const auto second = sessions.open(kOps, 0).value();
    const auto other = sessions.open(Caller{Role::operator_, "ops-desk"}, 0).value();
    CHECK(first.id != second.id);
    CHECK(sessions.close(first.id));
    CHECK_FALSE(sessions.close(first.id));
    CHECK_FALSE(sessions.find(first.id, 1).has_value());
    CHECK(sessions.find(second.id, 1).has_value());

    sessions.close_all_of("ops-laptop");
    CHECK_FALSE(sessions.find(second.id, 1).has_value());
    CHECK(sessions.find(other.id, 1).has_value());
}

TEST_CASE("a full store ends its least recently used session") {
    ConsoleSessionLimits limits;
    limits.sessions_max = 3;
    ConsoleSessions sessions(counting_secrets(), limits);
    const auto a = sessions.open(kOps, 0).value();
    const auto b = sessions.open(kOps, 1).value();
    const auto c = sessions.open(kOps, 2).value();
    sessions.touch(a.id, 3);  // b is now the least recently used
    const auto d = sessions.open(kOps, 4).value();
    CHECK(sessions.size() == 3);
    CHECK(sessions.find(a.id, 5).has_value());
    CHECK_FALSE(sessions.find(b.id, 5).has_value());
    CHECK(sessions.find(c.id, 5).has_value());
    CHECK(sessions.find(d.id, 5).has_value());
}

TEST_CASE("without randomness no session is opened, and nothing is stored") {
    ConsoleSessions sessions([]() -> kiosk::Result<std::string> { return kiosk::fail("store.random_bytes", "no entropy"); });
    const auto opened = sessions.open(kOps, 0);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().what == "no entropy");
    CHECK(sessions.size() == 0);
}

TEST_CASE("secrets compare equal only when every byte and the length match") {
    CHECK(secrets_equal("abc", "abc"));
    CHECK_FALSE(secrets_equal("abc", "abd"));
    CHECK_FALSE(secrets_equal("abc", "ab"));
    CHECK_FALSE(secrets_equal("", "a"));
    CHECK(secrets_equal("", ""));
}
