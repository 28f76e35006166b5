// Start-up reconciliation of an open load (a restock the power cut interrupted) against a real store
// file and the simulated dispenser, reached through a driver of the kiosk's own: the card in its
// slot completes the load; the card still at the read position is captured and the load aborted;
// no card anywhere blocks the slot for an operator. Afterwards no card is in a slot without a record
// and no record points at an empty slot, and the audit chain holds.
#include "kiosk/app/startup_reconciliation.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/load_journal.hpp"
#include "tests/kiosk/app/simulated_dispenser.hpp"
#include "tests/kiosk/store/staff_store_rig.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace kiosk;
using kiosk::test::kStaffId;
using kiosk::test::nik_of;

namespace {

constexpr const char* kPrinted = "3171016208920005";  // synthetic
constexpr const char* kSerial = "PRN-0001";
constexpr int kSlot = 3;
constexpr int kFeeder = 8;  // where the test keeps the card it "inserts" (fetched to the read position)

// A PRINTED record, an open load of it into kSlot at `step`, and the dispenser with the card where
// `card_in` says.
enum class CardIn { slot, read_position, nowhere };
struct CutDuringLoad {
    kiosk::test::StaffStoreRig rig{10};
    std::string port = rig.dir.file("dispenser");
    std::unique_ptr<app::test::DispenserAt> device;
    std::int64_t entry = 0;

    CutDuringLoad(CardIn card_in, store::LoadState step) {
        rig.printed(kPrinted, std::string(kSerial));
        store::LoadJournal journal(rig.db);
        entry = journal.begin(nik_of(kPrinted), kSerial, kSlot, kStaffId, 1'767'300'000).value();
        if (step == store::LoadState::stored) REQUIRE(journal.stored(entry, 1'767'300'001).ok());
        if (card_in == CardIn::slot) {
            device = std::make_unique<app::test::DispenserAt>(port, std::initializer_list<int>{core::device_position(kSlot)});
        } else if (card_in == CardIn::read_position) {
            device = std::make_unique<app::test::DispenserAt>(port, std::initializer_list<int>{core::device_position(kFeeder)});
        } else {
            device = std::make_unique<app::test::DispenserAt>(port);
        }
    }
    std::unique_ptr<dispenser::Dispenser> driver() {
        auto opened =
            dispenser::Dispenser::open(serial::PortSpec::device_path(port), {}, dispenser::testing::test_settings());
        REQUIRE(opened.ok());
        REQUIRE((*opened)->initialize(dispenser::InitializeMode::keep_card).ok());
        return std::move(opened.value());
    }
    store::LoadEntry load() { return store::LoadJournal(rig.db).get(entry).value().value(); }
};

}  // namespace

TEST_CASE("a load whose card reached its slot is completed at start-up") {
    for (const auto step : {store::LoadState::intent, store::LoadState::stored}) {
        CAPTURE(store::wire_code(step));
        CutDuringLoad cut(CardIn::slot, step);
        auto driver = cut.driver();
        REQUIRE(app::reconcile_pickups_at_startup(*driver, cut.rig.path).ok());
        CHECK(cut.load().state == store::LoadState::reconciled_completed);
        CHECK(cut.rig.record(kPrinted).status == core::CardStatus::in_kiosk);
        CHECK(cut.rig.record(kPrinted).slot == kSlot);
        CHECK(cut.rig.slot(kSlot).state == store::SlotState::loaded);
        CHECK(cut.rig.slot(kSlot).card_serial == kSerial);
        CHECK(cut.rig.count("SELECT count(*) FROM outbox WHERE kind = 'card.loaded'") == 1);
        CHECK(cut.rig.audit_intact());
        CHECK(store::LoadJournal(cut.rig.db).open_entries().value().empty());
    }
}

TEST_CASE("a load whose card never reached its slot: the card is captured, the record stays PRINTED") {
    CutDuringLoad cut(CardIn::read_position, store::LoadState::intent);
    auto driver = cut.driver();
    REQUIRE(driver->fetch(core::device_position(kFeeder)).ok());  // the inserted card, at the read position
    const int bin_before = driver->bin_counter().value();
    REQUIRE(app::reconcile_pickups_at_startup(*driver, cut.rig.path).ok());
    CHECK(cut.load().state == store::LoadState::reconciled_aborted);
    CHECK(cut.rig.record(kPrinted).status == core::CardStatus::printed);
    CHECK_FALSE(cut.rig.record(kPrinted).slot.has_value());
    CHECK(cut.rig.slot(kSlot).state == store::SlotState::empty);
    CHECK(driver->bin_counter().value() == bin_before + 1);
    const auto sensors = driver->sensors().value();
    CHECK_FALSE(sensors.read_position);
    CHECK_FALSE(sensors.mouth);
    CHECK(cut.rig.count("SELECT count(*) FROM outbox WHERE kind = 'card.loaded'") == 0);
    CHECK(cut.rig.audit_intact());
}

TEST_CASE("a load whose card is nowhere to be seen blocks its slot for an operator") {
    CutDuringLoad cut(CardIn::nowhere, store::LoadState::stored);
    auto driver = cut.driver();
    REQUIRE(app::reconcile_pickups_at_startup(*driver, cut.rig.path).ok());
    CHECK(cut.load().state == store::LoadState::reconciled_operator_check);
    CHECK(cut.rig.slot(kSlot).state == store::SlotState::fault);
    CHECK(cut.rig.record(kPrinted).status == core::CardStatus::printed);
    CHECK(store::LoadJournal(cut.rig.db).awaiting_operator().value().size() == 1);
    CHECK(cut.rig.audit_intact());
}
