#include "kiosk/store/tokens.hpp"

#include "kiosk/store/base64.hpp"
#include "kiosk/store/crypto.hpp"

#include <algorithm>
#include <span>

namespace kiosk::store {
namespace {

constexpr std::size_t kSecretRandomBytes = 32;

// A token is active until it is revoked or expires_at is reached; ?2 is now in unix seconds.
constexpr std::string_view kActiveAtParameter2 = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)";

Sha256Digest secret_hash(std::string_view secret) {
    return sha256(std::span(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()));
}

Result<TokenInfo> token_from_row(Statement& statement, const char* where) {
    TokenInfo info;
    info.id = statement.column_int(0);
    info.name = statement.column_text(1);
    const auto role = token_role_from_wire_code(statement.column_text(2));
    if (!role) return fail(where, "an api_tokens row breaks the schema's rules (unknown role)");
    info.role = *role;
    info.created_at_s = statement.column_int(3);
    info.expires_at_s = statement.column_optional_int(4);
    info.revoked_at_s = statement.column_optional_int(5);
    return info;
}

bool name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
}

}  // namespace

const char* wire_code(TokenRole role) {
    switch (role) {
        case TokenRole::operator_: return "operator";
        case TokenRole::monitor: return "monitor";
    }
    VERIFY_NOT_REACHED();
}

std::optional<TokenRole> token_role_from_wire_code(std::string_view code) {
    for (const TokenRole role : {TokenRole::operator_, TokenRole::monitor}) {
        if (code == wire_code(role)) return role;
    }
    return std::nullopt;
}

bool is_valid_token_name(std::string_view name) {
    return !name.empty() && name.size() <= kTokenNameMaxLength && std::all_of(name.begin(), name.end(), name_character);
}

Result<IssuedToken> Tokens::create(std::string_view name, TokenRole role, std::optional<std::int64_t> expires_at_s,
                                   std::int64_t now_s) {
    constexpr const char* where = "store.tokens.create";
    if (!is_valid_token_name(name)) {
        return fail(where, "a token name is 1 to 64 letters, digits, '-', '_' or '.'");
    }
    if (expires_at_s && *expires_at_s <= now_s) return fail(where, "the expiry must be after the creation time");
    const auto random = TRY(random_bytes(kSecretRandomBytes));
    IssuedToken issued;
    issued.secret = std::string(kTokenSecretPrefix) + base64url_encode_unpadded(random.data(), random.size());
    const Sha256Digest hash = secret_hash(issued.secret);
    // DO NOTHING on the name only: a taken name is the caller's mistake and gets its own words below; a
    // taken hash (two equal 256-bit draws) stays a constraint error.
    auto insert = TRY(database_->cached(
        "INSERT INTO api_tokens (name, role, hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (name) DO NOTHING",
        where));
    TRY(insert->bind_all(name, std::string_view(wire_code(role)), std::span<const std::uint8_t>(hash), now_s,
                         expires_at_s));
    TRY(insert->run());
    if (database_->changes() == 0) {
        return fail(where, "a token with this name already exists (names are not reused, even after revoke)");
    }
    issued.info = TokenInfo{database_->last_insert_rowid(), std::string(name), role, now_s, expires_at_s, std::nullopt};
    return issued;
}

Result<std::optional<TokenInfo>> Tokens::authenticate(std::string_view secret, std::int64_t now_s) {
    constexpr const char* where = "store.tokens.authenticate";
    // The lookup is by hash: what an attacker can time is a search for a SHA-256 they cannot steer, so
    // it tells them nothing about any stored token.
    const Sha256Digest hash = secret_hash(secret);
    auto statement = TRY(database_->cached(
        "SELECT id, name, role, created_at, expires_at, revoked_at FROM api_tokens WHERE hash = ?1 AND " +
            std::string(kActiveAtParameter2),
        where));
    TRY(statement->bind_all(std::span<const std::uint8_t>(hash), now_s));
    if (!TRY(statement->step())) return std::optional<TokenInfo>{};
    return std::optional<TokenInfo>{TRY(token_from_row(*statement, where))};
}

Result<bool> Tokens::is_active(std::string_view name, std::int64_t now_s) {
    constexpr const char* where = "store.tokens.is_active";
    auto statement = TRY(
        database_->cached("SELECT 1 FROM api_tokens WHERE name = ?1 AND " + std::string(kActiveAtParameter2), where));
    TRY(statement->bind_all(name, now_s));
    return statement->step();
}

Result<std::vector<TokenInfo>> Tokens::list() {
    constexpr const char* where = "store.tokens.list";
    auto statement = TRY(database_->cached(
        "SELECT id, name, role, created_at, expires_at, revoked_at FROM api_tokens ORDER BY id", where));
    std::vector<TokenInfo> tokens;
    while (TRY(statement->step())) tokens.push_back(TRY(token_from_row(*statement, where)));
    return tokens;
}

Result<bool> Tokens::revoke(std::string_view name, std::int64_t now_s) {
    constexpr const char* where = "store.tokens.revoke";
    auto statement =
        TRY(database_->cached("UPDATE api_tokens SET revoked_at = ?2 "
                              "WHERE name = ?1 AND revoked_at IS NULL",
                              where));
    TRY(statement->bind_all(name, now_s));
    TRY(statement->run());
    return database_->changes() > 0;
}

}  // namespace kiosk::store
