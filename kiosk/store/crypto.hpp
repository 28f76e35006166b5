// The store's libcrypto calls, through OpenSSL's EVP and RAND interfaces: the one file in the store
// that calls libcrypto, so every OpenSSL return code becomes our value or our abort here.
#pragma once

#include "kiosk/core/result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace kiosk::store {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Aborts if libcrypto cannot compute a digest (it cannot fail for SHA-256 short of memory exhaustion).
[[nodiscard]] Sha256Digest sha256(std::span<const std::uint8_t> bytes);

// `n` bytes from OpenSSL's CSPRNG (RAND_bytes), for secrets. An error, not an abort, when the
// generator cannot be seeded (no entropy source yet, early at boot or in a sandbox): the caller
// refuses the operation and says why.
[[nodiscard]] Result<std::vector<std::uint8_t>> random_bytes(std::size_t n);

}  // namespace kiosk::store
