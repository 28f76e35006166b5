// /metrics (monitor): the kiosk's metric families in the Prometheus text format 0.0.4, refreshed at
// each scrape from the status the UI thread published and what the server thread read.
//
// Families (label values are closed sets: core's codes, CUSS codes, route paths, status codes):
//   kiosk_build_info{version}, kiosk_uptime_seconds, kiosk_state{state}, kiosk_last_frame_age_seconds
//   kiosk_state_since_timestamp_seconds{state,reason}: one series, the current state and its CUSS
//     reason ("" for none), valued when that state began (a change of reason alone keeps the time),
//     so a rule can say "out of service for more than N minutes" however often it was scraped
//   kiosk_device_up{device}, kiosk_device_fault{device,fault}; devices: card_reader (the front
//     reader), fingerprint, dispenser, read_position_reader
//   kiosk_sessions_total{outcome}, kiosk_fingerprint_results_total{result},
//     kiosk_pickups_total{outcome}, kiosk_captures_total{reason}: counted by the UI thread
//   kiosk_frame_render_seconds, kiosk_input_to_frame_seconds: histograms from the UI thread
//   kiosk_capture_bin_cards, kiosk_capture_bin_full, kiosk_magazine_cards, kiosk_magazine_slots: the
//     dispenser's last reading (absent until read); kiosk_capture_bin_capacity_cards and
//     kiosk_capture_bin_high_cards: the thresholds /healthz judges the bin by (HealthThresholds)
//   kiosk_store_up; kiosk_slots{state=used|free|fault}, kiosk_slots_past_deadline,
//     kiosk_outbox_pending_events, kiosk_database_size_bytes{file=main|wal}: the store, absent while
//     it does not answer (free also needs the magazine's capacity; past_deadline a stored deadline)
//   kiosk_audit_chain_intact: whether the audit log's hash chain verifies (absent while unread)
//   kiosk_disk_free_bytes, kiosk_disk_size_bytes: the database's file system
//   kiosk_http_requests_total{route,code}, kiosk_http_request_duration_seconds{route}
#pragma once

#include <cstdint>
#include <string_view>

#include "kiosk/mgmt/health_checks.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/metrics.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

// Declares the families above; call once on a new registry.
void declare_kiosk_metrics(Metrics& metrics);
// Counts one answered request (the server's Observe hook).
void record_request(Metrics& metrics, std::string_view route_label, unsigned status, double latency_s);
// Refreshes the families from `status` and `readings` at `now_unix_ms`, then answers the exposition.
[[nodiscard]] Response handle_metrics(const RequestContext& context, Metrics& metrics, const KioskStatus& status,
                                      const Readings& readings, std::int64_t now_unix_ms,
                                      const HealthThresholds& thresholds = {});

}  // namespace kiosk::mgmt
