// The verdict on each component of the kiosk, from the published status and the readings: one
// policy, used by /healthz (its checks), /api/v1/status (the bin's state) and /metrics. Pure
// functions of their arguments.
//
// Decisions (the thresholds are HealthThresholds' defaults):
// - database: fail when the server thread's trivial query fails, or when the UI thread's store last
//   failed (a lookup or pickup intent, or the integrity check after the first frame); else pass.
// - a device (fingerprint sensor, dispenser, front card reader, read-position card reader): fail
//   while it is down, with its fault; else pass.
// - disk: warn below disk_free_warn_bytes free (1 GiB: an import of a region's records and its WAL
//   need room), fail below disk_free_fail_bytes (128 MiB: SQLite's next checkpoint or journal write
//   may find the disk full, and a pickup is refused when its intent cannot be journaled).
// - magazine: an empty magazine is no fault: residents with no card in it are served as ever, and a
//   resident whose card is here finds it here. The check warns when it was never read (the
//   dispenser has not answered) and when fewer than magazine_free_warn_ratio (5 %, the device's own
//   "low" mark) of the slots are free, since staff then cannot load newly printed cards. It never
//   fails.
// - capture bin: high from capture_bin_high_cards (80 % of the capacity: empty it soon), full at the
//   capacity or when the bin's own sensor says so. Full fails: a card not taken could not be
//   captured. The sensor's full also stops pickups (DispenserService reports the dispenser down with
//   capture_bin_full, and the session machine offers no pickup while the dispenser is down); a count
//   at the capacity alone does not. High warns, and so does a bin never read.
// - overall: fail while the kiosk cannot serve residents (its CUSS state is neither AVAILABLE nor
//   ACTIVE, or the database check fails); else warn when any check is not pass (the kiosk serves,
//   degraded: NIK-only without the front reader, status without pickups while the dispenser or bin
//   fails); else pass.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "kiosk/mgmt/kiosk_activity.hpp"
#include "kiosk/mgmt/kiosk_readings.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"

namespace kiosk::mgmt {

struct HealthThresholds {
    std::uint64_t disk_free_warn_bytes = 1024ULL * 1024 * 1024;
    std::uint64_t disk_free_fail_bytes = 128ULL * 1024 * 1024;
    double magazine_free_warn_ratio = 0.05;
    // The M1 dispenser reports a counter and a full sensor but no capacity: the capacity of the
    // capture bin of the kiosk's hardware model. (A candidate for the configuration's [dispenser].)
    std::int64_t capture_bin_capacity_cards = 50;
    std::int64_t capture_bin_high_cards = 40;
};

enum class Verdict { pass, warn, fail };
[[nodiscard]] std::string_view verdict_code(Verdict verdict);  // "pass", "warn", "fail"

// A component's verdict and, unless it passes, why: a stable code (never free text, never personal
// data), e.g. "disconnected", "low", "full".
struct Check {
    Verdict verdict = Verdict::pass;
    std::string_view output;
    friend bool operator==(const Check&, const Check&) = default;
};

[[nodiscard]] bool serving(ApplicationState state);

[[nodiscard]] Check database_check(const Result<StoreReading>& store, std::optional<StoreFault> ui_fault);
[[nodiscard]] Check device_check(std::optional<core::session::DeviceFault> fault);
[[nodiscard]] Check disk_check(const Result<DiskReading>& disk, const HealthThresholds& thresholds);
[[nodiscard]] Check magazine_check(const std::optional<MagazineReading>& magazine, const HealthThresholds& thresholds);

// The capture bin in XFS4IoT's terms.
enum class BinState { unknown, ok, high, full };
[[nodiscard]] std::string_view bin_state_code(BinState state);  // "unknown", "ok", "high", "full"
[[nodiscard]] BinState bin_state(const std::optional<CaptureBinReading>& bin, const HealthThresholds& thresholds);
[[nodiscard]] Check bin_check(BinState state);

// `database` among `checks` too; see the decisions above.
[[nodiscard]] Verdict overall_verdict(ApplicationState state, const Check& database, std::span<const Check> checks);

// Free slots by the dispenser's inventory: 0 for an over-full reading.
[[nodiscard]] std::int64_t free_slots(const MagazineReading& magazine);

}  // namespace kiosk::mgmt
