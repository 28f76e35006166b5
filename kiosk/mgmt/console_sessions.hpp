// The operator console's sessions: what a browser's session cookie names once an operator signed in
// with a token (console_routes.hpp).
//
// Where they live, and why: in this process's memory only, never in the database or a file. A
// session is a short-lived stand-in for the token that opened it; nothing of it is worth keeping
// across a restart, and a restart (an update, a power cut, a crash) signing every operator out is
// the safe side. So a copy of the data partition holds no session, and no session outlives the
// process that issued it. Each session also ends by sign-out, after its idle timeout, after its
// lifetime whatever its use, and (console_auth.hpp) the moment its token stops being active.
//
// A session's id (the cookie's value) and its CSRF token are secrets of at least 128 bits from a
// CSPRNG (NewSecret). Finding a session compares the id given with every stored id in constant
// time, so how long a lookup takes says nothing about any stored id; the store is small
// (sessions_max), which keeps that scan cheap. The store never logs, and nothing here names a
// secret in an error.
//
// Thread safety: none; the management server's thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/http.hpp"

namespace kiosk::mgmt {

// A fresh secret: at least kConsoleSecretMinChars URL-safe characters (base64url) from a CSPRNG. An
// error when no randomness is available; the caller then refuses to open a session.
using NewSecret = std::function<Result<std::string>()>;
inline constexpr std::size_t kConsoleSecretMinChars = 22;  // 128 bits of base64url

struct ConsoleSessionLimits {
    std::int64_t idle_timeout_ms = 30 * 60 * 1000;      // since the session was last used
    std::int64_t lifetime_ms = 8 * 60 * 60 * 1000;      // since it was opened: one working day
    std::size_t sessions_max = 32;                      // the least recently used goes first
};

// A session as its users see it. `caller` is who signed in: a token's role and name, named in
// audit rows as for a bearer request.
struct ConsoleSession {
    Caller caller;
    std::string csrf_token;
    std::int64_t opened_at_ms = 0;  // on the store's clock
    std::int64_t expires_at_ms = 0;  // the end of its lifetime; idling can end it sooner
};

struct OpenedSession {
    std::string id;  // the cookie's value
    ConsoleSession session;
};

class ConsoleSessions {
public:
    explicit ConsoleSessions(NewSecret new_secret, ConsoleSessionLimits limits = {});

    // A new session for `caller`. When the store is full, the least recently used session ends.
    // Errors: no randomness (nothing is stored).
    Result<OpenedSession> open(const Caller& caller, std::int64_t now_ms);
    // The live session with this id; nullopt when there is none (never issued, signed out, idle too
    // long, past its lifetime). A session found expired is removed.
    [[nodiscard]] std::optional<ConsoleSession> find(std::string_view id, std::int64_t now_ms);
    // The session with this id was used now: its idle time starts again. Call it once a request's
    // checks passed, so that a refused request keeps nothing alive.
    void touch(std::string_view id, std::int64_t now_ms);
    // Ends the session with this id; false when there was none.
    bool close(std::string_view id);
    // Ends every session opened by the caller of this name (its token is no longer active).
    void close_all_of(std::string_view caller_name);

    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] const ConsoleSessionLimits& limits() const { return limits_; }

private:
    struct Entry {
        std::string id;
        ConsoleSession session;
        std::int64_t last_used_ms = 0;
    };
    [[nodiscard]] bool expired(const Entry& entry, std::int64_t now_ms) const;
    // The index of the entry whose id is `id`, found by a constant-time comparison with each.
    [[nodiscard]] std::optional<std::size_t> index_of(std::string_view id) const;
    Result<std::string> secret();

    NewSecret new_secret_;
    ConsoleSessionLimits limits_;
    std::vector<Entry> entries_;
};

// Whether two secrets are equal, in time that depends only on their lengths (which are not secret).
[[nodiscard]] bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace kiosk::mgmt
