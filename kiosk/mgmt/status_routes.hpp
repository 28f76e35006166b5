// The read-only routes over the kiosk's status: /healthz (anonymous) and /api/v1/status (monitor);
// /metrics is in kiosk_metrics.hpp. Plain functions of the request, the status the UI thread
// published and what the server thread read (STYLE.md 5); the verdicts are health_checks.hpp's.
#pragma once

#include "kiosk/mgmt/health_checks.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

// application/health+json (draft-inadarei-api-health-check): the overall "status" (pass, warn,
// fail: health_checks.hpp), "version", "serviceId" (the kiosk's id) and one check per component,
// each an array of one object with "componentType", "status", "observedValue"/"observedUnit" where
// there is a measurement and "output" (a stable code) unless it passes:
//   application:state            the CUSS state; output the reason
//   database:responseTime        the server thread's trivial query, in ms
//   fingerprint:device, dispenser:device
//   card_reader:device           the front reader (componentId "front")
//   read_position_reader:device  the dispenser's read-position reader (componentId "read_position")
//   disk:free                    bytes free on the database's file system
//   magazine:fill                % of the slots holding a card
//   capture_bin:fill             % of the bin's capacity
// 200 for pass and warn, 503 for fail, so a plain HTTP probe sees the difference. No personal data.
[[nodiscard]] Response handle_healthz(const RequestContext& context, const KioskStatus& status,
                                      const Readings& readings, const HealthThresholds& thresholds = {});

// The application's state and reason (CUSS 2), the operator's maintenance (state and words), each
// device's state and fault, the card readers, stock, the capture bin, whether a pickup is possible,
// the last frame and versions (the schema: Status in docs/api/openapi.json).
[[nodiscard]] Response handle_status(const RequestContext& context, const KioskStatus& status, const Readings& readings,
                                     const HealthThresholds& thresholds = {});

// `status` with the fields that neither handler reads (uptime_s, state_age_ms, activity) at their
// defaults: snapshots taken a moment apart answer alike, so a MemoizedAnswer keyed on this (and
// the readings) reuses its answer until something the answer shows has changed. A field the
// handlers come to read must be kept here (tests/kiosk/mgmt/memoized_answer_test.cpp checks it).
[[nodiscard]] KioskStatus status_as_answered(KioskStatus status);

}  // namespace kiosk::mgmt
