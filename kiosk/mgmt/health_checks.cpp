#include "kiosk/mgmt/health_checks.hpp"

#include <algorithm>

namespace kiosk::mgmt {

std::string_view verdict_code(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: return "pass";
        case Verdict::warn: return "warn";
        case Verdict::fail: return "fail";
    }
    return "fail";
}

bool serving(ApplicationState state) {
    return state == ApplicationState::available || state == ApplicationState::active;
}

Check database_check(const Result<StoreReading>& store, std::optional<StoreFault> ui_fault) {
    if (!store) return {Verdict::fail, "query_failed"};
    if (ui_fault) return {Verdict::fail, store_fault_code(*ui_fault)};
    return {};
}

Check device_check(std::optional<core::session::DeviceFault> fault) {
    if (fault) return {Verdict::fail, core::session::fault_code(*fault)};
    return {};
}

Check disk_check(const Result<DiskReading>& disk, const HealthThresholds& thresholds) {
    if (!disk) return {Verdict::warn, "unreadable"};
    if (disk->free_bytes < thresholds.disk_free_fail_bytes) return {Verdict::fail, "critically_low"};
    if (disk->free_bytes < thresholds.disk_free_warn_bytes) return {Verdict::warn, "low"};
    return {};
}

std::int64_t free_slots(const MagazineReading& magazine) {
    return std::max<std::int64_t>(0, magazine.slots - magazine.cards);
}

Check magazine_check(const std::optional<MagazineReading>& magazine, const HealthThresholds& thresholds) {
    if (!magazine || magazine->slots <= 0) return {Verdict::warn, "unknown"};
    if (static_cast<double>(free_slots(*magazine)) <
        thresholds.magazine_free_warn_ratio * static_cast<double>(magazine->slots))
        return {Verdict::warn, "nearly_full"};
    return {};
}

std::string_view bin_state_code(BinState state) {
    switch (state) {
        case BinState::unknown: return "unknown";
        case BinState::ok: return "ok";
        case BinState::high: return "high";
        case BinState::full: return "full";
    }
    return "unknown";
}

BinState bin_state(const std::optional<CaptureBinReading>& bin, const HealthThresholds& thresholds) {
    if (!bin) return BinState::unknown;
    if (bin->full || bin->count >= thresholds.capture_bin_capacity_cards) return BinState::full;
    if (bin->count >= thresholds.capture_bin_high_cards) return BinState::high;
    return BinState::ok;
}

Check bin_check(BinState state) {
    switch (state) {
        case BinState::unknown: return {Verdict::warn, "unknown"};
        case BinState::ok: return {};
        case BinState::high: return {Verdict::warn, "high"};
        case BinState::full: return {Verdict::fail, "full"};
    }
    return {Verdict::warn, "unknown"};
}

Verdict overall_verdict(ApplicationState state, const Check& database, std::span<const Check> checks) {
    if (!serving(state) || database.verdict == Verdict::fail) return Verdict::fail;
    const bool degraded =
        std::any_of(checks.begin(), checks.end(), [](const Check& check) { return check.verdict != Verdict::pass; });
    return degraded ? Verdict::warn : Verdict::pass;
}

}  // namespace kiosk::mgmt
