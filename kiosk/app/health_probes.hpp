// HealthProbes: what the management server's thread reads at request time (mgmt::ReadingsSource)
// for /healthz, /api/v1/status and /metrics, so that the UI thread never waits on any of it:
// - the store, through the server thread's own connection (DESIGN.md: one connection per thread):
//   a trivial query (PRAGMA user_version, timed), the slots by state, the slots past their pickup
//   deadline, the outbox's pending events, the database's size; and the audit chain's check;
// - the disk the database lives on (statvfs on its directory, behind a seam);
// - the dispenser's consumables as its service last read them and the read-position card reader as
//   the card service last saw it (both copied under their owners' short locks, no device I/O).
// The store, audit chain and disk readings are reused for at most ProbeSources::max_age, so a burst
// of anonymous /healthz requests costs the store one query set per interval.
//
// Thread safety: read() on the management server's thread only (it owns that thread's connection).
#pragma once

#include "kiosk/clock/steady_clock.hpp"
#include "kiosk/core/session/session_types.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/store/sqlite.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::app {

// The disk seam: the file system holding `directory`. statvfs_disk_space is the real one (f_bavail:
// what the kiosk's unprivileged user may still write).
using DiskSpace = std::function<Result<mgmt::DiskReading>(const std::string& directory)>;
[[nodiscard]] Result<mgmt::DiskReading> statvfs_disk_space(const std::string& directory);

// How many loaded slots are past their pickup deadline at `now_unix_s`; nullopt when no deadline is
// known. no_slot_deadlines() knows none (a reading without the policy); past_pickup_deadline() counts
// by store::pickup_deadline_of (load time plus the days `pickup_deadline_days` answers at each
// reading: the live [session] pickup_deadline_days), the rule GET /api/v1/slots applies too.
using SlotsPastDeadline = std::function<Result<std::optional<std::int64_t>>(store::Database&, std::int64_t now_unix_s)>;
[[nodiscard]] SlotsPastDeadline no_slot_deadlines();
[[nodiscard]] SlotsPastDeadline past_pickup_deadline(std::function<int()> pickup_deadline_days);

// The store's part of the readings, on `database`; `clock` times the trivial query. Errors: any of
// the queries failed (the reading is all or nothing).
[[nodiscard]] Result<mgmt::StoreReading> read_store(store::Database& database, const SlotsPastDeadline& past_deadline,
                                                    std::int64_t now_unix_s, SteadyClock& clock);

struct ProbeSources {
    std::string database_path;                          // its directory is the disk probed
    std::function<mgmt::DispenserReading()> dispenser;  // empty: never read
    // nullopt while the read-position reader is present; empty function: no card service (disconnected).
    std::function<std::optional<core::session::DeviceFault>()> read_position_reader;
    std::function<std::int64_t()> now_unix_s;
    DiskSpace disk_space = statvfs_disk_space;
    SlotsPastDeadline slots_past_deadline = no_slot_deadlines();
    // The audit chain's check, on the server's thread; empty: never read (the reading is absent).
    std::function<Result<mgmt::AuditChainCheck>()> audit_chain;
    SteadyClock* clock = &real_steady_clock();
    std::chrono::milliseconds max_age{1000};
};

class HealthProbes final : public mgmt::ReadingsSource {
public:
    // Opens the server thread's own connection to the database (no integrity check: the kiosk's own
    // check runs after the first frame). Errors: the database cannot be opened.
    [[nodiscard]] static Result<std::unique_ptr<HealthProbes>> open(ProbeSources sources);
    HealthProbes(store::Database database, ProbeSources sources);

    [[nodiscard]] mgmt::Readings read() override;

private:
    store::Database database_;
    ProbeSources sources_;
    std::optional<SteadyClock::time_point> read_at_;  // of the cached store and disk readings
    Result<mgmt::StoreReading> store_ = fail("app.health", "not read");
    Result<mgmt::DiskReading> disk_ = fail("app.health", "not read");
    Result<mgmt::AuditChainCheck> audit_chain_ = fail("app.health", "not read");
};

}  // namespace kiosk::app
