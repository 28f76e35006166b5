// /metrics as a plain function: the kiosk's families refreshed from a hand-made status and readings.
#include "kiosk/mgmt/kiosk_metrics.hpp"
#include "tests/kiosk/mgmt/kiosk_fixtures.hpp"
#include "tests/kiosk/mgmt/promtool.hpp"

#include <doctest/doctest.h>

using namespace kiosk::mgmt;
using kiosk::mgmt::test::all_up;
using kiosk::mgmt::test::Call;
using kiosk::mgmt::test::healthy_readings;
namespace session = kiosk::core::session;

namespace {

constexpr std::int64_t kNowMs = 1'767'225'601'000;

bool has(const std::string& text, const std::string& line) {
    return text.find(line) != std::string::npos;
}

// A status with some of everything counted.
KioskStatus busy() {
    KioskStatus status = all_up();
    auto& activity = status.activity;
    activity.sessions[SessionOutcome::card_taken] = 2;
    activity.sessions[SessionOutcome::timed_out] = 5;
    activity.fingerprint_results[session::FingerOutcome::matched] = 3;
    activity.fingerprint_results[session::FingerOutcome::no_match] = 4;
    activity.pickups[PickupOutcome::taken] = 2;
    activity.pickups[PickupOutcome::captured] = 1;
    activity.captures[session::CaptureReason::not_taken] = 1;
    activity.frame_render_s.observe(0.003);
    activity.frame_render_s.observe(0.020);
    activity.input_to_frame_s.observe(0.012);
    return status;
}

// A registry with the kiosk's families, refreshed as a scrape of /metrics refreshes it.
struct Scrape {
    Call call;
    Metrics metrics;
    Scrape() { declare_kiosk_metrics(metrics); }
    Response handle(const KioskStatus& status, const Readings& readings, std::int64_t now_unix_ms = kNowMs) {
        return handle_metrics(call.context(), metrics, status, readings, now_unix_ms);
    }
};

}  // namespace

TEST_CASE("metrics: one-hot state and faults, device up gauges, uptime, request counts") {
    Scrape s;
    Metrics& metrics = s.metrics;
    record_request(metrics, "/healthz", 200, 0.002);
    record_request(metrics, "unmatched", 404, 0.0001);
    KioskStatus status = all_up();
    status.state = ApplicationState::active;
    status.devices[1].fault = session::DeviceFault::not_responding;
    auto response = s.handle(status, healthy_readings());
    CHECK(response[http::field::content_type].starts_with("text/plain; version=0.0.4"));
    CHECK(metrics.value("kiosk_state", {"ACTIVE"}) == 1);
    CHECK(metrics.value("kiosk_state", {"AVAILABLE"}) == 0);
    CHECK(metrics.value("kiosk_device_up", {"fingerprint"}) == 0);
    CHECK(metrics.value("kiosk_device_up", {"dispenser"}) == 1);
    CHECK(metrics.value("kiosk_device_fault", {"fingerprint", "not_responding"}) == 1);
    CHECK(metrics.value("kiosk_device_fault", {"fingerprint", "disconnected"}) == 0);
    CHECK(metrics.value("kiosk_uptime_seconds") == 601);
    CHECK(metrics.value("kiosk_last_frame_age_seconds") == doctest::Approx(0.5));
    CHECK(metrics.value("kiosk_http_requests_total", {"/healthz", "200"}) == 1);
    CHECK(response.body().find("kiosk_http_request_duration_seconds_bucket{route=\"unmatched\",le=\"0.001\"} 1") !=
          std::string::npos);
    // The fault comes back up: its one-hot series drops to 0, not left behind at 1.
    status.devices[1].fault.reset();
    (void)s.handle(status, healthy_readings(), 1'767'225'602'000);
    CHECK(metrics.value("kiosk_device_fault", {"fingerprint", "not_responding"}) == 0);
    CHECK(metrics.value("kiosk_device_up", {"fingerprint"}) == 1);
}

TEST_CASE("metrics: the read-position reader is a device of its own") {
    Scrape s;
    Metrics& metrics = s.metrics;
    Readings readings = healthy_readings();
    readings.read_position_reader = session::DeviceFault::disconnected;
    (void)s.handle(all_up(), readings);
    CHECK(metrics.value("kiosk_device_up", {"read_position_reader"}) == 0);
    CHECK(metrics.value("kiosk_device_fault", {"read_position_reader", "disconnected"}) == 1);
    CHECK(metrics.value("kiosk_device_up", {"card_reader"}) == 1);
}

TEST_CASE("metrics: the UI thread's counters, every label value present from the start") {
    Scrape s;
    Metrics& metrics = s.metrics;
    const std::string text = s.handle(busy(), healthy_readings()).body();
    CHECK(metrics.value("kiosk_sessions_total", {"card_taken"}) == 2);
    CHECK(metrics.value("kiosk_sessions_total", {"timed_out"}) == 5);
    CHECK(has(text, "kiosk_sessions_total{outcome=\"cancelled\"} 0\n"));
    CHECK(has(text, "kiosk_sessions_total{outcome=\"out_of_service\"} 0\n"));
    CHECK(metrics.value("kiosk_fingerprint_results_total", {"matched"}) == 3);
    CHECK(metrics.value("kiosk_fingerprint_results_total", {"no_match"}) == 4);
    CHECK(has(text, "kiosk_fingerprint_results_total{result=\"device_error\"} 0\n"));
    CHECK(metrics.value("kiosk_pickups_total", {"taken"}) == 2);
    CHECK(metrics.value("kiosk_pickups_total", {"captured"}) == 1);
    CHECK(has(text, "kiosk_pickups_total{outcome=\"failed\"} 0\n"));
    CHECK(metrics.value("kiosk_captures_total", {"not_taken"}) == 1);
    CHECK(has(text, "kiosk_captures_total{reason=\"chip_mismatch\"} 0\n"));
    CHECK(has(text, "kiosk_frame_render_seconds_bucket{le=\"0.004\"} 1\n"));
    CHECK(has(text, "kiosk_frame_render_seconds_bucket{le=\"0.025\"} 2\n"));
    CHECK(has(text, "kiosk_frame_render_seconds_count 2\n"));
    CHECK(has(text, "kiosk_input_to_frame_seconds_bucket{le=\"0.008\"} 0\n"));
    CHECK(has(text, "kiosk_input_to_frame_seconds_bucket{le=\"0.012\"} 1\n"));
    CHECK(has(text, "kiosk_input_to_frame_seconds_bucket{le=\"0.0167\"} 1\n"));
    CHECK(has(text, "kiosk_input_to_frame_seconds_count 1\n"));

    // A later scrape follows the board's totals up.
    KioskStatus later = busy();
    later.activity.sessions[SessionOutcome::card_taken] = 3;
    (void)s.handle(later, healthy_readings());
    CHECK(metrics.value("kiosk_sessions_total", {"card_taken"}) == 3);
}

TEST_CASE("metrics: the dispenser's consumables, the store's slots, outbox and size, the disk") {
    Scrape s;
    Metrics& metrics = s.metrics;
    const std::string text = s.handle(all_up(), healthy_readings()).body();
    CHECK(metrics.value("kiosk_capture_bin_cards") == 3);
    CHECK(metrics.value("kiosk_capture_bin_capacity_cards") == 50);
    CHECK(metrics.value("kiosk_capture_bin_full") == 0);
    CHECK(metrics.value("kiosk_magazine_cards") == 12);
    CHECK(metrics.value("kiosk_magazine_slots") == 50);
    CHECK(metrics.value("kiosk_store_up") == 1);
    CHECK(metrics.value("kiosk_slots", {"used"}) == 11);
    CHECK(metrics.value("kiosk_slots", {"fault"}) == 1);
    CHECK(metrics.value("kiosk_slots", {"free"}) == 38);  // 50 in the magazine, 11 used, 1 at fault
    CHECK(metrics.value("kiosk_slots_past_deadline") == 2);
    CHECK(metrics.value("kiosk_outbox_pending_events") == 7);
    CHECK(metrics.value("kiosk_database_size_bytes", {"main"}) == 409600);
    CHECK(metrics.value("kiosk_database_size_bytes", {"wal"}) == 8192);
    CHECK(metrics.value("kiosk_disk_free_bytes") == doctest::Approx(20.0 * 1024 * 1024 * 1024));
    CHECK(metrics.value("kiosk_disk_size_bytes") == doctest::Approx(64.0 * 1024 * 1024 * 1024));
    CHECK(has(text, "kiosk_slots{state=\"free\"} 38\n"));

    Readings full = healthy_readings();
    full.dispenser.bin = CaptureBinReading{50, false};  // full by count: the sensor has not said so
    (void)s.handle(all_up(), full);
    CHECK(metrics.value("kiosk_capture_bin_full") == 1);
}

TEST_CASE("metrics: what cannot be read now is absent, not left at its last value") {
    Scrape s;
    Metrics& metrics = s.metrics;
    (void)s.handle(all_up(), healthy_readings());
    Readings unread;  // the store failing, the disk unreadable, the dispenser never read
    const std::string text = s.handle(all_up(), unread).body();
    CHECK(metrics.value("kiosk_store_up") == 0);
    for (const char* family :
         {"kiosk_slots{", "kiosk_slots_past_deadline ", "kiosk_outbox_pending_events ", "kiosk_database_size_bytes{",
          "kiosk_disk_free_bytes ", "kiosk_disk_size_bytes ", "kiosk_capture_bin_cards ", "kiosk_capture_bin_full ",
          "kiosk_magazine_cards ", "kiosk_magazine_slots ", "kiosk_audit_chain_intact "}) {
        INFO(family);
        CHECK_FALSE(has(text, std::string("\n") + family));
    }
    CHECK(has(text, "\nkiosk_capture_bin_capacity_cards 50\n"));  // a fact of the hardware model
    CHECK(has(text, "\nkiosk_capture_bin_high_cards 40\n"));

    // No deadline stored yet: the slots are reported, the deadline gauge is not.
    Readings no_deadlines = healthy_readings();
    no_deadlines.store->slots_past_deadline.reset();
    const std::string later = s.handle(all_up(), no_deadlines).body();
    CHECK(has(later, "\nkiosk_slots{state=\"used\"} 11\n"));
    CHECK_FALSE(has(later, "\nkiosk_slots_past_deadline "));
    // Without the magazine's capacity the store cannot say how many slots are free.
    no_deadlines.dispenser.magazine.reset();
    const std::string no_capacity = s.handle(all_up(), no_deadlines).body();
    CHECK_FALSE(has(no_capacity, "kiosk_slots{state=\"free\"}"));
}

TEST_CASE("metrics: when the state began, one series with the state and its reason") {
    Scrape s;
    Metrics& metrics = s.metrics;
    KioskStatus status = all_up();
    status.state_age_ms = 90'000;
    std::string text = s.handle(status, healthy_readings()).body();
    CHECK(has(text, "\nkiosk_state_since_timestamp_seconds{state=\"AVAILABLE\",reason=\"\"} 1767225511\n"));

    // Out of service: the AVAILABLE series goes, the new one carries the state and reason.
    status.state = ApplicationState::unavailable;
    status.reason = StateReason::out_of_service_hardware;
    status.state_age_ms = 1'500;
    text = s.handle(status, healthy_readings()).body();
    CHECK_FALSE(has(text, "kiosk_state_since_timestamp_seconds{state=\"AVAILABLE\""));
    CHECK(has(text,
              "\nkiosk_state_since_timestamp_seconds{state=\"UNAVAILABLE\",reason=\"OUT_OF_SERVICE_HARDWARE\"} "
              "1767225599.5\n"));  // to the millisecond, not rounded to 9 digits
    CHECK(has(text, "\nkiosk_state{state=\"UNAVAILABLE\"} 1\n"));

    // A later scrape of the same state, with the wall clock set an hour forward meanwhile: the age
    // is monotonic, so the start moves with the clock and `now - since` stays the state's age.
    status.reason = StateReason::maintenance;
    status.state_age_ms = 61'500;
    (void)s.handle(status, healthy_readings(), kNowMs + 60'000 + 3'600'000);
    CHECK(metrics.value("kiosk_state_since_timestamp_seconds", {"UNAVAILABLE", "MAINTENANCE"}) ==
          doctest::Approx(1'767'225'599.5 + 3'600));
    CHECK(metrics.value("kiosk_state_since_timestamp_seconds", {"UNAVAILABLE", "OUT_OF_SERVICE_HARDWARE"}) == 0);
}

TEST_CASE("metrics: the audit chain, intact or broken") {
    Scrape s;
    Metrics& metrics = s.metrics;
    (void)s.handle(all_up(), healthy_readings());
    CHECK(metrics.value("kiosk_audit_chain_intact") == 1);
    Readings broken = healthy_readings();
    broken.audit_chain = AuditChainCheck{42, 17, "hash mismatch"};
    const std::string text = s.handle(all_up(), broken).body();
    CHECK(has(text, "\nkiosk_audit_chain_intact 0\n"));
}

TEST_CASE("promtool accepts the kiosk's full exposition") {
    Scrape s;
    Metrics& metrics = s.metrics;
    record_request(metrics, "/metrics", 200, 0.003);
    record_request(metrics, "unmatched", 404, 0.0002);
    KioskStatus status = busy();
    status.devices[0].fault = session::DeviceFault::disconnected;
    const auto response = s.handle(status, healthy_readings());
    kiosk::mgmt::test::check_with_promtool(response.body(), "kiosk_metrics_test_exposition");
}
