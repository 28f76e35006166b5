// The management server tests' TLS material and limits: one demo CA, server and central client
// certificate per test program, and deadlines long enough that a busy machine never trips them in a
// test about something else.
#pragma once

#include <chrono>

#include "kiosk/mgmt/demo_certificates.hpp"
#include "kiosk/mgmt/server.hpp"
#include "kiosk/mgmt/tls_context.hpp"

namespace kiosk::mgmt::test {

inline const DemoCertificates& certificates() {
    static const DemoCertificates made = make_demo_certificates().value();
    return made;
}

inline TlsMaterial material() {
    return {certificates().server.certificate_pem, certificates().server.private_key_pem, certificates().ca.certificate_pem};
}

inline ServerLimits long_deadlines() {
    using namespace std::chrono_literals;
    ServerLimits limits;
    limits.handshake_timeout_ms = 20s;
    limits.header_timeout_ms = 20s;
    limits.body_timeout_ms = 20s;
    limits.body_progress_timeout_ms = 20s;
    limits.idle_timeout_ms = 20s;
    limits.header_bytes_max = 2048;
    limits.connections_max = 8;
    limits.connections_per_client_max = 3;
    limits.drain_timeout_ms = 2s;
    return limits;
}

}  // namespace kiosk::mgmt::test
