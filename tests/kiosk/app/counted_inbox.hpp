// CountedInbox: a SessionInbox that counts the pushes it accepted (each wakes it) and lets the test
// thread, in the UI thread's place, wait for them; the waits are bounded only against a hang.
// FullInbox: one already at its capacity (one Tick in a one-place inbox), as when the UI thread has
// stopped draining it, for showing which messages still get in.
#pragma once

#include "kiosk/app/session_inbox.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace kiosk::app::test {

class CountedInbox {
public:
    explicit CountedInbox(std::size_t capacity = 1024) : inbox_([this] { woken(); }, capacity) {}
    CountedInbox(const CountedInbox&) = delete;
    CountedInbox& operator=(const CountedInbox&) = delete;

    SessionInbox& inbox() { return inbox_; }

    // Waits until `count` pushes in all were accepted.
    void await_accepted(std::size_t count) {
        std::unique_lock lock(mutex_);
        REQUIRE_MESSAGE(woken_.wait_for(lock, std::chrono::seconds(30), [&] { return accepted_ >= count; }),
                        "nothing arrived: a service hangs, never answers, or its message was refused");
    }
    // Waits until a push was accepted since the last call returned (the UI loop's sleep).
    void await_next() {
        std::size_t next = 0;
        {
            const std::lock_guard lock(mutex_);
            next = awaited_ + 1;
        }
        await_accepted(next);
        const std::lock_guard lock(mutex_);
        awaited_ = accepted_;
    }

private:
    void woken() {
        {
            const std::lock_guard lock(mutex_);
            ++accepted_;
        }
        woken_.notify_all();
    }
    std::mutex mutex_;
    std::condition_variable woken_;
    std::size_t accepted_ = 0;  // guarded by mutex_
    std::size_t awaited_ = 0;   // guarded by mutex_: accepted_ when await_next() last returned
    SessionInbox inbox_;
};

class FullInbox : public CountedInbox {
public:
    FullInbox() : CountedInbox(1) { REQUIRE(inbox().push(core::session::Tick{})); }

    // Waits until `count` pushes were accepted after the Tick.
    void await_after_tick(std::size_t count) { await_accepted(count + 1); }
    // Everything in it after the Tick, in order.
    std::vector<core::session::Event> after_tick() {
        auto all = inbox().drain();
        REQUIRE_FALSE(all.empty());
        REQUIRE(std::holds_alternative<core::session::Tick>(all.front()));
        return {all.begin() + 1, all.end()};
    }
};

}  // namespace kiosk::app::test
