#include "kiosk/mgmt/tls_context.hpp"

#include <openssl/ssl.h>

#include <boost/asio/buffer.hpp>
#include <fstream>
#include <sstream>

namespace kiosk::mgmt {
namespace {

constexpr const char* kWhere = "mgmt.tls";

// TLS 1.2 suites with ECDHE and AEAD only; TLS 1.3's own suites are all strong and stay default.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Result<std::string> read_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(kWhere, std::string("cannot read the ") + what + " " + path);
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().empty()) return fail(kWhere, std::string("the ") + what + " " + path + " is empty");
    return text.str();
}

}  // namespace

Result<TlsMaterial> read_tls_material(const std::string& certificate_path, const std::string& key_path,
                                      const std::string& client_ca_path) {
    TlsMaterial material;
    material.certificate_chain_pem = TRY(read_file(certificate_path, "server certificate"));
    material.private_key_pem = TRY(read_file(key_path, "server private key"));
    if (!client_ca_path.empty()) material.client_ca_pem = TRY(read_file(client_ca_path, "client CA certificate"));
    return material;
}

Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(const TlsMaterial& material,
                                                                          ClientCertificates clients) {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = context->native_handle();
    if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) != 1)
        return fail(kWhere, "cannot restrict the protocol to TLS 1.2 and 1.3");
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                         ssl::context::single_dh_use);
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) return fail(kWhere, "cannot set the TLS 1.2 cipher suites");

    boost::system::error_code ec;
    context->use_certificate_chain(boost::asio::buffer(material.certificate_chain_pem), ec);
    if (ec) return fail(kWhere, "the server certificate chain is not valid PEM: " + ec.message());
    context->use_private_key(boost::asio::buffer(material.private_key_pem), ssl::context::pem, ec);
    if (ec) return fail(kWhere, "the server private key is not valid PEM: " + ec.message());
    if (SSL_CTX_check_private_key(native) != 1)
        return fail(kWhere, "the server private key does not match the certificate");

    if (clients == ClientCertificates::required) {
        if (material.client_ca_pem.empty()) return fail(kWhere, "mutual TLS needs the client CA certificate");
        context->add_certificate_authority(boost::asio::buffer(material.client_ca_pem), ec);
        if (ec) return fail(kWhere, "the client CA certificate is not valid PEM: " + ec.message());
        context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
        // Without a session id context OpenSSL refuses every resumed TLS 1.2 session once peers are
        // verified (SESSION_ID_CONTEXT_UNINITIALIZED); clients such as curl resume.
        static constexpr unsigned char kSessionContext[] = "ktp-kiosk-mgmt-central";
        if (SSL_CTX_set_session_id_context(native, kSessionContext, sizeof kSessionContext - 1) != 1)
            return fail(kWhere, "cannot set the TLS session id context");
    } else {
        context->set_verify_mode(ssl::verify_none);
    }
    return context;
}

}  // namespace kiosk::mgmt
