#include "kiosk/store/sha256.hpp"

#include "kiosk/core/assert.hpp"

#include <openssl/evp.h>

namespace kiosk::store {

Sha256Digest sha256(std::span<const std::uint8_t> bytes) {
    Sha256Digest digest{};
    unsigned int length = 0;
    // EVP_Digest fails only when libcrypto cannot run SHA-256 at all (no memory, a broken provider):
    // nothing a caller could handle, and an audit chain without hashes must not be written.
    const int digested = EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    VERIFY_MSG(digested == 1 && length == digest.size(), "SHA-256 failed in libcrypto");
    return digest;
}

}  // namespace kiosk::store
