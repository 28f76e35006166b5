// Synthetic residents for demos, tests and benchmarks: plausible NIKs of one kabupaten/kota,
// Indonesian-sounding names built from small lists (no real persons), a realistic spread of card
// statuses, print-queue positions, card serials, loaded dispenser slots and two 512-byte fingerprint
// templates each (random bytes: they match nothing but the simulator's own copy).
//
// Deterministic: the same options give the same rows on every platform and library version (our own
// splitmix64 generator, no std:: distributions). Times are relative to a fixed reference, not the clock.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>

namespace kiosk::store {

// 2026-01-01T00:00:00Z: "now" for synthetic data, so that a seed's output never depends on the clock.
inline constexpr std::int64_t kSyntheticReferenceTime_s = 1'767'225'600;

struct SeedOptions {
    std::int64_t records = 1000;
    int region = 1403;  // province + kabupaten/kota, 4 digits
    std::uint64_t seed = 1;
    std::int64_t slots = 200;             // dispenser magazine size: at most this many IN_KIOSK cards
    std::int64_t batch_records = 10'000;  // records per transaction
};

struct SeedSummary {
    std::int64_t records = 0;
    std::int64_t print_ready = 0;
    std::int64_t in_kiosk = 0;
};

// Fills an empty records table (refuses a non-empty one: synthetic data must never mix with real
// residents). Generates all residents in memory (~150 bytes each), then commits them in NIK order
// in batches of batch_records.
Result<SeedSummary> seed_synthetic_residents(Database& database, const SeedOptions& options);

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and its output is fixed by its definition.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound) up to a bias of bound / 2^64, irrelevant for synthetic data.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

private:
    std::uint64_t state_;
};

}  // namespace kiosk::store
