// NikLockBook: which NIKs are locked after repeated fingerprint mismatches.
//
// Keyed by the NIK's 16 digits. Pure and single-threaded: the caller passes time in and persists the
// book (entries() / restore()) where it likes. Bounded: entries with no failure inside the window and
// no running lock are pruned on every write, and past `max_entries` the least useful entry goes (the
// oldest unlocked one; only if every entry is locked, the lock that ends first).
//
// Time is wall time and may jump: a failure stamped in the future is treated as happening now, and a
// lock never lasts longer than `lock_duration` from now, so a clock set back cannot lock anyone for
// days.
//
// Whether a NIK exists plays no part: the book counts failures for any well-formed NIK, so locking
// behaves identically for known and unknown NIKs.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/session/session_config.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::core::session {

class NikLockBook {
public:
    struct Entry {
        std::string nik_digits;
        std::vector<Instant> failures;  // inside the window, oldest first, at most failures_to_lock
        std::optional<Instant> locked_until;
        friend bool operator==(const Entry&, const Entry&) = default;
    };

    explicit NikLockBook(LockPolicy policy = {}) : policy_(policy) {}

    // Records a mismatch. Returns true when this failure locks the NIK (or it already was locked).
    bool record_failure(const Nik& nik, Instant now);
    // A verified owner: forgets the NIK's failures and any lock.
    void record_success(const Nik& nik);
    [[nodiscard]] bool is_locked(const Nik& nik, Instant now) const;
    [[nodiscard]] std::optional<Instant> locked_until(const Nik& nik, Instant now) const;

    // Drops entries with no failure inside the window and no running lock.
    void prune(Instant now);

    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] const LockPolicy& policy() const { return policy_; }

    // For persistence. restore() replaces the book; entries over max_entries are dropped by the
    // same rule as at run time.
    [[nodiscard]] std::vector<Entry> entries() const;
    void restore(const std::vector<Entry>& entries, Instant now);

private:
    struct State {
        std::vector<Instant> failures;
        std::optional<Instant> locked_until;
    };
    [[nodiscard]] bool live(const State& state, Instant now) const;
    void enforce_bound();

    LockPolicy policy_;
    std::map<std::string, State, std::less<>> entries_;
};

}  // namespace kiosk::core::session
