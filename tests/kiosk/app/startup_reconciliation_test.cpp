// Start-up reconciliation against a real store file and the simulated dispenser: a power cut left a
// pickup open with its card at the read position. The card goes to the bin; when the store cannot
// record that (a SQLite-level fault on exactly that write), the reconciliation fails, so that its
// caller keeps the dispenser out of pickups, and the entry stays open; the next attempt finds the
// card in the bin, its counter risen by one, and records the capture. A capture that fails records
// nothing and fails the reconciliation too (the card stays safe in the path until a retry captures
// it), and a card in the path that no open pickup accounts for is captured before any pickup.
#include "kiosk/app/startup_reconciliation.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/kiosk/app/simulated_dispenser.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using namespace kiosk;

namespace {

constexpr int kSlot = 3;  // the device's position 2

core::Nik resident() {
    auto nik = core::Nik::parse("3171014101900001");
    REQUIRE(nik.ok());
    return *nik;
}

std::vector<store::PickupEntry> open_entries(const std::string& path) {
    auto db = store::open_store(path, {});
    REQUIRE(db.ok());
    auto open = store::PickupJournal(*db).open_entries();
    REQUIRE(open.ok());
    return *open;
}

// A power cut in the middle of a pickup: the resident's entry open at `fetched`, the card at the
// read position of the simulated dispenser, reached through a driver of the kiosk's own.
struct CutAtReadPosition {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    std::string port = dir.file("dispenser");
    app::test::DispenserAt device{port, {kSlot - 1}};
    std::unique_ptr<dispenser::Dispenser> driver;

    CutAtReadPosition() {
        {
            auto db = store::open_store(path, {});
            REQUIRE(db.ok());
            app::test::add_in_kiosk_resident(*db, resident(), kSlot);
            store::PickupJournal journal(*db);
            auto id = journal.begin(resident(), kSlot, 1'767'300'000, 0);
            REQUIRE(id.ok());
            REQUIRE(journal.step(*id, store::PickupState::fetched, 1'767'300'001).ok());
        }
        auto opened =
            dispenser::Dispenser::open(serial::PortSpec::device_path(port), {}, dispenser::testing::test_settings());
        REQUIRE(opened.ok());
        driver = std::move(opened.value());
        REQUIRE(driver->initialize(dispenser::InitializeMode::keep_card).ok());
        REQUIRE(driver->fetch(kSlot - 1).ok());
    }
};

}  // namespace

TEST_CASE("a capture reconciliation cannot record fails it; the entry stays open and the next attempt settles it") {
    CutAtReadPosition cut;
    const std::string& path = cut.path;
    auto& device = cut.device;
    auto* driver = &cut.driver;

    // The write that records the capture fails, as on a full disk.
    kiosk::testing::raw_exec(path,
                             "CREATE TRIGGER capture_unrecorded BEFORE UPDATE OF state ON pickup_journal "
                             "WHEN NEW.state = 'reconciled_captured' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const Status failed = app::reconcile_pickups_at_startup(**driver, path);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().to_string().find("disk full") != std::string::npos);
    CHECK(device.model().snapshot().bin_counter == 1);  // the card is safe in the bin all the same
    auto still_open = open_entries(path);
    REQUIRE(still_open.size() == 1);
    CHECK(still_open.front().state == store::PickupState::fetched);

    kiosk::testing::raw_exec(path, "DROP TRIGGER capture_unrecorded;");
    const Status settled = app::reconcile_pickups_at_startup(**driver, path);
    CHECK(settled.ok());
    CHECK(open_entries(path).empty());
    CHECK(device.model().snapshot().bin_counter == 1);  // nothing moved a second time
    auto db = store::open_store(path, {});
    REQUIRE(db.ok());
    auto record = store::Records(*db).get(resident());
    REQUIRE(record.ok());
    CHECK((*record)->status == core::CardStatus::captured);
}

TEST_CASE("a capture at start-up that fails records nothing and fails closed; the retry captures and records it") {
    CutAtReadPosition cut;
    const std::string& path = cut.path;
    auto& device = cut.device;
    auto* driver = &cut.driver;

    // The capture is refused ("cannot run now"): the card stays at the read position.
    REQUIRE(device.model().fail_next_move(dispenser::ErrorCode::sequence).ok);
    const Status failed = app::reconcile_pickups_at_startup(**driver, path);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().to_string().find("capture at start-up failed") != std::string::npos);
    CHECK(device.model().snapshot().place == dispenser::sim::CardPlace::read_position);
    auto still_open = open_entries(path);
    REQUIRE(still_open.size() == 1);  // no operator check, no guess: decided again from the sensors
    CHECK(still_open.front().state == store::PickupState::fetched);

    const Status settled = app::reconcile_pickups_at_startup(**driver, path);
    REQUIRE_MESSAGE(settled.ok(), (settled.ok() ? "" : settled.error().to_string()));
    CHECK(open_entries(path).empty());
    CHECK(device.model().snapshot().bin_counter == 1);
    CHECK(device.model().snapshot().place == dispenser::sim::CardPlace::none);
    auto db = store::open_store(path, {});
    REQUIRE(db.ok());
    auto record = store::Records(*db).get(resident());
    REQUIRE(record.ok());
    CHECK((*record)->status == core::CardStatus::captured);
}

TEST_CASE("a card in the path that no open pickup accounts for goes to the bin before any pickup; failing that, it fails") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    const std::string port = dir.file("dispenser");
    app::test::DispenserAt device(port, {kSlot - 1});
    {
        auto db = store::open_store(path, {});
        REQUIRE(db.ok());
        app::test::add_in_kiosk_resident(*db, resident(), kSlot);
    }
    auto driver =
        dispenser::Dispenser::open(serial::PortSpec::device_path(port), {}, dispenser::testing::test_settings());
    REQUIRE(driver.ok());
    REQUIRE((*driver)->initialize(dispenser::InitializeMode::keep_card).ok());

    SUBCASE("an empty path: nothing moves") {
        CHECK(app::reconcile_pickups_at_startup(**driver, path).ok());
        CHECK(device.model().snapshot().bin_counter == 0);
    }
    SUBCASE("a card at the read position with no pickup open") {
        REQUIRE((*driver)->fetch(kSlot - 1).ok());
        REQUIRE(device.model().fail_next_move(dispenser::ErrorCode::sequence).ok);
        const Status failed = app::reconcile_pickups_at_startup(**driver, path);
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().to_string().find("no pickup accounts for") != std::string::npos);
        CHECK(device.model().snapshot().place == dispenser::sim::CardPlace::read_position);
        CHECK(app::reconcile_pickups_at_startup(**driver, path).ok());
        CHECK(device.model().snapshot().place == dispenser::sim::CardPlace::none);
        CHECK(device.model().snapshot().bin_counter == 1);
        auto db = store::open_store(path, {});
        REQUIRE(db.ok());
        auto audit = store::AuditLog(*db).verify();
        REQUIRE(audit.ok());
        CHECK_FALSE(audit->first_break.has_value());
        auto statement = db->prepare("SELECT count(*) FROM audit WHERE action = 'reconciliation.stray_card_captured'",
                                     "test.audit");
        REQUIRE(statement.ok());
        REQUIRE(statement->step().value());
        CHECK(statement->column_int(0) == 1);
        // ... and the capture bin's list names it, as it names every capture (capture_bin.hpp): a staff
        // member emptying the bin finds the count and the list agree.
        auto listed = store::CaptureBin(*db).in_bin();
        REQUIRE(listed.ok());
        REQUIRE(listed->size() == 1);
        CHECK_FALSE((*listed)[0].card_serial.has_value());
        CHECK((*listed)[0].reason == "stray_at_startup");
    }
}
