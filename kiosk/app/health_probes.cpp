#include "kiosk/app/health_probes.hpp"

#include "kiosk/store/outbox.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace kiosk::app {

namespace {

std::string directory_of(const std::string& database_path) {
    const auto parent = std::filesystem::path(database_path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

Result<mgmt::DiskReading> statvfs_disk_space(const std::string& directory) {
    struct statvfs space {};
    if (::statvfs(directory.c_str(), &space) != 0)
        return fail("app.health.disk " + directory, std::string("statvfs failed: ") + std::strerror(errno));
    const auto unit = static_cast<std::uint64_t>(space.f_frsize);
    return mgmt::DiskReading{static_cast<std::uint64_t>(space.f_bavail) * unit,
                             static_cast<std::uint64_t>(space.f_blocks) * unit};
}

SlotsPastDeadline no_slot_deadlines() {
    return [](store::Database&, std::int64_t) -> Result<std::optional<std::int64_t>> {
        return std::optional<std::int64_t>{};
    };
}

SlotsPastDeadline past_pickup_deadline(std::function<int()> pickup_deadline_days) {
    return [days = std::move(pickup_deadline_days)](store::Database& database,
                                                    std::int64_t now_unix_s) -> Result<std::optional<std::int64_t>> {
        const int deadline_days = days();
        std::int64_t past = 0;
        for (const store::Slot& slot : TRY(store::Slots(database).all())) {
            const auto deadline = store::pickup_deadline_of(slot, deadline_days, now_unix_s);
            past += deadline && deadline->past ? 1 : 0;
        }
        return std::optional<std::int64_t>{past};
    };
}

Result<mgmt::StoreReading> read_store(store::Database& database, const SlotsPastDeadline& past_deadline,
                                      std::int64_t now_unix_s, SteadyClock& clock) {
    constexpr const char* where = "app.health.store";
    mgmt::StoreReading reading;
    const auto started = clock.now();
    reading.schema_version = TRY(database.query_int("PRAGMA user_version", where));
    reading.query_ms = std::chrono::duration<double, std::milli>(clock.now() - started).count();

    {
        auto slots = TRY(database.cached("SELECT state, count(*) FROM dispenser_slots GROUP BY state", where));
        while (TRY(slots->step())) {
            const std::string state = slots->column_text(0);
            if (state == store::wire_code(store::SlotState::loaded))
                reading.slots_loaded = slots->column_int(1);
            else if (state == store::wire_code(store::SlotState::fault))
                reading.slots_fault = slots->column_int(1);
        }
    }
    reading.slots_past_deadline = TRY(past_deadline(database, now_unix_s));
    reading.outbox_pending = TRY(store::Outbox(database).pending_count());
    reading.database_bytes =
        TRY(database.query_int("PRAGMA page_count", where)) * TRY(database.query_int("PRAGMA page_size", where));
    // The WAL's size by stat (never by opening the file: that would drop SQLite's POSIX locks,
    // sqlite.hpp); no -wal file is 0.
    std::error_code no_wal;
    const auto wal = std::filesystem::file_size(database.path() + "-wal", no_wal);
    reading.wal_bytes = no_wal ? 0 : static_cast<std::int64_t>(wal);
    return reading;
}

Result<std::unique_ptr<HealthProbes>> HealthProbes::open(ProbeSources sources) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;
    options.cache_size_kib = 1024;  // a few small reads per request: no large cache
    auto database = TRY(store::open_store(sources.database_path, options));
    return std::make_unique<HealthProbes>(std::move(database), std::move(sources));
}

HealthProbes::HealthProbes(store::Database database, ProbeSources sources)
    : database_(std::move(database)), sources_(std::move(sources)) {}

mgmt::Readings HealthProbes::read() {
    SteadyClock& clock = *sources_.clock;
    const auto now = clock.now();
    if (!read_at_ || now - *read_at_ >= sources_.max_age) {
        const std::int64_t now_s = sources_.now_unix_s ? sources_.now_unix_s() : 0;
        store_ = read_store(database_, sources_.slots_past_deadline, now_s, clock);
        disk_ = sources_.disk_space(directory_of(sources_.database_path));
        if (sources_.audit_chain) audit_chain_ = sources_.audit_chain();
        read_at_ = now;
    }
    mgmt::Readings readings;
    if (sources_.dispenser) readings.dispenser = sources_.dispenser();
    if (sources_.read_position_reader) readings.read_position_reader = sources_.read_position_reader();
    readings.store = store_;
    readings.disk = disk_;
    readings.audit_chain = audit_chain_;
    return readings;
}

}  // namespace kiosk::app
