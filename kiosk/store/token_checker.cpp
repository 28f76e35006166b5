#include "kiosk/store/token_checker.hpp"

#include <algorithm>
#include <span>

namespace kiosk::store {
namespace {

// A kiosk has a handful of operators' and monitors' tokens; more than this many in use at once is
// unusual enough that starting over costs nothing worth keeping.
constexpr std::size_t kKeptTokensMax = 32;

bool active_at(const TokenInfo& token, std::int64_t now_s) {
    return !token.revoked_at_s && (!token.expires_at_s || *token.expires_at_s > now_s);
}

}  // namespace

Result<std::optional<TokenInfo>> TokenChecker::authenticate(std::string_view secret, std::int64_t now_s) {
    constexpr const char* where = "store.tokens.data_version";
    auto statement = TRY(database_->cached("PRAGMA data_version", where));
    if (!TRY(statement->step())) return fail(where, "PRAGMA data_version returned no row");
    const std::int64_t version = statement->column_int(0);
    if (data_version_ != version) {
        active_.clear();
        data_version_ = version;
    }
    const Sha256Digest key = sha256(std::span(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()));
    const auto kept = std::find_if(active_.begin(), active_.end(), [&](const auto& entry) { return entry.first == key; });
    if (kept != active_.end()) {
        if (active_at(kept->second, now_s)) return std::optional<TokenInfo>{kept->second};
        active_.erase(kept);  // expired since: looked up again below, which answers nullopt
    }
    ++lookups_;
    auto found = TRY(Tokens(*database_).authenticate(secret, now_s));
    if (found) {
        if (active_.size() >= kKeptTokensMax) active_.clear();
        active_.emplace_back(key, *found);
    }
    return found;
}

}  // namespace kiosk::store
