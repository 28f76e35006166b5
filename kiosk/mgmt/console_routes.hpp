// The operator console: its files (console_files.hpp), signing in and out, and the credential its
// pages use from then on (console_auth.hpp).
//
//   POST   /api/v1/console/session   (anonymous route; the token is checked here)
//       Authorization: Bearer <operator token>, no body. The token goes through the operators'
//       listener's own bearer check. 200 {"name", "role", "csrf_token", "expires_in_s",
//       "idle_timeout_s"} with Set-Cookie (console_auth.hpp): a new session, and any session the
//       request's cookie named is ended. 401 no token or not a valid one, 403 a monitor's token (the
//       console is for operators), 429 too many attempts from this address (Retry-After, seconds),
//       503 the tokens cannot be checked now or no randomness is available.
//   GET    /api/v1/console/session   (operator)
//       The cookie's session, as above (a page reloaded fetches its CSRF token here); 404 when the
//       request is a bearer one, without a session.
//   DELETE /api/v1/console/session   (operator; from the console, with X-CSRF-Token)
//       Signs out: the session ends on the kiosk at once, whatever the browser keeps. 204, with a
//       Set-Cookie that makes the browser forget the cookie.
//
// Sign-in attempts are limited per client address (console_sign_in_limit.hpp) before any token is
// looked at. The token itself is never stored, logged or sent back.
//
// Thread safety: the management server's thread only (the table's handlers and the authenticator).
#pragma once

#include <cstdint>
#include <functional>

#include "kiosk/mgmt/console_auth.hpp"
#include "kiosk/mgmt/console_sessions.hpp"
#include "kiosk/mgmt/console_sign_in_limit.hpp"
#include "kiosk/mgmt/route_table.hpp"
#include "kiosk/mgmt/server.hpp"

namespace kiosk::mgmt {

struct ConsoleParts {
    Authenticate bearer;               // the operators' listener's token check
    CredentialStillValid still_valid;  // is a session's token still active
    NewSecret new_secret;              // session ids and CSRF tokens
    std::function<std::int64_t()> now_ms;  // a steady clock: sessions and sign-in windows
    ConsoleSessionLimits session_limits{};
    SignInLimits sign_in_limits{};
};

class Console {
public:
    explicit Console(ConsoleParts parts);

    // The operators' listener's authenticator: the console's session cookie, or else the bearer
    // check (console_auth.hpp). This object must outlive it.
    [[nodiscard]] Authenticate authenticator();

    // The console's files and its session routes; this object must outlive the table.
    void add_routes(RouteTable& routes);

    [[nodiscard]] Response sign_in(const RequestContext& context);
    [[nodiscard]] Response session(const RequestContext& context);
    [[nodiscard]] Response sign_out(const RequestContext& context);

    [[nodiscard]] ConsoleSessions& sessions() { return sessions_; }

private:
    ConsoleParts parts_;
    ConsoleSessions sessions_;
    SignInLimiter sign_in_limiter_;
};

}  // namespace kiosk::mgmt
