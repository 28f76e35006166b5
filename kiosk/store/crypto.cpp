#include "kiosk/store/crypto.hpp"

#include "kiosk/core/assert.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <string>

namespace kiosk::store {

Sha256Digest sha256(std::span<const std::uint8_t> bytes) {
    Sha256Digest digest{};
    unsigned int length = 0;
    // EVP_Digest fails only when libcrypto cannot run SHA-256 at all (no memory, a broken provider):
    // nothing a caller could handle, and an audit chain without hashes must not be written.
    // Fetched once: EVP_sha256() makes OpenSSL 3 look the implementation up in its providers on
    // every call, which cost more than hashing a token (bench/mgmt_status_bench.sh). Never freed:
    // it lives as long as the program, as libcrypto's own tables do.
    static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    VERIFY_MSG(kSha256 != nullptr, "libcrypto has no SHA-256");
    const int digested = EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, kSha256, nullptr);
    VERIFY_MSG(digested == 1 && length == digest.size(), "SHA-256 failed in libcrypto");
    return digest;
}

Result<std::vector<std::uint8_t>> random_bytes(std::size_t n) {
    constexpr const char* where = "store.random_bytes";
    if (n > static_cast<std::size_t>(INT_MAX)) return fail(where, "cannot draw more than INT_MAX bytes at once");
    std::vector<std::uint8_t> bytes(n);
    if (n == 0) return bytes;
    ERR_clear_error();
    if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) {
        // The queue holds OpenSSL's reason ("unable to fetch drbg", "entropy source failure"); it names
        // no secret, since none was produced.
        char reason[256] = "no reason given";
        if (const unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, reason, sizeof reason);
        ERR_clear_error();
        return fail(where, std::string("the random generator failed: ") + reason);
    }
    return bytes;
}

}  // namespace kiosk::store
