#include "drivers/fingerprint/sim/finger_templates.hpp"

#include <algorithm>

namespace kiosk::fingerprint::sim {
namespace {

// splitmix64: a small, well-mixed, portable generator, so templates are identical on every machine.
std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Bytes a capture changes relative to the enrolled template.
constexpr std::size_t capture_noise_bytes = 12;
// Equal bytes two unrelated files share by chance are ~2 of 512; scores start above this floor.
constexpr std::size_t chance_floor = 40;

}  // namespace

Template template_for_finger(std::uint32_t finger) {
    Template t{};
    std::uint64_t state = 0x4B54502D46505254ULL ^ (std::uint64_t{finger} << 17);
    for (std::size_t i = 0; i < t.size(); i += 8) {
        const std::uint64_t word = splitmix64(state);
        for (std::size_t j = 0; j < 8; ++j) t[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
    }
    // The first bytes of an R30x character file describe it (type, quality); keep them plausible.
    t[0] = 0x03;
    t[1] = 0x01;
    return t;
}

Template capture_of_finger(std::uint32_t finger, std::uint32_t capture) {
    Template t = template_for_finger(finger);
    std::uint64_t state = (std::uint64_t{finger} << 32) ^ capture ^ 0xC0FFEEULL;
    for (std::size_t k = 0; k < capture_noise_bytes; ++k) {
        const std::uint64_t r = splitmix64(state);
        const std::size_t at = 2 + static_cast<std::size_t>(r % (t.size() - 2));
        t[at] = static_cast<std::uint8_t>(t[at] ^ (1U + ((r >> 16) % 255U)));
    }
    return t;
}

std::uint16_t match_score(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    const std::size_t n = std::min(a.size(), b.size());
    if (n == 0) return 0;
    std::size_t equal = 0;
    for (std::size_t i = 2; i < n; ++i) equal += a[i] == b[i] ? 1U : 0U;
    if (equal <= chance_floor) return 0;
    return static_cast<std::uint16_t>((equal - chance_floor) * 300 / (n - 2 - chance_floor));
}

}  // namespace kiosk::fingerprint::sim
