// MaintenanceSwitch over the real session machine: an operator's maintenance waits for the
// resident's session to end (pending), then takes the kiosk out of service (active) and refuses
// every way of starting a new one; off brings the attract screen back. The kiosk's own fault hold
// acts at once and outlasts an operator's "off". And the store keeps it across a restart, with an
// audit row for each change.
#include "kiosk/app/maintenance.hpp"
#include "kiosk/app/maintenance_setting.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/settings.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/core/session/session_rig.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

using namespace kiosk;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;
using app::MaintenanceSwitch;
using mgmt::MaintenanceChange;
using mgmt::MaintenanceState;

namespace {

const MaintenanceChange kOn{true, "Ganti printer kartu"};
const MaintenanceChange kOff{false, ""};

// The loop's part: every event the machine handles is followed by what the switch says is due.
struct Kiosk {
    SessionRig rig;
    MaintenanceSwitch maintenance;
    int told = 0;

    explicit Kiosk(MaintenanceSwitch initial = MaintenanceSwitch())
        : rig({}, DeviceHealthSnapshot{std::nullopt, std::nullopt, std::nullopt, initial.machine_flag()}),
          maintenance(std::move(initial)) {}

    void settle() {
        if (auto change = maintenance.due(rig.machine.phase())) {
            ++told;
            rig.send(*change);
            CHECK_FALSE(maintenance.due(rig.machine.phase()).has_value());  // told once
        }
    }
    void send(const Event& event) {
        rig.send(event);
        settle();
    }
    void order(const MaintenanceChange& change) {
        maintenance.order(change, rig.machine.phase());
        settle();
    }
    [[nodiscard]] MaintenanceState state() const { return maintenance.status().state; }
    [[nodiscard]] bool out_of_service() const { return std::holds_alternative<OutOfServiceScreen>(rig.view().screen); }
};

}  // namespace

TEST_CASE("at the attract screen maintenance takes effect at once, and off brings the attract screen back") {
    Kiosk kiosk;
    CHECK(kiosk.state() == MaintenanceState::off);
    kiosk.order(kOn);
    CHECK(kiosk.state() == MaintenanceState::active);
    CHECK(kiosk.maintenance.status().reason == kOn.reason);
    CHECK(kiosk.maintenance.reason_on_screen() == kOn.reason);
    REQUIRE(kiosk.out_of_service());
    CHECK(kiosk.rig.screen<OutOfServiceScreen>().maintenance);

    kiosk.order(kOff);
    CHECK(kiosk.state() == MaintenanceState::off);
    CHECK(kiosk.maintenance.status().reason.empty());
    CHECK_FALSE(kiosk.maintenance.reason_on_screen().has_value());
    CHECK(std::holds_alternative<AttractScreen>(kiosk.rig.view().screen));
    CHECK(kiosk.told == 2);
}

TEST_CASE("during a session maintenance is pending; the resident finishes; then it is active") {
    SUBCASE("typing a NIK: the digits stay, the session goes on, and ends as the resident ends it") {
        Kiosk kiosk;
        kiosk.send(StartPressed{});
        for (char d : std::string("317405")) kiosk.send(KeypadDigit{d});
        kiosk.order(kOn);
        CHECK(kiosk.state() == MaintenanceState::pending);
        CHECK_FALSE(kiosk.maintenance.reason_on_screen().has_value());
        CHECK(kiosk.rig.screen<IdentifyScreen>().digit_count == 6);
        kiosk.send(KeypadDigit{'5'});
        CHECK(kiosk.rig.screen<IdentifyScreen>().digit_count == 7);
        CHECK(kiosk.told == 0);
        kiosk.send(Cancel{});
        CHECK(kiosk.state() == MaintenanceState::active);
        CHECK(kiosk.out_of_service());
        CHECK(kiosk.maintenance.reason_on_screen() == kOn.reason);
    }
    SUBCASE("a card being handed over is handed over, and the thank-you shown, first") {
        Kiosk kiosk;
        const PresentCard present = kiosk.rig.reach_presented();
        kiosk.order(kOn);
        CHECK(kiosk.state() == MaintenanceState::pending);
        CHECK(kiosk.rig.machine.phase() == Phase::pickup);
        kiosk.send(CardPresentResult{present.request, TakeOutcome::taken});
        CHECK(kiosk.rig.screen<MessageScreen>().kind == MessageKind::card_taken);
        CHECK(kiosk.state() == MaintenanceState::pending);
        kiosk.rig.now += kiosk.rig.config.message_display;
        kiosk.send(Tick{});
        CHECK(kiosk.state() == MaintenanceState::active);
        CHECK(kiosk.out_of_service());
    }
    SUBCASE("the idle timeout ends a forgotten session, and maintenance follows") {
        Kiosk kiosk;
        kiosk.rig.reach_status(record_with(core::CardStatus::printed));
        kiosk.order(kOn);
        CHECK(kiosk.state() == MaintenanceState::pending);
        kiosk.rig.now += kiosk.rig.config.idle_timeout_after;
        kiosk.send(Tick{});
        CHECK(kiosk.state() == MaintenanceState::active);
        CHECK(kiosk.out_of_service());
    }
    SUBCASE("turned off while pending: the session never notices") {
        Kiosk kiosk;
        kiosk.send(StartPressed{});
        kiosk.order(kOn);
        kiosk.order(kOff);
        CHECK(kiosk.state() == MaintenanceState::off);
        kiosk.send(Cancel{});
        CHECK(std::holds_alternative<AttractScreen>(kiosk.rig.view().screen));
        CHECK(kiosk.told == 0);
    }
    SUBCASE("a new reason while pending or active replaces the old one") {
        Kiosk kiosk;
        kiosk.send(StartPressed{});
        kiosk.order(kOn);
        kiosk.order(MaintenanceChange{true, "Listrik padam"});
        CHECK(kiosk.maintenance.status() == mgmt::MaintenanceStatus{MaintenanceState::pending, "Listrik padam"});
        kiosk.send(Cancel{});
        kiosk.order(MaintenanceChange{true, "Besok buka lagi"});
        CHECK(kiosk.maintenance.status() == mgmt::MaintenanceStatus{MaintenanceState::active, "Besok buka lagi"});
        CHECK(kiosk.told == 1);
    }
}

TEST_CASE("while maintenance is on, no new session starts: taps, typed digits and cards are refused") {
    Kiosk kiosk;
    kiosk.order(kOn);
    REQUIRE(kiosk.out_of_service());
    kiosk.send(StartPressed{});
    kiosk.send(KeypadDigit{'3'});
    kiosk.send(KeypadSubmit{});
    kiosk.send(CardTapped{AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    kiosk.send(PickupPressed{});
    CHECK(kiosk.out_of_service());
    CHECK(kiosk.rig.machine.phase() == Phase::out_of_service);
    for (const Commands& commands : kiosk.rig.all) CHECK(find_command<LookupRecord>(commands) == nullptr);
    // The language still changes: the reason is read in it.
    kiosk.send(LanguageSelected{core::Language::en});
    CHECK(kiosk.rig.view().language == core::Language::en);
    CHECK(kiosk.out_of_service());
}

TEST_CASE("the store's own fault acts at once, and an operator's maintenance on and off does not lift it") {
    Kiosk kiosk;
    kiosk.send(StartPressed{});
    kiosk.send(StoreHealth{StoreFault::damaged});
    CHECK(kiosk.out_of_service());  // before a match the machine ends the session at once
    CHECK(kiosk.state() == MaintenanceState::off);
    CHECK_FALSE(kiosk.maintenance.reason_on_screen().has_value());  // not the operator's screen
    const SessionView view = kiosk.rig.view();
    const auto* screen = std::get_if<OutOfServiceScreen>(&view.screen);
    REQUIRE(screen != nullptr);
    CHECK(screen->store == StoreFault::damaged);
    CHECK_FALSE(screen->maintenance);

    kiosk.order(kOn);
    CHECK(kiosk.state() == MaintenanceState::active);
    kiosk.order(kOff);
    CHECK(kiosk.state() == MaintenanceState::off);
    CHECK(kiosk.out_of_service());
    kiosk.send(StartPressed{});
    CHECK(kiosk.out_of_service());
}

TEST_CASE("a maintenance the store kept is in effect from the start: the machine starts out of service") {
    Kiosk kiosk{MaintenanceSwitch(std::string("Ganti printer kartu"))};
    CHECK(kiosk.maintenance.machine_flag());
    CHECK(kiosk.state() == MaintenanceState::active);
    CHECK(kiosk.out_of_service());
    kiosk.settle();
    CHECK(kiosk.told == 0);  // the machine already knows
    kiosk.order(kOff);
    CHECK(std::holds_alternative<AttractScreen>(kiosk.rig.view().screen));
}

TEST_CASE("a maintenance change is stored with its audit row, and read back after a restart") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    const mgmt::Caller budi{mgmt::Role::operator_, "budi"};
    {
        auto db = store::open_store(path, {});
        REQUIRE(db.ok());
        CHECK(app::load_maintenance_reason(*db).value() == std::nullopt);
        REQUIRE(app::record_maintenance_change(*db, MaintenanceChange{true, "Ganti \"printer\" kartu"}, budi, 1000).ok());
    }
    std::optional<std::string> after_restart;
    {
        auto db = store::open_store(path, {});
        REQUIRE(db.ok());
        after_restart = app::load_maintenance_reason(*db).value();
        CHECK(after_restart == "Ganti \"printer\" kartu");
        CHECK(store::Settings(*db).get(std::string(store::kMaintenanceReasonKey)).value() == after_restart);
        REQUIRE(app::record_maintenance_change(*db, MaintenanceChange{false, "selesai"}, budi, 2000).ok());
        CHECK(app::load_maintenance_reason(*db).value() == std::nullopt);

        std::vector<std::tuple<std::int64_t, std::string, std::string, std::string>> rows;
        auto select = db->cached("SELECT at, actor, action, detail FROM audit WHERE action LIKE 'maintenance.%' ORDER BY id",
                                 "test.audit");
        REQUIRE(select.ok());
        while (select.value()->step().value())
            rows.emplace_back(select.value()->column_int(0), select.value()->column_text(1),
                              select.value()->column_text(2), select.value()->column_text(3));
        REQUIRE(rows.size() == 2);
        CHECK(rows[0] == std::tuple<std::int64_t, std::string, std::string, std::string>{
                             1000, "operator:budi", "maintenance.on", R"(reason="Ganti \"printer\" kartu")"});
        CHECK(rows[1] == std::tuple<std::int64_t, std::string, std::string, std::string>{
                             2000, "operator:budi", "maintenance.off", R"(reason="selesai")"});
        CHECK_FALSE(store::AuditLog(*db).verify().value().first_break.has_value());
    }
    // The restarted kiosk's switch, from what the store held.
    Kiosk restarted{MaintenanceSwitch(after_restart)};
    CHECK(restarted.out_of_service());
    CHECK(restarted.maintenance.reason_on_screen() == "Ganti \"printer\" kartu");
}

TEST_CASE("a change that cannot be recorded leaves the stored maintenance as it was") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto db = store::open_store(path, {});
    REQUIRE(db.ok());
    const mgmt::Caller budi{mgmt::Role::operator_, "budi"};
    REQUIRE(app::record_maintenance_change(*db, kOn, budi, 1000).ok());
    const auto audit_rows = store::AuditLog(*db).verify().value().rows;
    // Another connection holds the write lock: the change and its audit row are refused together.
    store::OpenOptions quick;
    quick.busy_timeout_ms = 0;
    auto other = store::open_store(path, quick);
    REQUIRE(other.ok());
    auto busy = store::open_store(path, quick);
    REQUIRE(busy.ok());
    {
        auto blocking = store::Transaction::begin(*other, store::TransactionKind::immediate, "test.block");
        REQUIRE(blocking.ok());
        CHECK_FALSE(app::record_maintenance_change(*busy, kOff, budi, 2000).ok());
    }
    CHECK(app::load_maintenance_reason(*db).value() == kOn.reason);
    CHECK(store::AuditLog(*db).verify().value().rows == audit_rows);
}
