#include "kiosk/mgmt/kiosk_metrics.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>

namespace kiosk::mgmt {
namespace {

using core::session::DeviceFault;

constexpr std::array kAllStates = {ApplicationState::available, ApplicationState::active, ApplicationState::unavailable,
                                   ApplicationState::stopped};
constexpr std::string_view kReadPositionReader = "read_position_reader";

// A counter per label value of a closed set, each present (0 until counted) so rates start at once.
template <class Enum, std::size_t N, class Code>
void mirror_totals(Metrics& metrics, std::string_view name, const std::array<Enum, N>& all,
                   const std::map<Enum, std::uint64_t>& counted, Code code) {
    for (const Enum value : all) {
        const auto found = counted.find(value);
        metrics.set_total(name, {std::string(code(value))},
                          found == counted.end() ? 0.0 : static_cast<double>(found->second));
    }
}

void set_device(Metrics& metrics, std::string_view device, std::optional<DeviceFault> fault) {
    const std::string name(device);
    metrics.set("kiosk_device_up", {name}, fault ? 0 : 1);
    for (const DeviceFault each : core::session::kAllDeviceFaults)
        metrics.set("kiosk_device_fault", {name, std::string(core::session::fault_code(each))}, fault == each ? 1 : 0);
}

void set_or_clear(Metrics& metrics, std::string_view name, const std::optional<double>& value) {
    if (value)
        metrics.set(name, *value);
    else
        metrics.clear(name);
}

void refresh_dispenser(Metrics& metrics, const DispenserReading& dispenser, const HealthThresholds& thresholds) {
    metrics.set("kiosk_capture_bin_capacity_cards", static_cast<double>(thresholds.capture_bin_capacity_cards));
    metrics.set("kiosk_capture_bin_high_cards", static_cast<double>(thresholds.capture_bin_high_cards));
    const auto& bin = dispenser.bin;
    set_or_clear(metrics, "kiosk_capture_bin_cards",
                 bin ? std::optional(static_cast<double>(bin->count)) : std::nullopt);
    set_or_clear(metrics, "kiosk_capture_bin_full",
                 bin ? std::optional(bin_state(bin, thresholds) == BinState::full ? 1.0 : 0.0) : std::nullopt);
    const auto& magazine = dispenser.magazine;
    set_or_clear(metrics, "kiosk_magazine_cards",
                 magazine ? std::optional(static_cast<double>(magazine->cards)) : std::nullopt);
    set_or_clear(metrics, "kiosk_magazine_slots",
                 magazine ? std::optional(static_cast<double>(magazine->slots)) : std::nullopt);
}

void refresh_store(Metrics& metrics, const Readings& readings) {
    metrics.set("kiosk_store_up", readings.store ? 1 : 0);
    for (const char* family :
         {"kiosk_slots", "kiosk_slots_past_deadline", "kiosk_outbox_pending_events", "kiosk_database_size_bytes"})
        metrics.clear(family);
    if (!readings.store) return;
    const StoreReading& store = *readings.store;
    metrics.set("kiosk_slots", {"used"}, static_cast<double>(store.slots_loaded));
    metrics.set("kiosk_slots", {"fault"}, static_cast<double>(store.slots_fault));
    // The store keeps only slots ever used; the magazine's capacity says how many there are.
    if (const auto& magazine = readings.dispenser.magazine) {
        const auto free = magazine->slots - store.slots_loaded - store.slots_fault;
        metrics.set("kiosk_slots", {"free"}, static_cast<double>(free < 0 ? 0 : free));
    }
    if (store.slots_past_deadline)
        metrics.set("kiosk_slots_past_deadline", static_cast<double>(*store.slots_past_deadline));
    metrics.set("kiosk_outbox_pending_events", static_cast<double>(store.outbox_pending));
    metrics.set("kiosk_database_size_bytes", {"main"}, static_cast<double>(store.database_bytes));
    metrics.set("kiosk_database_size_bytes", {"wal"}, static_cast<double>(store.wal_bytes));
}

}  // namespace

void declare_kiosk_metrics(Metrics& metrics) {
    metrics.declare_gauge("kiosk_build_info", "The kiosk's software version (always 1).", {"version"});
    metrics.declare_gauge("kiosk_uptime_seconds", "Seconds since the kiosk program started.");
    metrics.declare_gauge("kiosk_state", "1 for the application's current CUSS state, 0 for the others.", {"state"});
    metrics.declare_gauge("kiosk_state_since_timestamp_seconds",
                          "When the current CUSS state began (unix time); one series, labelled with the state "
                          "and its CUSS reason.",
                          {"state", "reason"});
    metrics.declare_gauge("kiosk_device_up", "1 while the device works, 0 while it is down.", {"device"});
    metrics.declare_gauge("kiosk_device_fault", "1 for the fault a device that is down reports.", {"device", "fault"});
    metrics.declare_gauge("kiosk_last_frame_age_seconds", "Seconds since the kiosk last drew a frame.");
    metrics.declare_counter("kiosk_sessions_total", "Residents' sessions ended, by how they ended.", {"outcome"});
    metrics.declare_counter("kiosk_fingerprint_results_total",
                            "Fingerprint attempts answered by the sensor, by result.", {"result"});
    metrics.declare_counter("kiosk_pickups_total", "Pickups ended (from the journaled intent on), by outcome.",
                            {"outcome"});
    metrics.declare_counter("kiosk_captures_total", "Cards sent to the capture bin, by reason.", {"reason"});
    metrics.declare_histogram("kiosk_frame_render_seconds", "Drawing and presenting one frame.", {},
                              frame_seconds_bounds());
    metrics.declare_histogram("kiosk_input_to_frame_seconds",
                              "From a resident's input to the presented frame that shows its effect.", {},
                              frame_seconds_bounds());
    metrics.declare_gauge("kiosk_capture_bin_cards", "Cards in the capture bin, by the dispenser's counter.");
    metrics.declare_gauge("kiosk_capture_bin_capacity_cards", "Cards the capture bin holds when full.");
    metrics.declare_gauge("kiosk_capture_bin_high_cards",
                          "From this many cards the capture bin is high: empty it soon.");
    metrics.declare_gauge("kiosk_capture_bin_full", "1 while the capture bin is full (sensor or count).");
    metrics.declare_gauge("kiosk_magazine_cards", "Slots holding a card, by the dispenser's inventory.");
    metrics.declare_gauge("kiosk_magazine_slots", "Slots in the dispenser's magazine.");
    metrics.declare_gauge("kiosk_store_up", "1 while the store answers the management thread's queries.");
    metrics.declare_gauge("kiosk_slots", "The store's dispenser slots by state.", {"state"});
    metrics.declare_gauge("kiosk_slots_past_deadline", "Loaded slots whose pickup deadline has passed.");
    metrics.declare_gauge("kiosk_outbox_pending_events", "Outbox events not yet acknowledged by the central system.");
    metrics.declare_gauge("kiosk_database_size_bytes", "Size of the database's files.", {"file"});
    metrics.declare_gauge("kiosk_audit_chain_intact", "1 while the audit log's whole hash chain verifies, else 0.");
    metrics.declare_gauge("kiosk_disk_free_bytes", "Bytes free on the database's file system.");
    metrics.declare_gauge("kiosk_disk_size_bytes", "Size of the database's file system.");
    metrics.declare_counter("kiosk_http_requests_total", "Management requests answered, by route and status code.",
                            {"route", "code"});
    metrics.declare_histogram("kiosk_http_request_duration_seconds",
                              "From the first byte of a request to its answer, by route.", {"route"},
                              {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5});
}

void record_request(Metrics& metrics, std::string_view route_label, unsigned status, double latency_s) {
    const std::string route(route_label);
    metrics.increment("kiosk_http_requests_total", {route, std::to_string(status)});
    metrics.observe("kiosk_http_request_duration_seconds", {route}, latency_s);
}

Response handle_metrics(const RequestContext& context, Metrics& metrics, const KioskStatus& status,
                        const Readings& readings, std::int64_t now_unix_ms, const HealthThresholds& thresholds) {
    metrics.set("kiosk_build_info", {status.version}, 1);
    metrics.set("kiosk_uptime_seconds", static_cast<double>(status.uptime_s));
    for (const ApplicationState state : kAllStates)
        metrics.set("kiosk_state", {std::string(state_code(state))}, state == status.state ? 1 : 0);
    // The start as wall time now less the state's monotonic age: a wall clock set right moves the
    // timestamp with it, so `time() - since` on the server stays the true duration.
    metrics.clear("kiosk_state_since_timestamp_seconds");
    metrics.set("kiosk_state_since_timestamp_seconds",
                {std::string(state_code(status.state)), std::string(reason_code(status.reason))},
                static_cast<double>(now_unix_ms - status.state_age_ms) / 1000.0);
    for (const DeviceStatus& device : status.devices)
        set_device(metrics, core::session::device_code(device.device), device.fault);
    set_device(metrics, kReadPositionReader, readings.read_position_reader);
    if (status.last_frame_unix_ms)
        metrics.set("kiosk_last_frame_age_seconds",
                    static_cast<double>(now_unix_ms - *status.last_frame_unix_ms) / 1000.0);

    const KioskActivity& activity = status.activity;
    mirror_totals(metrics, "kiosk_sessions_total", kAllSessionOutcomes, activity.sessions, session_outcome_code);
    mirror_totals(metrics, "kiosk_fingerprint_results_total", core::session::kAllFingerOutcomes,
                  activity.fingerprint_results, core::session::finger_outcome_code);
    mirror_totals(metrics, "kiosk_pickups_total", kAllPickupOutcomes, activity.pickups, pickup_outcome_code);
    mirror_totals(metrics, "kiosk_captures_total", core::session::kAllCaptureReasons, activity.captures,
                  core::session::capture_reason_code);
    metrics.set_histogram("kiosk_frame_render_seconds", {}, activity.frame_render_s);
    metrics.set_histogram("kiosk_input_to_frame_seconds", {}, activity.input_to_frame_s);

    refresh_dispenser(metrics, readings.dispenser, thresholds);
    refresh_store(metrics, readings);
    set_or_clear(metrics, "kiosk_audit_chain_intact",
                 readings.audit_chain ? std::optional(readings.audit_chain->first_break_id ? 0.0 : 1.0) : std::nullopt);
    set_or_clear(metrics, "kiosk_disk_free_bytes",
                 readings.disk ? std::optional(static_cast<double>(readings.disk->free_bytes)) : std::nullopt);
    set_or_clear(metrics, "kiosk_disk_size_bytes",
                 readings.disk ? std::optional(static_cast<double>(readings.disk->size_bytes)) : std::nullopt);

    Response response{http::status::ok, context.request.version()};
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = metrics.exposition();
    return response;
}

}  // namespace kiosk::mgmt
