// RequestCancellation: one cancellation token per device request, so that cancelling request N
// reaches exactly that request: before it is queued, while it waits in the worker's queue, or while
// it runs, and never an earlier or a later one. The driver looks at the token (std::stop_token) at
// each step; nothing is reset between requests, so no cancel can fall between a check and a reset.
//
// A cancel may come before begin() for its request: the session machine's CancelFingerprint goes
// straight to the service while its VerifyFingerprint first passes the store worker, which fetches
// the templates (device_commands.hpp). Such an early cancel is kept and stops the token begin()
// hands out. Request ids only grow (the machine's next_request), so begin(N) forgets early cancels
// of ids below N: their requests were never begun and never will be. At most kMaxEarlyCancels are
// kept in any case (the machine has one verification outstanding at a time).
//
// Thread safety: every member from any thread.
#pragma once

#include "kiosk/core/session/session_types.hpp"

#include <cstddef>
#include <map>
#include <mutex>
#include <set>
#include <stop_token>

namespace kiosk::app {

class RequestCancellation {
public:
    static constexpr std::size_t kMaxEarlyCancels = 16;

    // The token of `request`, which must then be end()ed. Already stopped when the request was
    // cancelled before, or when cancel_all() was called.
    [[nodiscard]] std::stop_token begin(core::session::RequestId request);
    // The request is over (answered, cancelled or dropped): its token is forgotten.
    void end(core::session::RequestId request);
    // Stops the token of `request`, whether begun or not yet.
    void cancel(core::session::RequestId request);
    // Stops every begun token and every later one (the service is stopping).
    void cancel_all();

    // Requests begun and not ended (for tests).
    [[nodiscard]] std::size_t open_requests() const;

private:
    mutable std::mutex mutex_;
    std::map<core::session::RequestId, std::stop_source> open_;  // guarded by mutex_
    std::set<core::session::RequestId> early_;                   // guarded by mutex_
    bool all_cancelled_ = false;                                 // guarded by mutex_
};

}  // namespace kiosk::app
