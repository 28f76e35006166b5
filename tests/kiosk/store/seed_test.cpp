// Synthetic residents: plausible, unique, deterministic, and never mixed into real data.
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/synthetic_residents.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::TempDir;

namespace {

std::vector<std::string> dump(Database& db) {
    std::vector<std::string> rows;
    auto statement = db.prepare(
        "SELECT nik || '|' || name || '|' || status || '|' || status_time || '|' || ifnull(queue_position, '') || '|' "
        "|| ifnull(card_serial, '') || '|' || ifnull(slot, '') || '|' || "
        "(SELECT hex(group_concat(hex(data), '')) FROM templates t WHERE t.nik = r.nik) FROM records r ORDER BY nik",
        "t");
    REQUIRE(statement.ok());
    while (statement->step().value()) rows.push_back(statement->column_text(0));
    return rows;
}

}  // namespace

TEST_CASE("seeded residents have plausible unique NIKs of the region and a spread of statuses") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    SeedOptions options;
    options.records = 5000;
    options.region = 1403;
    options.seed = 11;
    options.slots = 10;
    options.batch_records = 700;
    auto summary = seed_synthetic_residents(db, options);
    REQUIRE(summary.ok());
    CHECK(summary->records == 5000);
    CHECK(summary->in_kiosk == 10);  // capped by the magazine
    const core::CivilDate today{2026, 1, 1};
    std::set<std::string> niks;
    std::map<std::string, int> statuses;
    auto statement = db.prepare("SELECT nik, status FROM records", "t").value();
    while (statement.step().value()) {
        const auto digits = statement.column_text(0);
        auto nik = core::Nik::parse(digits);
        REQUIRE(nik.ok());
        CHECK(nik->region_code() == 1403);
        CHECK_FALSE(core::check_plausibility(*nik, today).has_value());
        niks.insert(digits);
        ++statuses[statement.column_text(1)];
    }
    CHECK(niks.size() == 5000);
    CHECK(statuses["PRINT_READY_RECORD"] > 1000);
    CHECK(statuses["PICKED_UP"] > 1500);
    CHECK(statuses["IN_KIOSK"] == 10);
    CHECK(statuses["ENROLL_FAILURE"] > 0);
    CHECK(statuses["REPRINT_REJECTED"] > 0);
    CHECK(db.query_int("SELECT count(*) FROM templates", "t").value() == 10000);
    CHECK(db.query_int("SELECT count(*) FROM dispenser_slots WHERE state = 'LOADED'", "t").value() == 10);
    CHECK(db.query_int("SELECT count(*) FROM records r JOIN dispenser_slots s ON s.nik = r.nik AND s.slot = r.slot "
                       "AND s.card_serial = r.card_serial WHERE r.status = 'IN_KIOSK'",
                       "t")
              .value() == 10);
    CHECK(db.query_int("SELECT max(queue_position) FROM records", "t").value() == statuses["PRINT_READY_RECORD"]);
}

TEST_CASE("the same seed gives the same rows; another seed does not") {
    TempDir dir;
    auto a = open_store(dir.file("a.db"), {}).value();
    auto b = open_store(dir.file("b.db"), {}).value();
    auto c = open_store(dir.file("c.db"), {}).value();
    SeedOptions options;
    options.records = 800;
    REQUIRE(seed_synthetic_residents(a, options).ok());
    options.batch_records = 64;  // batching must not change the content
    REQUIRE(seed_synthetic_residents(b, options).ok());
    options.seed = 2;
    REQUIRE(seed_synthetic_residents(c, options).ok());
    CHECK(dump(a) == dump(b));
    CHECK(dump(a) != dump(c));
}

TEST_CASE("seed refuses a non-empty database and a region that is not one") {
    TempDir dir;
    auto db = open_store(dir.file("kiosk.db"), {}).value();
    SeedOptions options;
    options.records = 3;
    options.region = 9903;
    auto bad_region = seed_synthetic_residents(db, options);
    REQUIRE_FALSE(bad_region.ok());
    CHECK(bad_region.error().what.find("region 9903") == 0);
    options.region = 1400;
    CHECK_FALSE(seed_synthetic_residents(db, options).ok());
    options.region = 3171;
    REQUIRE(seed_synthetic_residents(db, options).ok());
    auto again = seed_synthetic_residents(db, options);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().what.find("already holds 3 records") != std::string::npos);
}
