// SHA-256 through OpenSSL's EVP interface: the one file that calls libcrypto in the store.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace kiosk::store {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Aborts if libcrypto cannot compute a digest (it cannot fail for SHA-256 short of memory exhaustion).
[[nodiscard]] Sha256Digest sha256(std::span<const std::uint8_t> bytes);

}  // namespace kiosk::store
