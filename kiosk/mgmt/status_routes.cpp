#include "kiosk/mgmt/status_routes.hpp"

#include "kiosk/mgmt/json_response.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <vector>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;
using core::session::Device;
using core::session::DeviceFault;

json::value optional_string(std::string_view text) {
    if (text.empty()) return nullptr;
    return json::string(text);
}

template <class T>
json::value optional_number(const std::optional<T>& value) {
    if (!value) return nullptr;
    return json::value(*value);
}

std::optional<DeviceFault> fault_of(const KioskStatus& status, Device device) {
    for (const DeviceStatus& entry : status.devices)
        if (entry.device == device) return entry.fault;
    return DeviceFault::disconnected;  // a device the board does not list is not known to work
}

// Percent with one decimal, for the fill checks.
double percent(std::int64_t part, std::int64_t whole) {
    return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

// One check of health+json: an array of one object.
json::array check_entry(std::string_view component_type, const Check& check, json::object extra = {}) {
    extra["componentType"] = component_type;
    extra["status"] = verdict_code(check.verdict);
    if (check.verdict != Verdict::pass && !check.output.empty()) extra["output"] = check.output;
    return json::array{std::move(extra)};
}

json::object measured(json::value value, std::string_view unit) {
    json::object object;
    object["observedValue"] = std::move(value);
    object["observedUnit"] = unit;
    return object;
}

json::object device_entry(std::string_view key, std::string_view name, std::optional<DeviceFault> fault) {
    json::object entry;
    entry[key] = name;
    entry["up"] = !fault.has_value();
    entry["fault"] = fault ? json::value(json::string(core::session::fault_code(*fault))) : nullptr;
    return entry;
}

}  // namespace

Response handle_healthz(const RequestContext& context, const KioskStatus& status, const Readings& readings,
                        const HealthThresholds& thresholds) {
    json::object checks;
    std::vector<Check> verdicts;
    auto add = [&](std::string_view key, std::string_view type, const Check& check, json::object extra = {}) {
        verdicts.push_back(check);
        checks[key] = check_entry(type, check, std::move(extra));
    };

    json::object state;
    state["observedValue"] = state_code(status.state);
    const Check state_check{serving(status.state) ? Verdict::pass : Verdict::fail, reason_code(status.reason)};
    checks["application:state"] = check_entry("system", state_check, std::move(state));

    const Check database = database_check(readings.store, status.store_fault);
    add("database:responseTime", "datastore", database,
        readings.store ? measured(readings.store->query_ms, "ms") : json::object{});

    add("fingerprint:device", "component", device_check(fault_of(status, Device::fingerprint)));
    add("dispenser:device", "component", device_check(fault_of(status, Device::dispenser)));
    json::object front;
    front["componentId"] = "front";
    add("card_reader:device", "component", device_check(fault_of(status, Device::card_reader)), std::move(front));
    json::object read_position;
    read_position["componentId"] = "read_position";
    add("read_position_reader:device", "component", device_check(readings.read_position_reader),
        std::move(read_position));

    add("disk:free", "system", disk_check(readings.disk, thresholds),
        readings.disk ? measured(readings.disk->free_bytes, "bytes") : json::object{});
    const auto& magazine = readings.dispenser.magazine;
    add("magazine:fill", "component", magazine_check(magazine, thresholds),
        magazine && magazine->slots > 0 ? measured(percent(magazine->cards, magazine->slots), "%") : json::object{});
    const auto& bin = readings.dispenser.bin;
    add("capture_bin:fill", "component", bin_check(bin_state(bin, thresholds)),
        bin ? measured(percent(bin->count, thresholds.capture_bin_capacity_cards), "%") : json::object{});

    const Verdict overall = overall_verdict(status.state, database, verdicts);
    json::object body;
    body["status"] = verdict_code(overall);
    body["version"] = status.version;
    body["serviceId"] = status.kiosk_id;
    body["description"] = "ktp-kiosk";
    body["checks"] = std::move(checks);
    return json_response(context, overall == Verdict::fail ? http::status::service_unavailable : http::status::ok, body,
                         "application/health+json");
}

Response handle_status(const RequestContext& context, const KioskStatus& status, const Readings& readings,
                       const HealthThresholds& thresholds) {
    json::array devices;
    for (const DeviceStatus& device : status.devices)
        devices.push_back(device_entry("device", core::session::device_code(device.device), device.fault));
    json::array card_readers;
    card_readers.push_back(device_entry("reader", "front", fault_of(status, Device::card_reader)));
    card_readers.push_back(device_entry("reader", "read_position", readings.read_position_reader));

    const auto& magazine = readings.dispenser.magazine;
    const StoreReading* store = readings.store ? &readings.store.value() : nullptr;
    json::object stock;
    stock["cards_in_kiosk"] = magazine ? json::value(magazine->cards) : nullptr;
    stock["free_slots"] = magazine ? json::value(free_slots(*magazine)) : nullptr;
    stock["capacity"] = magazine ? json::value(magazine->slots) : nullptr;
    stock["loaded_in_store"] = store ? json::value(store->slots_loaded) : nullptr;
    stock["past_deadline"] = store ? optional_number(store->slots_past_deadline) : nullptr;

    const auto& bin = readings.dispenser.bin;
    const BinState bin_now = bin_state(bin, thresholds);
    json::object bin_object;
    bin_object["count"] = bin ? json::value(bin->count) : nullptr;
    bin_object["capacity"] = thresholds.capture_bin_capacity_cards;
    bin_object["high_threshold"] = thresholds.capture_bin_high_cards;
    bin_object["state"] = bin_state_code(bin_now);
    bin_object["full"] = bin_now == BinState::full;

    // As the session machine decides it: a pickup needs the dispenser up (a full bin takes it down)
    // while the kiosk serves.
    const auto dispenser_fault = fault_of(status, Device::dispenser);
    json::object pickup;
    pickup["available"] = serving(status.state) && !dispenser_fault;
    pickup["blocked_by"] = !serving(status.state) ? json::value("out_of_service")
                           : dispenser_fault ? json::value(json::string(core::session::fault_code(*dispenser_fault)))
                                             : nullptr;

    json::object versions;
    versions["kiosk"] = status.version;
    versions["database_schema"] = store ? json::value(store->schema_version) : nullptr;
    versions["dispenser_firmware"] =
        readings.dispenser.firmware ? json::value(json::string(*readings.dispenser.firmware)) : nullptr;

    json::object body;
    body["kiosk_id"] = status.kiosk_id;
    body["state"] = state_code(status.state);
    body["reason"] = optional_string(reason_code(status.reason));
    json::object maintenance;
    maintenance["state"] = maintenance_state_code(status.maintenance.state);
    maintenance["reason"] = optional_string(status.maintenance.reason);
    body["maintenance"] = std::move(maintenance);
    body["devices"] = std::move(devices);
    body["card_readers"] = std::move(card_readers);
    body["stock"] = std::move(stock);
    body["bin"] = std::move(bin_object);
    body["pickup"] = std::move(pickup);
    body["last_frame_unix_ms"] = optional_number(status.last_frame_unix_ms);
    body["started_unix_s"] = status.started_unix_s;
    body["version"] = status.version;
    body["versions"] = std::move(versions);
    return json_response(context, http::status::ok, body);
}

KioskStatus status_as_answered(KioskStatus status) {
    status.uptime_s = 0;
    status.state_age_ms = 0;
    status.activity = {};
    return status;
}

KioskStatus StatusSource::answered_snapshot() const {
    return status_as_answered(snapshot());
}

}  // namespace kiosk::mgmt
