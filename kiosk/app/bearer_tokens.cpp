#include "kiosk/app/bearer_tokens.hpp"

#include "kiosk/store/store.hpp"
#include "kiosk/store/token_checker.hpp"

#include <cctype>

namespace kiosk::app {

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "bearer";
    if (authorization.size() <= scheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return std::nullopt;
    std::size_t start = scheme.size();
    if (authorization[start] != ' ') return std::nullopt;
    while (start < authorization.size() && authorization[start] == ' ') ++start;
    const std::string_view token = authorization.substr(start);
    if (token.empty()) return std::nullopt;
    for (const char c : token) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F) return std::nullopt;  // RFC 6750 token68: visible ASCII, no spaces
    }
    return token;
}

Result<mgmt::Authenticate> token_authenticator(const std::string& database_path, std::function<std::int64_t()> now_s) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;
    // The connection and the checker that borrows it, kept together for as long as the authenticator.
    struct Checking {
        explicit Checking(store::Database opened) : database(std::move(opened)), tokens(database) {}
        store::Database database;
        store::TokenChecker tokens;
    };
    auto checking = std::make_shared<Checking>(TRY(store::open_store(database_path, options)));
    return mgmt::Authenticate([checking, now_s = std::move(now_s)](const mgmt::Request& request,
                                                                   const mgmt::Peer& peer) -> Result<std::optional<mgmt::Caller>> {
        const auto header = request[mgmt::http::field::authorization];
        if (header.empty()) {
            if (peer.client_certificate_verified)
                return std::optional{mgmt::Caller{mgmt::Role::central, peer.certificate_common_name}};
            return std::optional<mgmt::Caller>{};
        }
        const auto token = bearer_token(header);
        if (!token) return std::optional<mgmt::Caller>{};
        const auto found = TRY(checking->tokens.authenticate(*token, now_s()));
        if (!found) return std::optional<mgmt::Caller>{};
        const mgmt::Role role = found->role == store::TokenRole::operator_ ? mgmt::Role::operator_ : mgmt::Role::monitor;
        return std::optional{mgmt::Caller{role, found->name}};
    });
}

}  // namespace kiosk::app
