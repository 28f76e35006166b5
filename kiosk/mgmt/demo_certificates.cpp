// The X509 and EVP calls of the management layer live here (STYLE.md 3), and the writing of the demo
// client's PEM files.
#include "kiosk/mgmt/demo_certificates.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace kiosk::mgmt {
namespace {

constexpr const char* kWhere = "mgmt.certificates";
constexpr long kValidSeconds = 24L * 60 * 60;

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

Result<std::string> key_pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(kWhere, "cannot encode a private key");
    return bio_text(bio.get());
}

Result<std::string> cert_pem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return fail(kWhere, "cannot encode a certificate");
    return bio_text(bio.get());
}

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (extension == nullptr) return false;
    const bool added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

struct Issued {
    KeyPtr key;
    CertPtr cert;
};

enum class Usage { ca, server, client };

// A new P-256 key and a certificate for it, signed by issuer (or by itself when issuer is null).
Result<Issued> issue(const std::string& common_name, Usage usage, const Issued* issuer, long serial) {
    Issued made;
    made.key.reset(EVP_EC_gen("P-256"));
    if (!made.key) return fail(kWhere, "cannot generate a P-256 key");
    made.cert.reset(X509_new());
    X509* cert = made.cert.get();
    if (!cert || X509_set_version(cert, 2) != 1 || ASN1_INTEGER_set(X509_get_serialNumber(cert), serial) != 1 ||
        X509_gmtime_adj(X509_getm_notBefore(cert), -60) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(cert), kValidSeconds) == nullptr ||
        X509_set_pubkey(cert, made.key.get()) != 1)
        return fail(kWhere, "cannot fill a certificate");
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("ktp-kiosk demo"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509* issuer_cert = issuer ? issuer->cert.get() : cert;
    EVP_PKEY* issuer_key = issuer ? issuer->key.get() : made.key.get();
    if (X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert)) != 1)
        return fail(kWhere, "cannot set a certificate's issuer");
    bool extensions = true;
    switch (usage) {
        case Usage::ca:
            extensions = add_extension(cert, issuer_cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
                         add_extension(cert, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
            break;
        case Usage::server:
            extensions = add_extension(cert, issuer_cert, NID_basic_constraints, "critical,CA:FALSE") &&
                         add_extension(cert, issuer_cert, NID_ext_key_usage, "serverAuth") &&
                         add_extension(cert, issuer_cert, NID_subject_alt_name,
                                       "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1");
            break;
        case Usage::client:
            extensions = add_extension(cert, issuer_cert, NID_basic_constraints, "critical,CA:FALSE") &&
                         add_extension(cert, issuer_cert, NID_ext_key_usage, "clientAuth");
            break;
    }
    if (!extensions) return fail(kWhere, "cannot add a certificate's extensions");
    if (X509_sign(cert, issuer_key, EVP_sha256()) == 0) return fail(kWhere, "cannot sign a certificate");
    return made;
}

Result<CertifiedKey> to_pem(const Issued& issued) {
    CertifiedKey pem;
    pem.certificate_pem = TRY(cert_pem(issued.cert.get()));
    pem.private_key_pem = TRY(key_pem(issued.key.get()));
    return pem;
}

enum class FileAccess { owner_only, world_readable };

// Created with its final permissions, so a private key is never readable by others, not even for a
// moment.
Status write_pem(const std::filesystem::path& path, const std::string& pem, FileAccess access) {
    const std::string where = std::string(kWhere) + " " + path.string();
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                          access == FileAccess::owner_only ? 0600 : 0644);
    if (fd < 0) return fail(where, std::string("cannot create: ") + std::strerror(errno));
    std::size_t written = 0;
    while (written < pem.size()) {
        const ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = errno;
            ::close(fd);
            return fail(where, std::string("cannot write: ") + std::strerror(error));
        }
        written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) return fail(where, std::string("cannot write: ") + std::strerror(errno));
    return {};
}

}  // namespace

Result<DemoCertificates> make_demo_certificates(const std::string& client_name) {
    const Issued ca = TRY(issue("ktp-kiosk demo CA", Usage::ca, nullptr, 1));
    const Issued server = TRY(issue("localhost", Usage::server, &ca, 2));
    const Issued client = TRY(issue(client_name, Usage::client, &ca, 3));
    DemoCertificates made;
    made.ca = TRY(to_pem(ca));
    made.server = TRY(to_pem(server));
    made.client = TRY(to_pem(client));
    return made;
}

Result<DemoClientFiles> write_demo_client_files(const DemoCertificates& certificates,
                                               const std::filesystem::path& directory) {
    const DemoClientFiles files{directory / "mgmt-central.crt", directory / "mgmt-central.key", directory / "mgmt-ca.crt"};
    TRY(write_pem(files.certificate, certificates.client.certificate_pem, FileAccess::world_readable));
    TRY(write_pem(files.private_key, certificates.client.private_key_pem, FileAccess::owner_only));
    TRY(write_pem(files.ca, certificates.ca.certificate_pem, FileAccess::world_readable));
    return files;
}

Result<CertifiedKey> make_self_signed_client(const std::string& client_name) {
    const Issued rogue_ca = TRY(issue("not the kiosk's CA", Usage::ca, nullptr, 1));
    const Issued client = TRY(issue(client_name, Usage::client, &rogue_ca, 2));
    return to_pem(client);
}

}  // namespace kiosk::mgmt
