// Management: the kiosk's HTTPS management interface, wired to the application. It builds the one
// route table over the status board, the readings the server thread takes itself (HealthProbes:
// the store on its own connection, the disk, the dispenser's last reading), the central system's
// services and the metrics registry, and runs kiosk/mgmt's server on its own thread: operators and
// monitors on one listener (bearer tokens, and the operator console's session cookies), the central
// system on another (mutual TLS). Handlers
// only read what the UI thread publishes (StatusBoard) and what the server thread reads and writes
// itself: nothing a remote client does waits on a frame, and no frame waits on a client.
//
// Thread safety: start/stop from one thread; the handlers run on the server's thread.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/app/operator_data.hpp"
#include "kiosk/app/operator_orders.hpp"
#include "kiosk/mgmt/console_routes.hpp"
#include "kiosk/mgmt/event_routes.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/metrics.hpp"
#include "kiosk/mgmt/records_route.hpp"
#include "kiosk/mgmt/records_route.hpp"
#include "kiosk/mgmt/server.hpp"
#include "kiosk/mgmt/tls_context.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace kiosk::app {

// What the routes are served over. Each service is owned by Management once started and outlives
// the server's handlers; a null service leaves its routes out (tests build partial tables).
struct ManagementServices {
    const mgmt::StatusSource* status = nullptr;       // required
    std::unique_ptr<mgmt::ReadingsSource> readings;   // required
    std::unique_ptr<mgmt::EventFeed> events;          // the central system's event feed
    std::unique_ptr<OperatorOrders> orders;           // maintenance and screenshots
    std::unique_ptr<OperatorData> operator_data;      // slots, audit, configuration
    mgmt::StartRecordsImport start_records_import;    // PUT /api/v1/records; empty: not served
    std::uint16_t central_port = 0;                   // the central listener's; 0: any free port
    // The operator console (its pages and sessions). Its authenticator() is what the operators'
    // listener must be started with for its cookies to count.
    std::unique_ptr<mgmt::Console> console;
};

// The one route table over `services` (which must outlive it) and `metrics`. Also what
// tests/kiosk/app/management_routes_test.cpp checks against the OpenAPI document.
[[nodiscard]] mgmt::RouteTable management_routes(ManagementServices& services, mgmt::Metrics& metrics);

class Management {
public:
    // Serves operators on config.listen and `port` (config.port unless overridden; 0: any free port),
    // authenticated by `authenticate`, and the central system on config.listen and
    // services.central_port (mutual TLS against material.client_ca_pem). Errors: the TLS material is
    // unusable (the client CA included), an address cannot be bound.
    [[nodiscard]] static Result<std::unique_ptr<Management>> start(const MgmtSection& config, std::uint16_t port,
                                                                   const mgmt::TlsMaterial& material,
                                                                   ManagementServices services,
                                                                   mgmt::Authenticate authenticate);
    ~Management();
    Management(const Management&) = delete;
    Management& operator=(const Management&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    [[nodiscard]] std::uint16_t central_port() const;
    void stop();  // drains (at most the server's drain deadline); idempotent

private:
    Management() = default;
    mgmt::Metrics metrics_;
    ManagementServices services_;  // used on the server's thread; outlives it
    std::unique_ptr<mgmt::Server> server_;
};

}  // namespace kiosk::app
