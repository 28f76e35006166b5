// ECDSA P-256 with SHA-256 over OpenSSL 3, the only signature scheme of the card profile: the issuer
// signs the security object, the chip signs the kiosk's challenge.
//
// Keys are cheap to copy (shared, immutable OpenSSL objects) and safe to use from several threads.
#pragma once

#include "drivers/cardreader/apdu.hpp"
#include "kiosk/core/result.hpp"

#include <memory>
#include <span>
#include <string>

struct evp_pkey_st;

namespace kiosk::cardreader {

[[nodiscard]] Bytes sha256(std::span<const std::uint8_t> data);

// Cryptographically random bytes (RAND_bytes); fails only when the RNG cannot be seeded.
[[nodiscard]] Result<Bytes> random_bytes(std::size_t count);

class EcPublicKey {
public:
    // A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) on P-256, as text or from a file.
    [[nodiscard]] static Result<EcPublicKey> from_pem(const std::string& pem);
    [[nodiscard]] static Result<EcPublicKey> from_pem_file(const std::string& path);
    // An uncompressed P-256 point (04 || X || Y, 65 bytes), as EF 0104 holds it. Fails when the
    // point is malformed or not on the curve.
    [[nodiscard]] static Result<EcPublicKey> from_point(std::span<const std::uint8_t> point);

    // True only for a valid DER ECDSA signature over SHA-256(data) by this key.
    [[nodiscard]] bool verify(std::span<const std::uint8_t> data, std::span<const std::uint8_t> der_signature) const;
    [[nodiscard]] Bytes point() const;  // uncompressed, 65 bytes
    [[nodiscard]] std::string to_pem() const;

private:
    friend class EcPrivateKey;
    explicit EcPublicKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
    std::shared_ptr<evp_pkey_st> key_;
};

class EcPrivateKey {
public:
    [[nodiscard]] static Result<EcPrivateKey> generate();
    // A PEM "PRIVATE KEY" (PKCS#8) or "EC PRIVATE KEY" on P-256.
    [[nodiscard]] static Result<EcPrivateKey> from_pem(const std::string& pem);
    [[nodiscard]] static Result<EcPrivateKey> from_pem_file(const std::string& path);

    // DER ECDSA signature over SHA-256(data).
    [[nodiscard]] Result<Bytes> sign(std::span<const std::uint8_t> data) const;
    [[nodiscard]] EcPublicKey public_key() const;
    [[nodiscard]] std::string to_pem() const;  // PKCS#8

private:
    explicit EcPrivateKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
    std::shared_ptr<evp_pkey_st> key_;
};

}  // namespace kiosk::cardreader
