#include "drivers/cardreader/ec_key.hpp"

#include "kiosk/core/assert.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>
#include <fstream>
#include <sstream>

namespace kiosk::cardreader {

namespace {

constexpr const char* kWhere = "card.crypto";

struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) {
    return {key, EVP_PKEY_free};
}

// Accepts only EC keys on P-256: the profile has no other curve, and a wrong-curve issuer key in the
// configuration must fail loudly at load time rather than refuse every card.
bool is_p256(EVP_PKEY* key) {
    if (key == nullptr || EVP_PKEY_is_a(key, "EC") != 1) return false;
    std::array<char, 64> group{};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(), &length) != 1)
        return false;
    const std::string name(group.data(), length);
    return name == "prime256v1" || name == "P-256" || name == "secp256r1";
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(kWhere, "cannot open key file " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A key read from a PEM file (Key::from_pem); its errors name the file.
template <class Key>
Result<Key> key_from_pem_file(const std::string& path) {
    auto key = Key::from_pem(TRY(read_text_file(path)));
    if (!key) return fail(kWhere, key.error().what + " in " + path);
    return key;
}

std::string bio_to_string(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(length));
}

}  // namespace

Bytes sha256(std::span<const std::uint8_t> data) {
    Bytes digest(32);
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
    digest.resize(length);
    return digest;
}

Result<Bytes> random_bytes(std::size_t count) {
    Bytes bytes(count);
    if (RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) return fail(kWhere, "RAND_bytes failed");
    return bytes;
}

Result<EcPublicKey> EcPublicKey::from_pem(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    auto key = own(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return fail(kWhere, "not a PEM public key");
    if (!is_p256(key.get())) return fail(kWhere, "public key is not ECDSA P-256");
    return EcPublicKey(std::move(key));
}

Result<EcPublicKey> EcPublicKey::from_pem_file(const std::string& path) {
    return key_from_pem_file<EcPublicKey>(path);
}

Result<EcPublicKey> EcPublicKey::from_point(std::span<const std::uint8_t> point) {
    if (point.size() != 65 || point[0] != 0x04) return fail(kWhere, "chip key is not an uncompressed P-256 point");
    std::array<char, 11> group{"prime256v1"};
    Bytes copy(point.begin(), point.end());
    std::array<OSSL_PARAM, 3> params{
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group.data(), 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, copy.data(), copy.size()),
        OSSL_PARAM_construct_end()};
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr),
                                                                    EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.data()) != 1)
        return fail(kWhere, "chip key is not a point on P-256");
    auto key = own(raw);
    // fromdata does not prove the point lies on the curve; the public-key check does.
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> check(EVP_PKEY_CTX_new_from_pkey(nullptr, raw, nullptr),
                                                                      EVP_PKEY_CTX_free);
    if (!check || EVP_PKEY_public_check(check.get()) != 1) return fail(kWhere, "chip key is not a point on P-256");
    return EcPublicKey(std::move(key));
}

bool EcPublicKey::verify(std::span<const std::uint8_t> data, std::span<const std::uint8_t> der_signature) const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), der_signature.data(), der_signature.size(), data.data(), data.size()) == 1;
}

Bytes EcPublicKey::point() const {
    std::array<std::uint8_t, 133> buffer{};
    std::size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buffer.data(), buffer.size(),
                                        &length) != 1)
        return {};
    return Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(length));
}

std::string EcPublicKey::to_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(bio.get(), key_.get());
    return bio_to_string(bio.get());
}

Result<EcPrivateKey> EcPrivateKey::generate() {
    auto key = own(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) return fail(kWhere, "P-256 key generation failed");
    return EcPrivateKey(std::move(key));
}

Result<EcPrivateKey> EcPrivateKey::from_pem(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    auto key = own(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return fail(kWhere, "not a PEM private key");
    if (!is_p256(key.get())) return fail(kWhere, "private key is not ECDSA P-256");
    return EcPrivateKey(std::move(key));
}

Result<EcPrivateKey> EcPrivateKey::from_pem_file(const std::string& path) {
    return key_from_pem_file<EcPrivateKey>(path);
}

Result<Bytes> EcPrivateKey::sign(std::span<const std::uint8_t> data) const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data.data(), data.size()) != 1)
        return fail(kWhere, "ECDSA signing failed");
    Bytes signature(length);
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, data.data(), data.size()) != 1)
        return fail(kWhere, "ECDSA signing failed");
    signature.resize(length);
    return signature;
}

EcPublicKey EcPrivateKey::public_key() const {
    // Round-trip through the encoded point so the public object holds no private material.
    auto key = EcPublicKey::from_point(EcPublicKey(key_).point());
    VERIFY_MSG(key.ok(), "generated P-256 key has no valid public point");
    return key.value();
}

std::string EcPrivateKey::to_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bio_to_string(bio.get());
}

}  // namespace kiosk::cardreader
