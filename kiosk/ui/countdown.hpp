// Countdowns shown to the resident in whole seconds ("Layar kembali ke awal dalam 12 detik"), on the
// host's monotonic milliseconds. Pure.
#pragma once

#include <cstdint>
#include <optional>

namespace kiosk::ui {

// Whole seconds until `deadline_ms`, rounded up (12.001 s left shows 13), 0 at and after it.
[[nodiscard]] constexpr int seconds_left(std::uint64_t deadline_ms, std::uint64_t now_ms) {
    if (now_ms >= deadline_ms) return 0;
    return static_cast<int>((deadline_ms - now_ms + 999) / 1000);
}

// The instant the shown number next changes (a frame is due then); nullopt once the deadline passed.
[[nodiscard]] constexpr std::optional<std::uint64_t> next_second_ms(std::uint64_t deadline_ms, std::uint64_t now_ms) {
    if (now_ms >= deadline_ms) return std::nullopt;
    const std::uint64_t remaining = deadline_ms - now_ms;
    return now_ms + (remaining % 1000 == 0 ? 1000 : remaining % 1000);
}

}  // namespace kiosk::ui
