// Hand-made inputs for the status routes' tests: a kiosk serving with every device up, and what the
// server thread would read from a healthy kiosk.
#pragma once

#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt::test {

inline KioskStatus all_up() {
    KioskStatus status;
    status.kiosk_id = "kiosk-07";
    status.version = "0.1.0";
    status.state = ApplicationState::available;
    status.reason = StateReason::none;
    for (const auto device : core::session::kAllDevices) status.devices.push_back({device, std::nullopt});
    status.last_frame_unix_ms = 1'767'225'600'500;
    status.started_unix_s = 1'767'225'000;
    status.uptime_s = 601;
    return status;
}

inline Readings healthy_readings() {
    Readings readings;
    readings.dispenser.magazine = MagazineReading{12, 50};
    readings.dispenser.bin = CaptureBinReading{3, false};
    readings.dispenser.firmware = "M1-2.04";
    readings.read_position_reader = std::nullopt;
    StoreReading store;
    store.query_ms = 0.25;
    store.schema_version = 4;
    store.slots_loaded = 11;
    store.slots_fault = 1;
    store.slots_past_deadline = 2;
    store.outbox_pending = 7;
    store.database_bytes = 4096 * 100;
    store.wal_bytes = 8192;
    readings.store = store;
    readings.disk = DiskReading{20ULL * 1024 * 1024 * 1024, 64ULL * 1024 * 1024 * 1024};
    readings.audit_chain = AuditChainCheck{42, std::nullopt, ""};
    return readings;
}

struct Call {
    Request request{http::verb::get, "/", 11};
    Caller caller{Role::monitor, "mon"};
    RequestContext context() const { return {request, caller, "/", ""}; }
};

}  // namespace kiosk::mgmt::test
