// The read-only routes over the kiosk's published status: /healthz (anonymous), /api/v1/status and
// /metrics (monitor). Plain functions of the request and what they read (STYLE.md 5); the time is
// passed in.
#pragma once

#include <cstdint>

#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/metrics.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

// application/health+json (draft-inadarei-api-health-check): "pass" while the kiosk serves
// residents with every device up, "warn" while it serves with a device down (a NIK-only kiosk
// without its card reader), "fail" while it is out of service or stopping, with one check per
// device and one for the application's state. 200 for pass and warn, 503 for fail, so a plain HTTP
// probe sees the difference.
[[nodiscard]] Response handle_healthz(const RequestContext& context, const KioskStatus& status);

// The application's state and reason (CUSS 2), the operator's maintenance (state and words), each
// device's state, the last frame and versions.
[[nodiscard]] Response handle_status(const RequestContext& context, const KioskStatus& status);

// Declares the families handle_metrics() and record_request() fill; call once on a new registry.
void declare_kiosk_metrics(Metrics& metrics);
// Counts one answered request (the server's Observe hook).
void record_request(Metrics& metrics, std::string_view route_label, unsigned status, double latency_s);
// The Prometheus text exposition, with the status gauges refreshed from `status` at `now_unix_ms`.
[[nodiscard]] Response handle_metrics(const RequestContext& context, Metrics& metrics, const KioskStatus& status,
                                      std::int64_t now_unix_ms);

}  // namespace kiosk::mgmt
