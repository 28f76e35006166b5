// What the management server's thread reads at request time, beside the status the UI thread
// publishes (kiosk_status.hpp): the dispenser's consumables as its service last read them, the
// dispenser's read-position card reader, the store (through the server thread's own connection),
// the audit log's hash chain and the disk the database lives on. The application implements ReadingsSource
// (kiosk/app/health_probes.hpp); the handlers see only these plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/core/session/session_types.hpp"

namespace kiosk::mgmt {

// The magazine as the dispenser's inventory last reported it (less each card fetched since).
struct MagazineReading {
    std::int64_t cards = 0;  // occupied slots
    std::int64_t slots = 0;  // the magazine's capacity
    friend bool operator==(const MagazineReading&, const MagazineReading&) = default;
};

// The capture bin: the device's counter (A5 30) and its full sensor (ST2). The device knows no
// capacity; that is a fact of the hardware model (HealthThresholds).
struct CaptureBinReading {
    std::int64_t count = 0;
    bool full = false;
    friend bool operator==(const CaptureBinReading&, const CaptureBinReading&) = default;
};

struct DispenserReading {
    std::optional<MagazineReading> magazine;  // nullopt: not read since start
    std::optional<CaptureBinReading> bin;     // nullopt: not read since start
    std::optional<std::string> firmware;      // the device's version string (A4 30)
    friend bool operator==(const DispenserReading&, const DispenserReading&) = default;
};

// Read on the server thread's own connection.
struct StoreReading {
    double query_ms = 0;                              // the trivial query (PRAGMA user_version) took this long
    std::int64_t schema_version = 0;                  // its answer
    std::int64_t slots_loaded = 0;                    // the store's slots holding a card
    std::int64_t slots_fault = 0;                     // slots staff must look at
    std::optional<std::int64_t> slots_past_deadline;  // loaded past their pickup deadline; nullopt: none stored
    std::int64_t outbox_pending = 0;                  // events the central system has not acknowledged
    std::int64_t database_bytes = 0;                  // page_count * page_size
    std::int64_t wal_bytes = 0;                       // the -wal file (0 when there is none)
    friend bool operator==(const StoreReading&, const StoreReading&) = default;
};

// The file system holding the database (statvfs: what an unprivileged writer may still use).
struct DiskReading {
    std::uint64_t free_bytes = 0;
    std::uint64_t size_bytes = 0;
    friend bool operator==(const DiskReading&, const DiskReading&) = default;
};

// The audit log's hash chain, checked whole (store::AuditLog::verify, or from a verified prefix:
// kiosk/app/operator_data.hpp says how stale a deep edit may be).
struct AuditChainCheck {
    std::int64_t rows = 0;
    std::optional<std::int64_t> first_break_id;  // nullopt: intact
    std::string first_break_reason;
    friend bool operator==(const AuditChainCheck&, const AuditChainCheck&) = default;
};

struct Readings {
    DispenserReading dispenser;
    // The card reader at the dispenser's read position: nullopt while pcscd lists it, else why not
    // (disconnected also when the kiosk runs without its card service: no issuer key).
    std::optional<core::session::DeviceFault> read_position_reader = core::session::DeviceFault::disconnected;
    Result<StoreReading> store = fail("mgmt.readings", "not read");
    Result<DiskReading> disk = fail("mgmt.readings", "not read");
    Result<AuditChainCheck> audit_chain = fail("mgmt.readings", "not read");
    friend bool operator==(const Readings&, const Readings&) = default;
};

// Thread safety: read() on the management server's thread only (it may own that thread's store
// connection). It never waits on the UI thread.
class ReadingsSource {
public:
    virtual ~ReadingsSource() = default;
    [[nodiscard]] virtual Readings read() = 0;
};

}  // namespace kiosk::mgmt
