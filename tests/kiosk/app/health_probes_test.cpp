// HealthProbes: the store read on a connection of its own (slots by state, past their deadline,
// outbox, size, schema), the disk through its seam, the dispenser's and the reader's last readings,
// and the store and disk readings reused for max_age on the steady clock.
#include "kiosk/app/health_probes.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/synthetic_residents.hpp"
#include "tests/kiosk/clock/test_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
namespace session = kiosk::core::session;

namespace {

struct Store {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    store::Database db = store::open_store(path, {}).value();
};

// Seeds synthetic residents, some with a card in a slot; the loaded slots as the store's own
// repository counts them.
std::int64_t seed_with_slots(store::Database& db, std::int64_t records, std::int64_t slots) {
    store::SeedOptions seed;
    seed.records = records;
    seed.slots = slots;
    REQUIRE(store::seed_synthetic_residents(db, seed).ok());
    const std::vector<store::Slot> all = store::Slots(db).all().value();
    std::int64_t loaded = 0;
    for (const auto& slot : all) loaded += slot.state == store::SlotState::loaded ? 1 : 0;
    return loaded;
}

}  // namespace

TEST_CASE("the store's reading: schema, slots by state, outbox backlog, size") {
    Store s;
    const std::int64_t loaded = seed_with_slots(s.db, 300, 40);
    REQUIRE(loaded > 1);
    const auto first_loaded = store::Slots(s.db).all().value().front().slot;
    REQUIRE(store::Slots(s.db).mark_fault(first_loaded).ok());
    store::Outbox outbox(s.db);
    REQUIRE(outbox.enqueue("card.picked_up", "{}", 1).ok());
    REQUIRE(outbox.enqueue("card.captured", "{}", 2).ok());
    const std::vector<std::string> first{outbox.peek(1).value().at(0).id};
    REQUIRE(outbox.acknowledge(first, "central:test", 3).ok());

    auto server_side = store::open_store(s.path, {}).value();  // a connection of its own, as the server thread's
    kiosk::test::TestSteadyClock clock;
    const auto reading = read_store(server_side, no_slot_deadlines(), 0, clock);
    REQUIRE_MESSAGE(reading.ok(), (reading.ok() ? "" : reading.error().to_string()));
    CHECK(reading->schema_version == store::latest_schema_version());
    CHECK(reading->slots_loaded == loaded - 1);
    CHECK(reading->slots_fault == 1);
    CHECK_FALSE(reading->slots_past_deadline.has_value());
    CHECK(reading->outbox_pending == 1);
    CHECK(reading->database_bytes == server_side.query_int("PRAGMA page_count", "t").value() *
                                         server_side.query_int("PRAGMA page_size", "t").value());
    CHECK(reading->database_bytes > 0);
    CHECK(reading->wal_bytes == static_cast<std::int64_t>(std::filesystem::file_size(s.path + "-wal")));
    CHECK(reading->query_ms == 0);  // the test clock did not move
}

TEST_CASE("slots past their pickup deadline: load time plus the live days, as the slots route counts them") {
    Store s;
    const std::int64_t loaded = seed_with_slots(s.db, 200, 20);
    REQUIRE(loaded > 0);
    int deadline_days = 14;
    const auto past_deadline = past_pickup_deadline([&deadline_days] { return deadline_days; });
    const std::vector<store::Slot> slots = store::Slots(s.db).all().value();
    auto expected_at = [&](std::int64_t now_s) {
        std::int64_t past = 0;
        for (const auto& slot : slots)
            past += slot.state == store::SlotState::loaded && *slot.loaded_at_s + deadline_days * 86400 <= now_s;
        return past;
    };
    std::int64_t oldest = INT64_MAX;
    std::int64_t newest = 0;
    for (const auto& slot : slots) {
        if (slot.state != store::SlotState::loaded) continue;
        oldest = std::min(oldest, *slot.loaded_at_s);
        newest = std::max(newest, *slot.loaded_at_s);
    }
    REQUIRE(oldest < newest);  // the middle reading below counts some but not all
    kiosk::test::TestSteadyClock clock;
    const std::int64_t deadline_s = 14 * 86400;
    for (const std::int64_t now_s :
         {oldest + deadline_s - 1, (oldest + newest) / 2 + deadline_s, newest + deadline_s}) {
        INFO(now_s);
        CHECK(read_store(s.db, past_deadline, now_s, clock)->slots_past_deadline == expected_at(now_s));
    }
    CHECK(expected_at(oldest + deadline_s - 1) == 0);
    CHECK(expected_at(newest + deadline_s) == loaded);
    const std::int64_t middle = expected_at((oldest + newest) / 2 + deadline_s);
    CHECK(middle > 0);
    CHECK(middle < loaded);

    // The days are read at each reading: a live change moves every card's deadline.
    deadline_days = 365;
    const std::int64_t later_deadline = expected_at(newest + deadline_s);
    CHECK(later_deadline < loaded);
    CHECK(read_store(s.db, past_deadline, newest + deadline_s, clock)->slots_past_deadline == later_deadline);
}

TEST_CASE("a file that is not the kiosk's store fails the reading") {
    kiosk::testing::TempDir dir;
    auto bare = store::Database::open(dir.file("bare.db"), store::OpenAccess::read_write_create).value();
    kiosk::test::TestSteadyClock clock;
    CHECK_FALSE(read_store(bare, no_slot_deadlines(), 0, clock).ok());
}

TEST_CASE("statvfs reads the file system of a directory; a missing one is an error") {
    kiosk::testing::TempDir dir;
    const auto space = statvfs_disk_space(dir.path().string());
    REQUIRE(space.ok());
    CHECK(space->size_bytes > 0);
    CHECK(space->free_bytes <= space->size_bytes);
    const auto missing = statvfs_disk_space((dir.path() / "nowhere").string());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().what.find("statvfs failed") != std::string::npos);
}

TEST_CASE("probes: the store and disk reused for max_age, the dispenser and reader read each time") {
    Store s;
    kiosk::test::TestSteadyClock clock;
    int disk_reads = 0;
    std::string disk_directory;
    int dispenser_reads = 0;
    std::optional<session::DeviceFault> reader = std::nullopt;
    ProbeSources sources;
    sources.database_path = s.path;
    sources.clock = &clock;
    sources.max_age = std::chrono::milliseconds(1000);
    sources.now_unix_s = [] { return std::int64_t{1'767'225'600}; };
    sources.disk_space = [&](const std::string& directory) -> Result<mgmt::DiskReading> {
        ++disk_reads;
        disk_directory = directory;
        return mgmt::DiskReading{100, 1000};
    };
    sources.dispenser = [&] {
        ++dispenser_reads;
        mgmt::DispenserReading reading;
        reading.magazine = mgmt::MagazineReading{dispenser_reads, 50};
        return reading;
    };
    sources.read_position_reader = [&] { return reader; };
    auto probes = HealthProbes::open(std::move(sources));
    REQUIRE(probes.ok());

    auto first = (*probes)->read();
    CHECK(first.store.ok());
    REQUIRE(first.disk.ok());
    CHECK(first.disk->free_bytes == 100);
    CHECK(disk_directory == s.dir.path().string());  // the directory the database lives in
    CHECK(first.dispenser.magazine->cards == 1);
    CHECK_FALSE(first.read_position_reader.has_value());

    clock.advance(std::chrono::milliseconds(999));
    reader = session::DeviceFault::disconnected;
    auto second = (*probes)->read();
    CHECK(disk_reads == 1);  // still fresh
    CHECK(second.dispenser.magazine->cards == 2);
    CHECK(second.read_position_reader == session::DeviceFault::disconnected);

    clock.advance(std::chrono::milliseconds(1));
    (void)(*probes)->read();
    CHECK(disk_reads == 2);
}

TEST_CASE("probes: the audit chain's check, reused for max_age like the store's reading") {
    Store s;
    kiosk::test::TestSteadyClock clock;
    int checks = 0;
    std::optional<std::int64_t> first_break;
    ProbeSources sources;
    sources.database_path = s.path;
    sources.clock = &clock;
    sources.audit_chain = [&]() -> Result<mgmt::AuditChainCheck> {
        ++checks;
        if (checks == 3) return fail("test.audit", "the store could not be read");
        return mgmt::AuditChainCheck{5, first_break, first_break ? "hash mismatch" : ""};
    };
    auto probes = HealthProbes::open(std::move(sources));
    REQUIRE(probes.ok());
    auto readings = (*probes)->read();
    REQUIRE(readings.audit_chain.ok());
    CHECK_FALSE(readings.audit_chain->first_break_id.has_value());
    first_break = 3;
    (void)(*probes)->read();
    CHECK(checks == 1);  // still fresh
    clock.advance(std::chrono::milliseconds(1000));
    readings = (*probes)->read();
    REQUIRE(readings.audit_chain.ok());
    CHECK(readings.audit_chain->first_break_id == 3);
    clock.advance(std::chrono::milliseconds(1000));
    CHECK_FALSE((*probes)->read().audit_chain.ok());  // a failed check is reported, not the last verdict
}

TEST_CASE("probes without a card service or a dispenser source: the reader is down, the dispenser unread") {
    Store s;
    ProbeSources sources;
    sources.database_path = s.path;
    auto probes = HealthProbes::open(std::move(sources));
    REQUIRE(probes.ok());
    const auto readings = (*probes)->read();
    CHECK(readings.read_position_reader == session::DeviceFault::disconnected);
    CHECK_FALSE(readings.dispenser.magazine.has_value());
    CHECK_FALSE(readings.dispenser.bin.has_value());
    CHECK(readings.store.ok());
    CHECK(readings.disk.ok());  // the real statvfs on the test's directory
    CHECK_FALSE(readings.audit_chain.ok());  // no chain source: not read
}
