#include "kiosk/mgmt/console_sessions.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "kiosk/core/assert.hpp"

namespace kiosk::mgmt {

bool secrets_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

ConsoleSessions::ConsoleSessions(NewSecret new_secret, ConsoleSessionLimits limits)
    : new_secret_(std::move(new_secret)), limits_(limits) {
    VERIFY(new_secret_ && limits_.sessions_max > 0);
}

Result<std::string> ConsoleSessions::secret() {
    std::string made = TRY(new_secret_());
    VERIFY_MSG(made.size() >= kConsoleSecretMinChars, "a console secret is shorter than 128 bits");
    return made;
}

bool ConsoleSessions::expired(const Entry& entry, std::int64_t now_ms) const {
    return now_ms >= entry.session.expires_at_ms || now_ms - entry.last_used_ms >= limits_.idle_timeout_ms;
}

std::optional<std::size_t> ConsoleSessions::index_of(std::string_view id) const {
    // Every entry is compared, a match or not, so the time taken does not tell which one matched.
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (secrets_equal(entries_[i].id, id)) found = i;
    return found;
}

Result<OpenedSession> ConsoleSessions::open(const Caller& caller, std::int64_t now_ms) {
    OpenedSession opened;
    opened.id = TRY(secret());
    opened.session.caller = caller;
    opened.session.csrf_token = TRY(secret());
    opened.session.opened_at_ms = now_ms;
    opened.session.expires_at_ms = now_ms + limits_.lifetime_ms;
    std::erase_if(entries_, [&](const Entry& entry) { return expired(entry, now_ms); });
    if (entries_.size() >= limits_.sessions_max) {
        const auto least_recent = std::min_element(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
            return a.last_used_ms < b.last_used_ms;
        });
        entries_.erase(least_recent);
    }
    entries_.push_back(Entry{opened.id, opened.session, now_ms});
    return opened;
}

std::optional<ConsoleSession> ConsoleSessions::find(std::string_view id, std::int64_t now_ms) {
    const auto index = index_of(id);
    if (!index) return std::nullopt;
    if (expired(entries_[*index], now_ms)) {
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(*index));
        return std::nullopt;
    }
    return entries_[*index].session;
}

void ConsoleSessions::touch(std::string_view id, std::int64_t now_ms) {
    if (const auto index = index_of(id)) entries_[*index].last_used_ms = now_ms;
}

bool ConsoleSessions::close(std::string_view id) {
    const auto index = index_of(id);
    if (!index) return false;
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(*index));
    return true;
}

void ConsoleSessions::close_all_of(std::string_view caller_name) {
    std::erase_if(entries_, [&](const Entry& entry) { return entry.session.caller.name == caller_name; });
}

}  // namespace kiosk::mgmt
