#include "kiosk/mgmt/console_sign_in_limit.hpp"

#include <algorithm>

namespace kiosk::mgmt {

std::optional<std::int64_t> SignInLimiter::attempt(std::string_view address, std::int64_t now_ms) {
    const auto closed = [&](const Window& window) { return now_ms - window.opened_at_ms >= limits_.window_ms; };
    auto found = windows_.find(std::string(address));
    if (found != windows_.end() && closed(found->second)) {
        windows_.erase(found);
        found = windows_.end();
    }
    if (found == windows_.end()) {
        if (windows_.size() >= limits_.addresses_max) std::erase_if(windows_, [&](const auto& entry) { return closed(entry.second); });
        if (windows_.size() >= limits_.addresses_max) {
            std::int64_t soonest_ms = limits_.window_ms;
            for (const auto& [known, window] : windows_)
                soonest_ms = std::min(soonest_ms, window.opened_at_ms + limits_.window_ms - now_ms);
            return std::max<std::int64_t>(soonest_ms, 1);
        }
        found = windows_.emplace(std::string(address), Window{now_ms, 0}).first;
    }
    Window& window = found->second;
    if (window.attempts >= limits_.attempts_max) return std::max<std::int64_t>(window.opened_at_ms + limits_.window_ms - now_ms, 1);
    ++window.attempts;
    return std::nullopt;
}

}  // namespace kiosk::mgmt
