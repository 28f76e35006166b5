// FullInbox: a SessionInbox already at its capacity (one Tick in a one-place inbox), as when the UI
// thread has stopped draining it, for showing which messages still get in. It counts accepted
// pushes (each wakes it) and lets the test wait for them, bounded only against a hang.
#pragma once

#include "kiosk/app/session_inbox.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace kiosk::app::test {

class FullInbox {
public:
    FullInbox() { REQUIRE(inbox_.push(core::session::Tick{})); }
    FullInbox(const FullInbox&) = delete;
    FullInbox& operator=(const FullInbox&) = delete;

    SessionInbox& inbox() { return inbox_; }

    // Waits until `count` pushes were accepted after the Tick.
    void await_accepted(std::size_t count) {
        std::unique_lock lock(mutex_);
        REQUIRE_MESSAGE(woken_.wait_for(lock, std::chrono::seconds(30), [&] { return wakes_ >= count + 1; }),
                        "the message never got into the full inbox");
    }
    // Everything in it after the Tick, in order.
    std::vector<core::session::Event> after_tick() {
        auto all = inbox_.drain();
        REQUIRE_FALSE(all.empty());
        REQUIRE(std::holds_alternative<core::session::Tick>(all.front()));
        return {all.begin() + 1, all.end()};
    }

private:
    void woken() {
        {
            const std::lock_guard lock(mutex_);
            ++wakes_;
        }
        woken_.notify_all();
    }
    std::mutex mutex_;
    std::condition_variable woken_;
    std::size_t wakes_ = 0;  // guarded by mutex_
    SessionInbox inbox_{[this] { woken(); }, 1};
};

}  // namespace kiosk::app::test
