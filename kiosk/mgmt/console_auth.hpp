// The operator console's credential: a session cookie, checked on the same path as a bearer token
// so that a request from the console reaches the same handlers with the same Caller (its token's
// role and name, which audit rows name).
//
// The cookie: `__Host-console=<session id>; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=N`.
// The __Host- prefix makes the browser keep it only as sent over HTTPS, for this host alone and the
// whole path; HttpOnly keeps it from scripts; SameSite=Strict keeps other sites' pages from sending
// it at all. On top of that, a change (any method but GET and HEAD) must carry the session's CSRF
// token in an X-CSRF-Token header, compared in constant time: a cookie alone never changes anything.
//
// A request with an Authorization header is the bearer check's, whatever cookie it carries; one with
// the console's cookie and no Authorization header is the session's; without either, the bearer
// check decides (it answers "no credential"). A cookie whose session is unknown or expired, a change
// without the right CSRF token, and a session whose token is no longer active are no credential:
// the server answers 401. A session whose token stopped being active ends.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/mgmt/console_sessions.hpp"
#include "kiosk/mgmt/server.hpp"

namespace kiosk::mgmt {

inline constexpr std::string_view kConsoleCookieName = "__Host-console";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// Whether the token that opened a session (named by the caller) is still active. An error when that
// cannot be told (the token store cannot be read): the server answers 503.
using CredentialStillValid = std::function<Result<bool>(const Caller&)>;

// The console cookie's value in the request's Cookie headers; nullopt when it has none.
[[nodiscard]] std::optional<std::string_view> console_cookie(const Request& request);

// Set-Cookie values: the session's, and one that makes the browser forget it.
[[nodiscard]] std::string console_cookie_header(std::string_view session_id, std::int64_t max_age_s);
[[nodiscard]] std::string console_cookie_removal();

// Whether the method changes something (everything but GET and HEAD), so needs the CSRF token.
[[nodiscard]] bool is_change(http::verb method);

// The caller of a request as above: `bearer` for a bearer token (or no credential), the session's
// caller for the console's cookie. `sessions` and `still_valid` must outlive the result; `now_ms`
// is the sessions' clock.
[[nodiscard]] Authenticate console_authenticator(Authenticate bearer, ConsoleSessions& sessions,
                                                 CredentialStillValid still_valid,
                                                 std::function<std::int64_t()> now_ms);

}  // namespace kiosk::mgmt
