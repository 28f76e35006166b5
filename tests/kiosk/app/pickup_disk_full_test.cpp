// A pickup whose journal write meets a full disk, through the kiosk's real parts but the screen: the
// session machine, the command dispatch, the store worker on a real SQLite file on a small tmpfs
// (tests/support/small_disk.hpp) that fills up between the `fetched` step and the next, the
// dispenser service over the simulated dispenser on a pty with start-up reconciliation, and the
// journal settlement that joins them. The fingerprint sensor and the read position's reader are
// scripted stand-ins (device_commands.hpp): a matching finger, and the resident's own chip.
//
// What must hold: the failed write reaches the session as a fault and the card goes to the bin,
// never to the mouth; the dispenser is out of service with its reason (journal_unreconciled) before
// the session hears of the failure; the store reports its full disk (StoreHealth, the kiosk out of
// service for it) until a probe write succeeds once the disk has room; no new pickup may begin, even once the disk has room again,
// until reconciliation has settled the open entry; nothing committed before the failure is lost;
// and the next reconciliation (the loop's retry) records the capture and brings the dispenser back.
#include "kiosk/app/command_dispatch.hpp"
#include "kiosk/app/dispenser_service.hpp"
#include "kiosk/app/journal_settlement.hpp"
#include "kiosk/app/startup_reconciliation.hpp"
#include "kiosk/app/store_service.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/counted_inbox.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/kiosk/app/simulated_dispenser.hpp"
#include "tests/kiosk/clock/test_clock.hpp"
#include "tests/support/small_disk.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;

namespace {

constexpr int kSlot = 3;  // the store's slot; the device's position 2
constexpr const char* kNik = "3171014101900001";
constexpr const char* kSerial = "SERIAL1";  // in_kiosk_resident's card
// Another resident, whose card waits in slot 5 (position 4): a pickup of a card the failed one
// does not touch.
constexpr int kOtherSlot = 5;
constexpr const char* kOtherNik = "3171015203880002";

core::Nik nik_of(const char* digits) {
    auto parsed = core::Nik::parse(digits);
    REQUIRE(parsed.ok());
    return *parsed;
}
core::Nik nik() {
    return nik_of(kNik);
}

// The events or commands of type T among `all`, in order.
template <class T, class Variant>
std::vector<T> of_type(const std::vector<Variant>& all) {
    std::vector<T> out;
    for (const auto& each : all)
        if (const auto* hit = std::get_if<T>(&each)) out.push_back(*hit);
    return out;
}

// The sensor matches at once; the read position's reader holds its request until the test answers.
class StandIns final : public FingerprintCommands, public CardCommands {
public:
    explicit StandIns(SessionInbox& inbox) : inbox_(inbox) {}
    void verify(session::RequestId request, std::vector<EnrolledTemplate>, session::Millis) override {
        inbox_.deliver(session::FingerprintProgress{request, session::FingerStage::matching});
        inbox_.deliver(session::FingerprintResult{request, session::FingerOutcome::matched, 200});
    }
    void cancel(session::RequestId) override {}
    void read_at_read_position(session::RequestId request) override { chip_request = request; }
    void answer_chip() {
        REQUIRE(chip_request.has_value());
        inbox_.deliver(session::ChipReadAtReadPosition{*chip_request, session::AuthenticatedChip{nik(), kSerial}, {}});
    }
    std::optional<session::RequestId> chip_request;  // the UI thread's (dispatch calls it there)

private:
    SessionInbox& inbox_;
};

struct Kiosk {
    kiosk::testing::TempDir dir;
    kiosk::testing::SmallDisk disk{dir.path() / "data", 8u << 20};
    std::string db_path = disk.file("kiosk.db");
    std::string port = dir.file("dispenser");
    app::test::DispenserAt device{port, {kSlot - 1, kOtherSlot - 1}};
    std::optional<store::Database> db;  // the store worker's connection
    kiosk::test::TestSteadyClock clock;  // the settlement's backoff
    JournalSettlement settlement{clock};
    app::test::CountedInbox waking;
    StandIns stand_ins{waking.inbox()};
    std::optional<StoreService> store_service;
    std::optional<DispenserService> dispenser;
    std::optional<StoreWorker> store_worker;
    std::optional<CommandDispatch> dispatch;
    std::optional<session::SessionMachine> machine;
    session::Instant now{std::chrono::sys_days{std::chrono::year{2026} / 12 / 2} + 9h};
    std::vector<session::Command> commands;  // every command the machine gave, in order
    std::vector<session::Event> events;      // every event it was fed, in order

    Kiosk() {
        auto opened = store::open_store(db_path, {});
        REQUIRE(opened.ok());
        db.emplace(std::move(opened.value()));
        app::test::add_in_kiosk_resident(*db, nik(), kSlot);
        app::test::add_in_kiosk_resident(*db, nik_of(kOtherNik), kOtherSlot, "SERIAL2");
        store_service.emplace(*db, "kiosk-test");
        store_service->set_journal_settlement(&settlement);
        DispenserSection section;
        section.reply_timeout_ms = 1000;
        dispenser.emplace(waking.inbox(), section, serial::PortSpec::device_path(port), settlement,
                          [path = db_path](dispenser::Dispenser& opened_device) {
                              return reconcile_pickups_at_startup(opened_device, path);
                          });
        store_service->set_bin_counter_source([this] { return dispenser->bin_counter(); });
        store_worker.emplace(*store_service, waking.inbox());
        dispatch.emplace(Services{&*store_worker, &stand_ins, &*dispenser, &stand_ins}, waking.inbox());
        session::DeviceHealthSnapshot health;
        health.dispenser = session::DeviceFault::not_responding;  // as main starts it
        machine.emplace(session::SessionConfig{}, health, now);
    }
    ~Kiosk() {
        store_worker.reset();
        dispenser.reset();
    }

    void feed(const session::Event& event) {
        events.push_back(event);
        for (const auto& command : machine->handle(now, event)) {
            commands.push_back(command);
            dispatch->execute(command, *machine);
        }
    }
    // The UI loop: feeds what arrives until `done()`.
    void run_until(const std::function<bool()>& done) {
        for (;;) {
            for (const auto& event : waking.inbox().drain()) feed(event);
            if (done()) return;
            waking.await_next();
        }
    }
    template <class T>
    [[nodiscard]] std::vector<T> fed() const {
        return of_type<T>(events);
    }
    template <class C>
    [[nodiscard]] std::vector<C> given() const {
        return of_type<C>(commands);
    }
    [[nodiscard]] bool dispenser_reported(std::optional<session::DeviceFault> fault) const {
        for (const auto& health : fed<session::DeviceHealth>())
            if (health.device == session::Device::dispenser && health.fault == fault) return true;
        return false;
    }
    // The answer to the journal write `request`, once fed.
    [[nodiscard]] std::optional<bool> journaled(session::RequestId request) const {
        for (const auto& answer : fed<session::PickupStepJournaled>())
            if (answer.request == request) return answer.ok;
        return std::nullopt;
    }
    [[nodiscard]] store::Database reader() const {
        store::OpenOptions options;
        options.integrity = store::IntegrityCheck::quick;  // the file is whole
        auto opened = store::open_store(db_path, options);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().to_string()));
        return std::move(opened.value());
    }
};

}  // namespace

TEST_CASE("a journal write lost to a full disk: captured, out of service with its reason, nothing lost, reconciled") {
    Kiosk kiosk;
    kiosk.dispenser->connect();
    kiosk.run_until([&] { return kiosk.dispenser_reported(std::nullopt); });  // reconciled (nothing open), up

    // The resident: NIK, finger, pickup. The dispenser fetches the card to the read position.
    kiosk.feed(session::StartPressed{});
    for (const char digit : std::string(kNik)) kiosk.feed(session::KeypadDigit{digit});
    kiosk.feed(session::KeypadSubmit{});
    kiosk.run_until([&] { return kiosk.machine->phase() == session::Phase::status; });
    kiosk.feed(session::PickupPressed{});
    kiosk.run_until([&] {
        const auto steps = kiosk.given<session::JournalPickupStep>();
        return !steps.empty() && kiosk.journaled(steps.front().request).has_value();
    });
    REQUIRE(kiosk.journaled(kiosk.given<session::JournalPickupStep>().front().request) == true);  // `fetched`
    REQUIRE(kiosk.stand_ins.chip_request.has_value());

    // The disk fills; then the chip proves the card the resident's: chip_verified and presenting fail.
    kiosk.disk.fill();
    kiosk.stand_ins.answer_chip();
    kiosk.run_until([&] {
        const auto closings = kiosk.given<session::JournalCaptured>();
        return !closings.empty() && kiosk.journaled(closings.front().request).has_value();
    });

    // The card never went to the mouth: the one move after the failed write took it to the bin.
    CHECK(kiosk.given<session::PresentCard>().empty());
    REQUIRE(kiosk.given<session::CaptureCard>().size() == 1);
    const auto mechanism = kiosk.device.model().snapshot();
    CHECK(mechanism.bin_counter == 1);
    CHECK(mechanism.bin_cards.size() == 1);
    CHECK(mechanism.place == dispenser::sim::CardPlace::none);
    CHECK(kiosk.given<session::AlertOperator>().front().reason == session::AlertReason::journal_failed);
    CHECK(kiosk.given<session::JournalCaptured>().front().reason == session::CaptureReason::journal_failed);
    CHECK(kiosk.journaled(kiosk.given<session::JournalCaptured>().front().request) == false);  // the disk is full

    // Out of service with its reason, told before the session heard of the failed write.
    std::size_t down_at = 0;
    std::size_t failed_at = 0;
    for (std::size_t i = 0; i < kiosk.events.size(); ++i) {
        const auto* health = std::get_if<session::DeviceHealth>(&kiosk.events[i]);
        if (down_at == 0 && health && health->fault == session::DeviceFault::journal_unreconciled) down_at = i;
        const auto* answer = std::get_if<session::PickupStepJournaled>(&kiosk.events[i]);
        if (failed_at == 0 && answer && !answer->ok) failed_at = i;
    }
    CHECK(kiosk.dispenser_reported(session::DeviceFault::journal_unreconciled));
    CHECK(down_at != 0);
    CHECK(down_at < failed_at);
    CHECK_FALSE(kiosk.dispenser->up());
    CHECK_FALSE(kiosk.settlement.settled());

    // The store itself is out of service for its full disk (its own reason, not a device's, nor
    // maintenance), and a probe while the disk is still full does not bring it back.
    CHECK(kiosk.store_service->disk_full());
    const auto store_health = kiosk.fed<session::StoreHealth>();
    REQUIRE(store_health.size() == 1);
    CHECK(store_health.front().fault == session::StoreFault::disk_full);
    kiosk.store_worker->post(ProbeStore{});
    kiosk.store_worker->post(session::LookupRecord{9000, nik()});
    kiosk.run_until([&] {
        for (const auto& looked_up : kiosk.fed<session::RecordLookedUp>())
            if (looked_up.request == 9000) return true;
        return false;
    });
    CHECK(kiosk.store_service->disk_full());
    CHECK(kiosk.fed<session::StoreHealth>().size() == 1);

    // The disk has room again. No pickup may begin before reconciliation (the loop's retry) has
    // settled the open entry, not even of another card: the journal no longer says where the last
    // one went, and two open entries are a contradiction only an operator can resolve.
    kiosk.disk.free();
    kiosk.store_worker->post(session::JournalPickupIntent{9001, nik_of(kOtherNik), kOtherSlot});
    kiosk.run_until([&] {
        return !kiosk.fed<session::PickupIntentJournaled>().empty() &&
               kiosk.fed<session::PickupIntentJournaled>().back().request == 9001;
    });
    CHECK_FALSE(kiosk.fed<session::PickupIntentJournaled>().back().ok);
    // The loop's retry probes the store: one write that succeeds brings it back.
    kiosk.store_worker->post(ProbeStore{});
    kiosk.run_until([&] { return kiosk.fed<session::StoreHealth>().size() == 2; });
    CHECK_FALSE(kiosk.fed<session::StoreHealth>().back().fault.has_value());
    CHECK_FALSE(kiosk.store_service->disk_full());
    {
        auto db = kiosk.reader();
        auto open = store::PickupJournal(db).open_entries();
        REQUIRE(open.ok());
        REQUIRE(open->size() == 1);                                 // one pickup open, never two
        CHECK(open->front().state == store::PickupState::fetched);  // committed before the disk filled
        auto record = store::Records(db).get(nik());
        REQUIRE(record.ok());
        CHECK((*record)->status == core::CardStatus::in_kiosk);
        auto audit = store::AuditLog(db).verify();
        REQUIRE(audit.ok());
        CHECK_FALSE(audit->first_break.has_value());
    }

    // The loop retries the dispenser while it is down: reconciliation finds the card in the bin.
    kiosk.dispenser->connect();
    kiosk.run_until([&] { return kiosk.dispenser->up(); });
    CHECK(kiosk.settlement.settled());
    auto db = kiosk.reader();
    auto open = store::PickupJournal(db).open_entries();
    REQUIRE(open.ok());
    CHECK(open->empty());
    auto record = store::Records(db).get(nik());
    REQUIRE(record.ok());
    CHECK((*record)->status == core::CardStatus::captured);
    auto audit = store::AuditLog(db).verify();
    REQUIRE(audit.ok());
    CHECK_FALSE(audit->first_break.has_value());
}
