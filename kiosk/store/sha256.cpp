#include "kiosk/store/sha256.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace kiosk::store {

Sha256Digest sha256(std::span<const std::uint8_t> bytes) {
    Sha256Digest digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size()) {
        std::fprintf(stderr, "kiosk::store: SHA-256 failed in libcrypto\n");
        std::abort();
    }
    return digest;
}

}  // namespace kiosk::store
