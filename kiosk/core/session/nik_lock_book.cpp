#include "kiosk/core/session/nik_lock_book.hpp"

#include <algorithm>

namespace kiosk::core::session {

bool NikLockBook::record_failure(const Nik& nik, Instant now) {
    prune(now);
    State& state = entries_[std::string(nik.digits())];
    if (state.locked_until && *state.locked_until > now) return true;
    state.locked_until.reset();
    state.failures.push_back(now);
    const auto keep = static_cast<std::size_t>(std::max(policy_.failures_to_lock, 1));
    if (state.failures.size() > keep) {
        state.failures.erase(state.failures.begin(),
                             state.failures.begin() + static_cast<std::ptrdiff_t>(state.failures.size() - keep));
    }
    bool locked = false;
    if (state.failures.size() >= keep) {
        state.locked_until = now + policy_.lock_duration;
        state.failures.clear();
        locked = true;
    }
    enforce_bound();
    return locked;
}

void NikLockBook::record_success(const Nik& nik) {
    if (auto it = entries_.find(nik.digits()); it != entries_.end()) entries_.erase(it);
}

std::optional<Instant> NikLockBook::locked_until(const Nik& nik, Instant now) const {
    auto it = entries_.find(nik.digits());
    if (it == entries_.end() || !it->second.locked_until || *it->second.locked_until <= now) return std::nullopt;
    // A lock stamped far ahead (the clock was set back since) never outlasts one lock from now.
    return std::min(*it->second.locked_until, now + policy_.lock_duration);
}

bool NikLockBook::is_locked(const Nik& nik, Instant now) const {
    return locked_until(nik, now).has_value();
}

bool NikLockBook::live(const State& state, Instant now) const {
    if (state.locked_until && *state.locked_until > now) return true;
    return std::any_of(state.failures.begin(), state.failures.end(),
                       [&](Instant at) { return at > now - policy_.failure_window; });
}

void NikLockBook::prune(Instant now) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        State& state = it->second;
        for (Instant& at : state.failures) at = std::min(at, now);
        if (state.locked_until) {
            if (*state.locked_until <= now)
                state.locked_until.reset();
            else
                state.locked_until = std::min(*state.locked_until, now + policy_.lock_duration);
        }
        std::erase_if(state.failures, [&](Instant at) { return at <= now - policy_.failure_window; });
        if (live(state, now))
            ++it;
        else
            it = entries_.erase(it);
    }
}

void NikLockBook::enforce_bound() {
    const std::size_t bound = std::max<std::size_t>(policy_.max_entries, 1);
    while (entries_.size() > bound) {
        // Evict the unlocked entry whose last failure is oldest; only if all are locked, the lock that
        // ends first. Unlocked entries hold less: at worst a few failures are forgotten.
        auto victim = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
            if (it->second.locked_until) continue;
            const Instant last = it->second.failures.empty() ? Instant{} : it->second.failures.back();
            if (victim == entries_.end() ||
                last < (victim->second.failures.empty() ? Instant{} : victim->second.failures.back())) {
                victim = it;
            }
        }
        if (victim == entries_.end()) {
            victim = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
                return *a.second.locked_until < *b.second.locked_until;
            });
        }
        entries_.erase(victim);
    }
}

std::vector<NikLockBook::Entry> NikLockBook::entries() const {
    std::vector<Entry> out;
    out.reserve(entries_.size());
    for (const auto& [digits, state] : entries_) out.push_back(Entry{digits, state.failures, state.locked_until});
    return out;
}

void NikLockBook::restore(const std::vector<Entry>& entries, Instant now) {
    entries_.clear();
    const auto keep = static_cast<std::size_t>(std::max(policy_.failures_to_lock, 1));
    for (const Entry& entry : entries) {
        // Only well-formed NIKs: a corrupted row must not occupy the book.
        if (!Nik::parse(entry.nik_digits).ok() || entry.nik_digits.size() != Nik::kDigits) continue;
        State state{entry.failures, entry.locked_until};
        std::sort(state.failures.begin(), state.failures.end());
        if (state.failures.size() > keep) {
            state.failures.erase(state.failures.begin(),
                                 state.failures.begin() + static_cast<std::ptrdiff_t>(state.failures.size() - keep));
        }
        entries_[entry.nik_digits] = std::move(state);
    }
    prune(now);
    enforce_bound();
}

}  // namespace kiosk::core::session
