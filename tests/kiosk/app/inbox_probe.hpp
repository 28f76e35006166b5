// InboxProbe: a SessionInbox (StaffInboxProbe: a StaffInbox) that the test thread reads as the UI thread does, waiting for the
// events the services push from their workers. The wait is bounded only as a guard against a hang
// (a failure, never a time window a test measures); what arrives and in which order is asserted.
#pragma once

#include "kiosk/app/session_inbox.hpp"
#include "kiosk/app/staff_inbox.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace kiosk::app::test {

template <class Event>
class BasicInboxProbe {
public:
    BasicInboxProbe() : inbox_([this] { woken(); }) {}
    BasicInboxProbe(const BasicInboxProbe&) = delete;
    BasicInboxProbe& operator=(const BasicInboxProbe&) = delete;

    Inbox<Event>& inbox() { return inbox_; }

    // The first event of type T that matches and was not returned before, waiting for it. Events of
    // other types are left for their own next(); events of one type are returned in arrival order.
    template <class T>
    T next(const std::function<bool(const T&)>& match = [](const T&) { return true; }) {
        for (;;) {
            std::size_t pushes_before = 0;
            {
                const std::lock_guard lock(mutex_);
                pushes_before = pushes_;
            }
            drain();
            for (std::size_t i = 0; i < seen_.size(); ++i) {
                const auto* event = std::get_if<T>(&seen_[i]);
                if (event == nullptr || returned_[i] || !match(*event)) continue;
                returned_[i] = true;
                return *event;
            }
            std::unique_lock lock(mutex_);
            REQUIRE_MESSAGE(wake_.wait_for(lock, kHangGuard, [&] { return pushes_ != pushes_before; }),
                            "no event arrived: the service hangs or never answers");
        }
    }

    // Every event pushed so far, in order.
    const std::vector<Event>& seen() {
        drain();
        return seen_;
    }

    // The events of type T pushed so far.
    template <class T>
    std::vector<T> all() {
        std::vector<T> out;
        for (const auto& event : seen()) {
            if (const auto* e = std::get_if<T>(&event)) out.push_back(*e);
        }
        return out;
    }

private:
    static constexpr std::chrono::seconds kHangGuard{30};

    void woken() {
        {
            const std::lock_guard lock(mutex_);
            ++pushes_;
        }
        wake_.notify_all();
    }
    void drain() {
        for (auto& event : inbox_.drain()) {
            seen_.push_back(std::move(event));
            returned_.push_back(false);
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::size_t pushes_ = 0;  // guarded by mutex_
    Inbox<Event> inbox_;
    std::vector<Event> seen_;     // test thread only
    std::vector<bool> returned_;  // by next(), per event in seen_
};

using InboxProbe = BasicInboxProbe<core::session::Event>;
using StaffInboxProbe = BasicInboxProbe<core::staff::Event>;

}  // namespace kiosk::app::test
