// Management: the kiosk's HTTPS management interface, wired to the application. It builds the one
// route table over the status board and the metrics registry, and runs kiosk/mgmt's server on its
// own thread. Handlers only read what the UI thread publishes (StatusBoard): nothing a remote client
// does waits on a frame, and no frame waits on a client.
//
// Thread safety: start/stop from the UI thread; the handlers run on the server's thread.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/mgmt/metrics.hpp"
#include "kiosk/mgmt/server.hpp"
#include "kiosk/mgmt/tls_context.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace kiosk::mgmt {
class StatusSource;
}

namespace kiosk::app {

class OperatorData;

class Management {
public:
    // Serves on config.listen and `port` (config.port unless overridden; 0: any free port). Errors: the
    // TLS material is unusable, the address cannot be bound. `operator_data` (null: its routes are not
    // served) must outlive the server.
    [[nodiscard]] static Result<std::unique_ptr<Management>> start(const MgmtSection& config, std::uint16_t port,
                                                                   const mgmt::TlsMaterial& material,
                                                                   const mgmt::StatusSource& status,
                                                                   mgmt::Authenticate authenticate,
                                                                   OperatorData* operator_data = nullptr);
    ~Management();
    Management(const Management&) = delete;
    Management& operator=(const Management&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    void stop();  // drains (at most the server's drain deadline); idempotent

private:
    Management() = default;
    mgmt::Metrics metrics_;
    std::unique_ptr<mgmt::Server> server_;
};

}  // namespace kiosk::app
