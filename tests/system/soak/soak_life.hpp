// What the pickup soak (soak_main.cpp) and the load soak (load_soak.cpp) share around one life of the
// box: the wait for start-up reconciliation to settle the journals after a power-on, and the report
// with which either stops (the box's last lines, the last cut, the kept world and the seed to replay).
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/system/soak/soak_box.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace kiosk::soak {

using SoakClock = std::chrono::steady_clock;

[[nodiscard]] long long ms_since(SoakClock::time_point from);

// Open pickup and load journal entries, read on a connection of the soak's own.
[[nodiscard]] Result<std::int64_t> open_journal_entries(const std::string& database);

enum class Settling { settled, cut, timed_out };
// After power_on() and await_ready(): polls the world's journals until start-up reconciliation has
// closed every open entry (settled), the power was cut meanwhile (cut), or `limit` went by (timed_out).
[[nodiscard]] Result<Settling> await_settled(const Box& box, const World& world,
                                             std::chrono::seconds limit = std::chrono::seconds(30));

// Where the soak stopped, for its stderr: what the last cut was, and how to find and replay the world.
struct StopReport {
    const std::string& last_cut;
    const World& world;
    std::uint64_t seed = 0;
};
// The soak cannot go on: pulls the plug (so that the kiosk's log is complete), prints why, the box's
// last lines and the report. The caller prints its figures and exits 2.
void report_trouble(Box& box, const Error& error, const StopReport& report);
// An invariant was violated (the caller has printed which): pulls the plug and prints the box's last
// lines and the report. The caller prints its figures and exits 1.
void report_violation(Box& box, const StopReport& report);

}  // namespace kiosk::soak
