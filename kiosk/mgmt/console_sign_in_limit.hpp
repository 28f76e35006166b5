// How often one client address may try to sign in to the operator console: at most attempts_max
// attempts in a window of window_ms that its first attempt opens; past that it is refused (429,
// Retry-After) until the window ends. Every attempt counts, a right token too, so the count is
// simple to reason about and no answer hints at which attempt was right.
//
// Tokens have 256 bits of entropy, so guessing one is hopeless anyway; the limit bounds what a
// client can make the kiosk do (a token lookup per attempt) and how fast a leaked prefix or a typo
// list can be tried. The table of addresses is bounded (addresses_max): when it is full of open
// windows, a new address is refused until one ends, so a flood from many addresses can never grow
// memory, and costs the honest operator at most one window's wait.
//
// Thread safety: none; the management server's thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kiosk::mgmt {

struct SignInLimits {
    int attempts_max = 5;
    std::int64_t window_ms = 60'000;
    std::size_t addresses_max = 1024;
};

class SignInLimiter {
public:
    explicit SignInLimiter(SignInLimits limits = {}) : limits_(limits) {}

    // Counts an attempt from `address` at now_ms. nullopt: go ahead; otherwise the milliseconds
    // until this address may try again (at least 1).
    [[nodiscard]] std::optional<std::int64_t> attempt(std::string_view address, std::int64_t now_ms);

    [[nodiscard]] std::size_t addresses_tracked() const { return windows_.size(); }

private:
    struct Window {
        std::int64_t opened_at_ms = 0;
        int attempts = 0;
    };
    SignInLimits limits_;
    std::unordered_map<std::string, Window> windows_;
};

}  // namespace kiosk::mgmt
