#include "tests/system/soak/soak_life.hpp"

#include "kiosk/store/sqlite.hpp"

#include <cstdio>
#include <thread>

namespace kiosk::soak {

long long ms_since(SoakClock::time_point from) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(SoakClock::now() - from).count();
}

Result<std::int64_t> open_journal_entries(const std::string& database) {
    auto db = TRY(store::Database::open(database, store::OpenAccess::read_only));
    TRY(db.set_busy_timeout(std::chrono::milliseconds(5'000)));
    return db.query_int(
        "SELECT (SELECT count(*) FROM pickup_journal WHERE state IN ('intent', 'fetched', 'chip_verified', "
        "'presenting')) + (SELECT count(*) FROM load_journal WHERE state IN ('intent', 'stored'))",
        "soak.open_entries");
}

Result<Settling> await_settled(const Box& box, const World& world, std::chrono::seconds limit) {
    // Start-up reconciliation runs before the dispenser reports in; an entry that waits for its
    // capture closes soon after.
    const auto settle_by = SoakClock::now() + limit;
    while (!box.cut()) {
        if (TRY(open_journal_entries(world.database)) == 0) return Settling::settled;
        if (SoakClock::now() > settle_by) return Settling::timed_out;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return Settling::cut;
}

namespace {

const char* cut_text(const StopReport& report) {
    return report.last_cut.empty() ? "none yet" : report.last_cut.c_str();
}

}  // namespace

void report_trouble(Box& box, const Error& error, const StopReport& report) {
    box.pull_the_plug();
    std::fprintf(stderr, "soak: cannot go on: %s\n%s", error.to_string().c_str(), box.log_tail().c_str());
    std::fprintf(stderr, "soak: the last cut: %s\nsoak: world %d kept in %s; seed %llu\n", cut_text(report),
                 report.world.number, report.world.dir.c_str(), static_cast<unsigned long long>(report.seed));
}

void report_violation(Box& box, const StopReport& report) {
    box.pull_the_plug();
    std::fprintf(stderr, "%ssoak: the last cut: %s\nsoak: world %d kept in %s; replay with --seed %llu\n",
                 box.log_tail().c_str(), cut_text(report), report.world.number, report.world.dir.c_str(),
                 static_cast<unsigned long long>(report.seed));
}

}  // namespace kiosk::soak
