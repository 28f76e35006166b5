#include "kiosk/app/management.hpp"

#include "kiosk/app/operator_orders.hpp"
#include "kiosk/app/operator_data.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/core/assert.hpp"
#include "kiosk/mgmt/event_routes.hpp"
#include "kiosk/mgmt/kiosk_metrics.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/memoized_answer.hpp"
#include "kiosk/mgmt/openapi_route.hpp"
#include "kiosk/mgmt/operator_routes.hpp"
#include "kiosk/mgmt/records_route.hpp"
#include "kiosk/mgmt/status_routes.hpp"

#include <chrono>
#include <memory>

namespace kiosk::app {

namespace {

// The program's one wall clock (session_inbox.hpp), in unix milliseconds.
std::int64_t unix_now_ms() { return wall_now().time_since_epoch().count(); }

// What /healthz and /api/v1/status are made from.
struct StatusInputs {
    mgmt::KioskStatus status;
    mgmt::Readings readings;
    friend bool operator==(const StatusInputs&, const StatusInputs&) = default;
};

// A handler that answers from the status and the readings alone (answer(context, inputs)), keeping
// its answer while they are unchanged as far as the answer shows (StatusSource::answered_snapshot).
template <class Answer>
mgmt::Handler memoized(const mgmt::StatusSource& status, mgmt::ReadingsSource& readings, Answer answer) {
    auto memo = std::make_shared<mgmt::MemoizedAnswer<StatusInputs>>();
    return [&status, &readings, memo, answer](const mgmt::RequestContext& c) {
        return memo->answer(c, {status.answered_snapshot(), readings.read()}, answer);
    };
}

}  // namespace

mgmt::RouteTable management_routes(ManagementServices& services, mgmt::Metrics& metrics) {
    using mgmt::http::verb;
    using Context = mgmt::RequestContext;
    VERIFY(services.status != nullptr && services.readings != nullptr);
    const mgmt::StatusSource& status = *services.status;
    mgmt::ReadingsSource& readings = *services.readings;
    mgmt::RouteTable routes;
    routes.add({verb::get, "/healthz", mgmt::Role::anonymous, 0,
                memoized(status, readings, [](const Context& c, const StatusInputs& in) {
                    return mgmt::handle_healthz(c, in.status, in.readings);
                })});
    routes.add({verb::get, "/api/v1/status", mgmt::Role::monitor, 0,
                memoized(status, readings, [](const Context& c, const StatusInputs& in) {
                    return mgmt::handle_status(c, in.status, in.readings);
                })});
    routes.add({verb::get, "/metrics", mgmt::Role::monitor, 0, [&status, &readings, &metrics](const Context& c) {
                    return mgmt::handle_metrics(c, metrics, status.snapshot(), readings.read(), unix_now_ms());
                }});
    routes.add({verb::get, "/api/v1/openapi.json", mgmt::Role::monitor, 0, mgmt::handle_openapi});
    if (services.events) mgmt::add_event_routes(routes, *services.events);
    if (services.orders != nullptr) mgmt::add_operator_routes(routes, *services.orders, *services.orders);
    if (services.operator_data) services.operator_data->add_routes(routes);
    if (services.start_records_import) mgmt::add_records_routes(routes, services.start_records_import);
    if (services.console) services.console->add_routes(routes);
    return routes;
}

Result<std::unique_ptr<Management>> Management::start(const MgmtSection& config, std::uint16_t port,
                                                      const mgmt::TlsMaterial& material, ManagementServices services,
                                                      mgmt::Authenticate authenticate) {
    std::unique_ptr<Management> management(new Management());
    management->services_ = std::move(services);
    mgmt::declare_kiosk_metrics(management->metrics_);
    auto tls = TRY(mgmt::make_server_tls_context(material, mgmt::ClientCertificates::not_requested));
    auto central_tls = TRY(mgmt::make_server_tls_context(material, mgmt::ClientCertificates::required));
    mgmt::Metrics& metrics = management->metrics_;
    management->server_ = TRY(mgmt::Server::start(
        {mgmt::ListenerSpec{config.listen, port, std::move(tls)},
         mgmt::ListenerSpec{config.listen, management->services_.central_port, std::move(central_tls),
                            mgmt::client_certificate_authenticator()}},
        management_routes(management->services_, metrics), std::move(authenticate), mgmt::ServerLimits{},
        [&metrics](const mgmt::RequestRecord& record) {
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
