// Bearer tokens for the management server (kiosk/mgmt): an operator's or a monitor's credential.
//
// A token's secret is "ktk_" followed by 32 random bytes in unpadded base64url (47 characters). It is
// handed out once, by create(), and never stored: the database keeps its SHA-256 only, so a copy of the
// file (a backup, a stolen disk) lets no one in. A plain hash suffices, without salt or stretching,
// because the secret has 256 bits of entropy: there is nothing to guess. Nothing here logs, and no
// error names a secret or a hash.
//
// A token is active from its creation until it is revoked or it expires; the moment expires_at_s is
// reached it is expired (expires_at_s == now_s is expired). Revoked and expired tokens stay in the
// table, and their names are never reused, so an audit row that names a token names one token.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp). Each call is one SQL statement,
// so it joins the caller's transaction when one is open (create and its audit row can commit together).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

enum class TokenRole { operator_, monitor };

[[nodiscard]] const char* wire_code(TokenRole role);  // "operator", "monitor"
[[nodiscard]] std::optional<TokenRole> token_role_from_wire_code(std::string_view code);

inline constexpr std::string_view kTokenSecretPrefix = "ktk_";
inline constexpr std::size_t kTokenNameMaxLength = 64;

// 1 to 64 characters, each an ASCII letter, digit, '-', '_' or '.' (the api_tokens table CHECKs the same).
[[nodiscard]] bool is_valid_token_name(std::string_view name);

struct TokenInfo {
    std::int64_t id = 0;
    std::string name;
    TokenRole role = TokenRole::monitor;
    std::int64_t created_at_s = 0;             // unix seconds
    std::optional<std::int64_t> expires_at_s;  // unix seconds; nullopt: never
    std::optional<std::int64_t> revoked_at_s;  // unix seconds; nullopt: not revoked
    friend bool operator==(const TokenInfo&, const TokenInfo&) = default;
};

struct IssuedToken {
    TokenInfo info;
    std::string secret;  // shown to the operator once; not recoverable afterwards
};

class Tokens {
public:
    explicit Tokens(Database& database) : database_(&database) {}

    // A new active token. Errors: a name that breaks is_valid_token_name, a name already used (by any
    // token, revoked or expired ones too), an expiry not after now_s, no randomness available, the
    // database. Nothing is stored when it fails.
    Result<IssuedToken> create(std::string_view name, TokenRole role, std::optional<std::int64_t> expires_at_s,
                               std::int64_t now_s);
    // The active token whose secret this is; nullopt when there is none (unknown, revoked, or expired
    // at now_s). Errors only when the database cannot be read.
    Result<std::optional<TokenInfo>> authenticate(std::string_view secret, std::int64_t now_s);
    // Whether the token of this name is active at now_s (neither revoked nor expired). What is opened
    // with a token (an operator console session) asks this on every use, so that revoking the token
    // ends it at once. Errors only when the database cannot be read.
    Result<bool> is_active(std::string_view name, std::int64_t now_s);
    // Every token, revoked and expired ones included, oldest first.
    Result<std::vector<TokenInfo>> list();
    // Revokes the token of that name at now_s, expired ones too: an expiry alone would let the token in
    // again if the clock went back. False when there is none by that name or it is already revoked.
    Result<bool> revoke(std::string_view name, std::int64_t now_s);

private:
    Database* database_;
};

}  // namespace kiosk::store
