// The management server's authentication: an "Authorization: Bearer <token>" header checked against
// the store's api_tokens (kiosk/store/tokens.hpp), and a client certificate verified by mutual TLS
// for the central system. Tokens, once read off the header, go nowhere but to the hash lookup.
//
// Thread safety: the authenticator owns a database connection of its own and is called on the
// management server's thread only (one connection per thread, DESIGN.md).
#pragma once

#include "kiosk/mgmt/server.hpp"
#include "kiosk/store/sqlite.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::app {

// The token in an Authorization header value: "Bearer" (any case), one or more spaces, the token;
// nullopt for another scheme, an empty token or trailing data.
[[nodiscard]] std::optional<std::string_view> bearer_token(std::string_view authorization);

// An authenticator over the database at `database_path`; `now_s` gives unix seconds (expiry).
[[nodiscard]] Result<mgmt::Authenticate> token_authenticator(const std::string& database_path,
                                                             std::function<std::int64_t()> now_s);

}  // namespace kiosk::app
