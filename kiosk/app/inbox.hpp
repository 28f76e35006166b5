// Inbox<T>: results posted by device workers and the management thread, drained by the UI thread.
//
// Thread safety: push() from any thread; drain() from the UI thread only. Every push calls the wake
// function (which, in the kiosk, pushes an SDL user event so SDL_WaitEvent returns), so the UI loop
// sleeps with zero CPU until something arrives. Bounded: when full, push() refuses and counts the
// drop, so a runaway producer can never grow memory without limit.
#pragma once

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

    bool push(T item) {
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

    [[nodiscard]] std::size_t dropped() const {
        const std::lock_guard lock(mutex_);
        return dropped_;
    }

private:
    std::function<void()> wake_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<T> items_;
    std::size_t dropped_ = 0;
};

}  // namespace kiosk::app
