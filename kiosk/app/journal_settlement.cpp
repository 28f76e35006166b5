#include "kiosk/app/journal_settlement.hpp"

#include <algorithm>

namespace kiosk::app {

JournalSettlement::JournalSettlement(SteadyClock& clock) : clock_(clock), next_attempt_(clock.now()) {}

bool JournalSettlement::settled() const {
    const std::lock_guard lock(mutex_);
    return settled_;
}

void JournalSettlement::on_unsettled(std::function<void()> listener) {
    const std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

void JournalSettlement::unsettle() {
    std::function<void()> listener;
    {
        const std::lock_guard lock(mutex_);
        ++generation_;
        if (!settled_) return;
        settled_ = false;
        next_attempt_ = clock_.now();
        backoff_ = kFirstRetry;
        listener = listener_;
    }
    if (listener) listener();
}

std::optional<JournalSettlement::Attempt> JournalSettlement::begin_attempt() {
    const std::lock_guard lock(mutex_);
    if (settled_ || clock_.now() < next_attempt_) return std::nullopt;
    return Attempt{generation_};
}

void JournalSettlement::succeeded(Attempt attempt) {
    const std::lock_guard lock(mutex_);
    if (attempt.generation != generation_) return;  // a write failed meanwhile: try again, now
    settled_ = true;
    backoff_ = kFirstRetry;
}

void JournalSettlement::failed() {
    const std::lock_guard lock(mutex_);
    next_attempt_ = clock_.now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kLongestRetry);
}

}  // namespace kiosk::app
