// JournalSettlement: whether the pickup journal is settled, so that a new pickup may begin.
//
// Settled: every pickup the journal opened was closed, by the session's own closing or by start-up
// reconciliation with the dispenser's sensors (startup_reconciliation.hpp). It starts unsettled:
// after a power cut an entry may be open, and reconciliation must run before the first pickup. A
// journal write that fails unsettles it: that pickup's entry may stay open, so where its card went
// is then known only to the sensors, and a second pickup beside it would move a card past a journal
// that no longer says where the last one went (two open entries are also a contradiction that
// reconciliation can only hand to an operator).
//
// Who does what:
//   - the store worker refuses a pickup's intent while unsettled and unsettles on every failed step
//     or closing (StoreService);
//   - the dispenser's worker reconciles while unsettled, at most once per backoff interval (from
//     kFirstRetry, doubling up to kLongestRetry, on the SteadyClock seam) and never while a card of
//     a session is out of its slot, and settles on success. The dispenser is reported down with
//     DeviceFault::journal_unreconciled meanwhile (the listener), so no session offers a pickup, and
//     the status and /healthz say why.
// A write that fails while a reconciliation runs wins: an attempt settles the journal only if it
// was not unsettled again since the attempt began.
//
// Thread safety: every member from any thread. The listener runs on the thread that unsettles, after
// the state changed and outside the lock.
#pragma once

#include "kiosk/clock/steady_clock.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

namespace kiosk::app {

class JournalSettlement {
public:
    static constexpr std::chrono::milliseconds kFirstRetry{5'000};
    static constexpr std::chrono::milliseconds kLongestRetry{300'000};

    explicit JournalSettlement(SteadyClock& clock = real_steady_clock());
    JournalSettlement(const JournalSettlement&) = delete;
    JournalSettlement& operator=(const JournalSettlement&) = delete;

    [[nodiscard]] bool settled() const;
    // A journal write failed. From settled, the first reconciliation is due at once and the listener
    // is told; while unsettled already, nothing changes (the backoff goes on).
    void unsettle();
    // Called on every change from settled to unsettled (null: none). Whoever it calls must outlive
    // every thread that may unsettle, or clear it first once those threads have stopped.
    void on_unsettled(std::function<void()> listener);

    // One reconciliation, from begin_attempt() to succeeded() or failed().
    struct Attempt {
        std::uint64_t generation = 0;
    };
    // nullopt: nothing to do (settled), or the backoff since the last failed attempt has not passed.
    [[nodiscard]] std::optional<Attempt> begin_attempt();
    // Settled, unless a write failed since the attempt began (then the next attempt is due at once).
    void succeeded(Attempt attempt);
    // The attempt failed: the next one waits the backoff, which then doubles.
    void failed();

private:
    SteadyClock& clock_;
    mutable std::mutex mutex_;
    bool settled_ = false;                             // guarded by mutex_
    std::uint64_t generation_ = 0;                     // guarded by mutex_: counts unsettle() calls
    SteadyClock::time_point next_attempt_;             // guarded by mutex_
    std::chrono::milliseconds backoff_ = kFirstRetry;  // guarded by mutex_
    std::function<void()> listener_;                   // guarded by mutex_; called outside it
};

}  // namespace kiosk::app
