// Certificates for `kiosk --demo` and the tests: a throw-away CA made at start, a server certificate
// for 127.0.0.1, ::1 and localhost, and a client certificate for the central system, all ECDSA P-256
// and valid for a day. Nothing here is for an appliance, whose certificates come from the office's
// PKI through the [mgmt] keys.
#pragma once

#include <filesystem>
#include <string>

#include "kiosk/core/result.hpp"

namespace kiosk::mgmt {

struct CertifiedKey {
    std::string certificate_pem;
    std::string private_key_pem;
};

struct DemoCertificates {
    CertifiedKey ca;      // signs the two below
    CertifiedKey server;  // CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1
    CertifiedKey client;  // CN=<client_name>, extendedKeyUsage clientAuth
};

// Errors only when libcrypto fails (no entropy, out of memory).
[[nodiscard]] Result<DemoCertificates> make_demo_certificates(const std::string& client_name = "central-demo");

// The demo's central client certificate, its key and the CA, as PEM files for curl --cert, --key
// and --cacert (the CA also issued the server's certificate).
struct DemoClientFiles {
    std::filesystem::path certificate;  // mgmt-central.crt
    std::filesystem::path private_key;  // mgmt-central.key, readable by its owner only
    std::filesystem::path ca;           // mgmt-ca.crt
};
// Writes the three files into `directory`, replacing any there. Errors name the file.
[[nodiscard]] Result<DemoClientFiles> write_demo_client_files(const DemoCertificates& certificates,
                                                              const std::filesystem::path& directory);

// A certificate from a CA of its own that the server does not trust: tests present it to show that
// an unknown issuer is refused.
[[nodiscard]] Result<CertifiedKey> make_self_signed_client(const std::string& client_name);

}  // namespace kiosk::mgmt
