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
    // Before anything is read: a commit after this moment moves the next check's stamp.
    const std::optional<Database::CommitStamp> stamp = database_->commit_stamp();
    if (!stamp || !stamp_ || *stamp != *stamp_) {
        stamp_.reset();  // until data_version below has been read after `stamp`
        constexpr const char* where = "store.tokens.data_version";
        std::int64_t version = 0;
        {
            auto statement = TRY(database_->cached("PRAGMA data_version", where));
            if (!TRY(statement->step())) return fail(where, "PRAGMA data_version returned no row");
            version = statement->column_int(0);
        }  // reset here: the read transaction ends before a lookup starts its own
        ++data_version_reads_;
        if (data_version_ != version) {
            active_.clear();
            data_version_ = version;
        }
        stamp_ = stamp;
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
