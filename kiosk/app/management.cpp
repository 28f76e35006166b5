#include "kiosk/app/management.hpp"

#include "kiosk/app/session_inbox.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/records_route.hpp"
#include "kiosk/mgmt/status_routes.hpp"

#include <chrono>

namespace kiosk::app {

namespace {

// The program's one wall clock (session_inbox.hpp), in unix milliseconds.
std::int64_t unix_now_ms() { return wall_now().time_since_epoch().count(); }

mgmt::RouteTable routes_over(const mgmt::StatusSource& status, mgmt::Metrics& metrics) {
    using mgmt::http::verb;
    mgmt::RouteTable routes;
    routes.add({verb::get, "/healthz", mgmt::Role::anonymous, 0,
                [&status](const mgmt::RequestContext& c) { return mgmt::handle_healthz(c, status.snapshot()); }});
    routes.add({verb::get, "/api/v1/status", mgmt::Role::monitor, 0,
                [&status](const mgmt::RequestContext& c) { return mgmt::handle_status(c, status.snapshot()); }});
    routes.add({verb::get, "/metrics", mgmt::Role::monitor, 0, [&status, &metrics](const mgmt::RequestContext& c) {
                    return mgmt::handle_metrics(c, metrics, status.snapshot(), unix_now_ms());
                }});
    return routes;
}

}  // namespace

Result<std::unique_ptr<Management>> Management::start(const MgmtSection& config, std::uint16_t port,
                                                      const mgmt::TlsMaterial& material,
                                                      const mgmt::StatusSource& status,
                                                      mgmt::Authenticate authenticate, CentralServices central) {
    std::unique_ptr<Management> management(new Management());
    mgmt::declare_kiosk_metrics(management->metrics_);
    auto tls = TRY(mgmt::make_server_tls_context(material, mgmt::ClientCertificates::not_requested));
    auto central_tls = TRY(mgmt::make_server_tls_context(material, mgmt::ClientCertificates::required));
    mgmt::Metrics& metrics = management->metrics_;
    mgmt::RouteTable routes = routes_over(status, metrics);
    mgmt::add_records_routes(routes, std::move(central.start_records_import));
    management->server_ = TRY(mgmt::Server::start(
        {mgmt::ListenerSpec{config.listen, port, std::move(tls)},
         mgmt::ListenerSpec{config.listen, central.port, std::move(central_tls), mgmt::client_certificate_authenticator()}},
        std::move(routes), std::move(authenticate),
        mgmt::ServerLimits{}, [&metrics](const mgmt::RequestRecord& record) {
            mgmt::record_request(metrics, record.route_label, record.status,
                                 std::chrono::duration<double>(record.latency_us).count());
        }));
    return management;
}

Management::~Management() { stop(); }

std::uint16_t Management::port() const { return server_ ? server_->port(0) : 0; }

std::uint16_t Management::central_port() const { return server_ ? server_->port(1) : 0; }

void Management::stop() {
    if (server_) server_->stop();
}

}  // namespace kiosk::app
