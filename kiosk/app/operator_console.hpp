// The operator console's application side: the mgmt::Console (kiosk/mgmt/console_routes.hpp) over
// the kiosk's own parts: session secrets from the store's CSPRNG (32 bytes, base64url), the token
// store on a connection of its own to ask on every console request whether the session's token is
// still active (so `kioskctl token revoke` or a token's expiry ends its sessions at once), and the
// program's steady clock for session and sign-in windows (a wall clock set at boot must not end or
// stretch them).
//
// Thread safety: open() on any thread; the console is then used on the management server's thread.
#pragma once

#include "kiosk/mgmt/console_routes.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace kiosk::app {

// `bearer`: the operators' listener's token check (token_authenticator); `now_s`: unix seconds, for
// tokens' expiry.
[[nodiscard]] Result<std::unique_ptr<mgmt::Console>> open_operator_console(const std::string& database_path,
                                                                           mgmt::Authenticate bearer,
                                                                           std::function<std::int64_t()> now_s);

}  // namespace kiosk::app
