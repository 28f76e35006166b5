// ReplySlot<T>: one answer from one thread to another that waits for it with a deadline (the
// management server's thread asks the UI thread, see service_desk.hpp). Shared by both through a
// shared_ptr, so an answer that comes after the asker gave up lands in a slot nobody reads, never
// in freed memory.
//
// Thread safety: put() from the answering thread (the first answer counts; later ones are ignored),
// wait_for() from the asking thread, once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace kiosk::app {

template <class T>
class ReplySlot {
public:
    void put(T value) {
        {
            const std::lock_guard lock(mutex_);
            if (value_) return;
            value_.emplace(std::move(value));
        }
        ready_.notify_all();
    }

    // The answer, or nullopt when none came within `timeout`.
    std::optional<T> wait_for(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        if (!ready_.wait_for(lock, timeout, [this] { return value_.has_value(); })) return std::nullopt;
        return std::move(value_);
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::optional<T> value_;  // guarded by mutex_
};

}  // namespace kiosk::app
