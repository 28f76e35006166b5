// Deterministic fingers for the simulator, tests and the demo. Pure functions.
//
// Finger N has one canonical 512-byte template. Each live capture of finger N yields that template
// with a few bytes changed (as a real capture never repeats exactly), so matching a capture against
// the enrolled template scores high but not perfect, and two different fingers score near zero.
#pragma once

#include "drivers/fingerprint/protocol.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace kiosk::fingerprint::sim {

using Template = std::array<std::uint8_t, template_size>;

// The canonical (enrolled) template of finger `finger`.
[[nodiscard]] Template template_for_finger(std::uint32_t finger);

// The character file a live capture of `finger` produces; `capture` numbers the captures so that
// successive captures differ from each other.
[[nodiscard]] Template capture_of_finger(std::uint32_t finger, std::uint32_t capture);

// The module's match score of two character files: 0 for unrelated ones, ~290 for two captures of
// the same finger. Symmetric.
[[nodiscard]] std::uint16_t match_score(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace kiosk::fingerprint::sim
