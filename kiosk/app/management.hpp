// Management: the kiosk's HTTPS management interface, wired to the application. It builds the one
// route table over the status board and the metrics registry, and runs kiosk/mgmt's server on its
// own thread: operators and monitors on one listener (bearer tokens), the central system on another
// (mutual TLS). Handlers only read what the UI thread publishes (StatusBoard), and the records
// import writes through a store connection of the server thread's own: nothing a remote client
// does waits on a frame, and no frame waits on a client.
//
// Thread safety: start/stop from the UI thread; the handlers run on the server's thread.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/mgmt/metrics.hpp"
#include "kiosk/mgmt/records_route.hpp"
#include "kiosk/mgmt/server.hpp"
#include "kiosk/mgmt/tls_context.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace kiosk::mgmt {
class StatusSource;
}

namespace kiosk::app {

// The central system's listener (mutual TLS against material.client_ca_pem) and what its routes use.
struct CentralServices {
    std::uint16_t port = 0;  // 0: any free port
    mgmt::StartRecordsImport start_records_import;
};

class Management {
public:
    // Serves operators on config.listen and `port` (config.port unless overridden; 0: any free port),
    // authenticated by `authenticate`, and the central system on config.listen and central.port.
    // Errors: the TLS material is unusable (the client CA included), an address cannot be bound.
    [[nodiscard]] static Result<std::unique_ptr<Management>> start(const MgmtSection& config, std::uint16_t port,
                                                                   const mgmt::TlsMaterial& material,
                                                                   const mgmt::StatusSource& status,
                                                                   mgmt::Authenticate authenticate,
                                                                   CentralServices central);
    ~Management();
    Management(const Management&) = delete;
    Management& operator=(const Management&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    [[nodiscard]] std::uint16_t central_port() const;
    void stop();  // drains (at most the server's drain deadline); idempotent

private:
    Management() = default;
    mgmt::Metrics metrics_;
    std::unique_ptr<mgmt::Server> server_;
};

}  // namespace kiosk::app
