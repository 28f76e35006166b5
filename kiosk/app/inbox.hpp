// Inbox<T>: results posted by device workers and the management thread, drained by the UI thread.
//
// Thread safety: the pushes from any thread; drain() from the UI thread only. Every accepted push
// calls the wake function (which, in the kiosk, pushes an SDL user event so SDL_WaitEvent returns),
// so the UI loop sleeps with zero CPU until something arrives.
//
// Bounded, with one way in for each kind of message, so that a runaway producer can never grow
// memory without limit and nothing that must arrive is lost to a full inbox:
//   - push(): an unsolicited message whose loss its producer can bear (a fingerprint's progress, a
//     card tapped at the front reader). Refused once the inbox holds `capacity` messages (counted
//     in dropped()); the caller decides what a refusal means for its kind, and is made to
//     ([[nodiscard]]).
//   - deliver(): a message that must arrive and whose number the protocol bounds: the answer to a
//     request (each request gets exactly one, so answers are as many as requests outstanding), or
//     a once-only order (the fault hold). Never refused, even past the capacity: the machine never
//     waits for an answer that a full inbox threw away.
//   - push_latest(): a state report whose newer value supersedes the older (a device's health, the
//     live configuration). Appended in order like any message; into a full inbox, the queued report
//     it supersedes is dropped instead (counted in superseded()), so the latest state always
//     arrives and each state kind holds at most one place beyond the capacity.
// A full inbox means the UI thread has stopped draining it: the watchdog then restarts the kiosk.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace kiosk::app {

template <class T>
class Inbox {
public:
    explicit Inbox(std::function<void()> wake, std::size_t capacity = 1024)
        : wake_(std::move(wake)), capacity_(capacity) {}

    // False, and the item is dropped, when the inbox is full.
    [[nodiscard]] bool push(T item) {
        {
            const std::lock_guard lock(mutex_);
            if (items_.size() >= capacity_) {
                ++dropped_;
                return false;
            }
            items_.push_back(std::move(item));
        }
        if (wake_) wake_();
        return true;
    }

    void deliver(T item) {
        {
            const std::lock_guard lock(mutex_);
            items_.push_back(std::move(item));
        }
        if (wake_) wake_();
    }

    // `supersedes(queued)`: true for a queued message that `item` makes stale (the same device's
    // health, say).
    template <class Supersedes>
    void push_latest(T item, Supersedes supersedes) {
        {
            const std::lock_guard lock(mutex_);
            if (items_.size() >= capacity_) {
                const auto stale = std::find_if(items_.begin(), items_.end(), supersedes);
                if (stale != items_.end()) {
                    items_.erase(stale);
                    ++superseded_;
                }
            }
            items_.push_back(std::move(item));
        }
        if (wake_) wake_();
    }

    std::vector<T> drain() {
        std::vector<T> out;
        const std::lock_guard lock(mutex_);
        out.reserve(items_.size());
        while (!items_.empty()) {
            out.push_back(std::move(items_.front()));
            items_.pop_front();
        }
        return out;
    }

    // Messages push() refused.
    [[nodiscard]] std::size_t dropped() const {
        const std::lock_guard lock(mutex_);
        return dropped_;
    }
    // Queued state reports push_latest() dropped for a newer one.
    [[nodiscard]] std::size_t superseded() const {
        const std::lock_guard lock(mutex_);
        return superseded_;
    }

private:
    std::function<void()> wake_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<T> items_;
    std::size_t dropped_ = 0;
    std::size_t superseded_ = 0;
};

}  // namespace kiosk::app
