// The pickup deadline of the cards in the magazine: load time plus the configured days.
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::testing::require_ok;

namespace {
constexpr std::int64_t kDay = 86'400;
constexpr std::int64_t kLoaded = 1'767'225'600;  // 2026-01-01T00:00:00Z
}  // namespace

TEST_CASE("a loaded card's deadline is its load time plus the days; past from that second on") {
    Slot slot{1, SlotState::loaded, "C1", core::Nik::parse("3171014101900001").value(), kLoaded};
    CHECK(pickup_deadline_of(slot, 30, kLoaded) == PickupDeadline{kLoaded + 30 * kDay, false});
    CHECK(pickup_deadline_of(slot, 30, kLoaded + 30 * kDay - 1)->past == false);
    CHECK(pickup_deadline_of(slot, 30, kLoaded + 30 * kDay)->past == true);
    CHECK(pickup_deadline_of(slot, 1, kLoaded + kDay) == PickupDeadline{kLoaded + kDay, true});
    CHECK(pickup_deadline_of(slot, 365, kLoaded)->deadline_s == kLoaded + 365 * kDay);
}

TEST_CASE("an empty or faulty slot, or a card without a load time, has no deadline") {
    CHECK_FALSE(pickup_deadline_of(Slot{2, SlotState::empty, {}, {}, {}}, 30, kLoaded).has_value());
    CHECK_FALSE(pickup_deadline_of(Slot{3, SlotState::fault, {}, {}, {}}, 30, kLoaded).has_value());
    Slot unknown_time{4, SlotState::loaded, "C4", core::Nik::parse("3171014101900001").value(), std::nullopt};
    CHECK_FALSE(pickup_deadline_of(unknown_time, 30, kLoaded).has_value());
}

TEST_CASE("deadlines of the slots as a real database holds them") {
    kiosk::testing::TempDir dir;
    auto db = require_ok(open_store(dir.file("kiosk.db"), {}));
    const auto nik = core::Nik::parse("3171014101900001").value();
    REQUIRE(Records(db).upsert(kiosk::test::in_kiosk_record(nik, "C1")).ok());
    Slots slots(db);
    REQUIRE(slots.load(1, "C1", nik, kLoaded).ok());
    REQUIRE(slots.clear(2).ok());
    REQUIRE(slots.mark_fault(3).ok());
    const auto all = require_ok(slots.all());
    REQUIRE(all.size() == 3);
    const std::int64_t now = kLoaded + 31 * kDay;
    CHECK(pickup_deadline_of(all[0], 30, now) == PickupDeadline{kLoaded + 30 * kDay, true});
    CHECK(pickup_deadline_of(all[0], 60, now) == PickupDeadline{kLoaded + 60 * kDay, false});  // the days moved it
    CHECK_FALSE(pickup_deadline_of(all[1], 30, now).has_value());
    CHECK_FALSE(pickup_deadline_of(all[2], 30, now).has_value());
}
