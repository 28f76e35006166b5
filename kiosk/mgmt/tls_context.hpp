// The management server's TLS configuration: TLS 1.2 and 1.3 only, forward-secret AEAD cipher
// suites for 1.2 (Mozilla's "intermediate" set), no compression, no renegotiation, and optionally a
// client certificate from a given CA (mutual TLS for the central system).
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "kiosk/core/result.hpp"

namespace kiosk::mgmt {

// PEM text (not paths): a certificate chain (leaf first), its private key, and for mutual TLS the CA
// that issues client certificates.
struct TlsMaterial {
    std::string certificate_chain_pem;
    std::string private_key_pem;
    std::string client_ca_pem;  // empty when no client certificate is asked for
};

enum class ClientCertificates {
    not_requested,  // operators and monitors: bearer tokens
    required,       // central: verify_peer and fail_if_no_peer_cert, against client_ca_pem
};

// Reads the three PEM files named by the configuration; an error names the file and the problem.
[[nodiscard]] Result<TlsMaterial> read_tls_material(const std::string& certificate_path, const std::string& key_path,
                                                    const std::string& client_ca_path);

// A server context. Errors: a key that does not match the certificate, unreadable PEM, a missing
// client CA when one is required.
[[nodiscard]] Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(const TlsMaterial& material,
                                                                                        ClientCertificates clients);

}  // namespace kiosk::mgmt
