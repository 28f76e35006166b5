#include "kiosk/app/request_cancellation.hpp"

namespace kiosk::app {

using core::session::RequestId;

std::stop_token RequestCancellation::begin(RequestId request) {
    const std::lock_guard lock(mutex_);
    std::stop_source& source = open_.insert_or_assign(request, std::stop_source()).first->second;
    const bool cancelled_early = early_.erase(request) > 0;
    early_.erase(early_.begin(), early_.lower_bound(request));
    if (cancelled_early || all_cancelled_) source.request_stop();
    return source.get_token();
}

void RequestCancellation::end(RequestId request) {
    const std::lock_guard lock(mutex_);
    open_.erase(request);
}

void RequestCancellation::cancel(RequestId request) {
    const std::lock_guard lock(mutex_);
    if (const auto open = open_.find(request); open != open_.end()) {
        open->second.request_stop();
        return;
    }
    early_.insert(request);
    if (early_.size() > kMaxEarlyCancels) early_.erase(early_.begin());
}

void RequestCancellation::cancel_all() {
    const std::lock_guard lock(mutex_);
    all_cancelled_ = true;
    for (auto& [request, source] : open_) source.request_stop();
}

std::size_t RequestCancellation::open_requests() const {
    const std::lock_guard lock(mutex_);
    return open_.size();
}

}  // namespace kiosk::app
