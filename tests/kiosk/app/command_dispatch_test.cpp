// CommandDispatch: each session command reaches the service that executes it, with its request id
// and arguments: device commands go to scripted device services (and, for a device the kiosk does
// not have, are answered at once with that device's failure); store commands run at once on a real
// store and answer into the inbox.
#include "kiosk/app/command_dispatch.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;

namespace {

constexpr int kSlot = 3;

core::Nik nik_of(const char* digits) {
    auto nik = core::Nik::parse(digits);
    REQUIRE(nik.ok());
    return *nik;
}

// The device services as a log of what they were asked to do.
struct ScriptedDevices final : FingerprintCommands, DispenserCommands, CardCommands {
    std::vector<std::string> calls;
    std::vector<EnrolledTemplate> templates;

    void verify(session::RequestId request, std::vector<EnrolledTemplate> given, session::Millis finger_timeout) override {
        calls.push_back("verify " + std::to_string(request) + " " + std::to_string(finger_timeout.count()));
        templates = std::move(given);
    }
    void cancel(session::RequestId request) override { calls.push_back("cancel " + std::to_string(request)); }
    void fetch(session::RequestId request, int slot) override {
        calls.push_back("fetch " + std::to_string(request) + " " + std::to_string(slot));
    }
    void present(session::RequestId request, session::Millis take_timeout) override {
        calls.push_back("present " + std::to_string(request) + " " + std::to_string(take_timeout.count()));
    }
    void capture(session::RequestId request) override { calls.push_back("capture " + std::to_string(request)); }
    void read_at_read_position(session::RequestId request) override {
        calls.push_back("read " + std::to_string(request));
    }
};

struct Rig {
    kiosk::testing::TempDir dir;
    std::optional<store::Database> db;
    std::optional<StoreService> store;
    SessionInbox inbox{[] {}};
    ScriptedDevices devices;
    session::SessionMachine machine{session::SessionConfig{}, {}, session::Instant(session::Millis(1'000'000))};
    const core::Nik nik = nik_of("3171014101900001");  // synthetic

    Rig() {
        auto opened = store::open_store(dir.file("kiosk.db"), {});
        REQUIRE(opened.ok());
        db.emplace(std::move(*opened));
        store.emplace(*db, "kiosk-test");
        app::test::add_in_kiosk_resident(*db, nik, kSlot);
    }

    Services all_devices() { return Services{&*store, &devices, &devices, &devices}; }
    Services store_only() { return Services{&*store, nullptr, nullptr, nullptr}; }

    template <class T>
    T only_answer() {
        auto events = inbox.drain();
        REQUIRE(events.size() == 1);
        const auto* answer = std::get_if<T>(&events.front());
        REQUIRE(answer != nullptr);
        return *answer;
    }
    session::Record looked_up(CommandDispatch& dispatch, session::RequestId request) {
        dispatch.execute(session::LookupRecord{request, nik}, machine);
        auto found = only_answer<session::RecordLookedUp>();
        CHECK(found.request == request);
        REQUIRE(found.record.has_value());
        return *found.record;
    }
    core::CardStatus status() {
        auto record = store::Records(*db).get(nik);
        REQUIRE(record.ok());
        REQUIRE(record->has_value());
        return (*record)->status;
    }
    std::size_t outbox_events() {
        auto events = store::Outbox(*db).peek(10);
        REQUIRE(events.ok());
        return events->size();
    }
    std::size_t open_pickups() {
        auto open = store::PickupJournal(*db).open_entries();
        REQUIRE(open.ok());
        return open->size();
    }
};

}  // namespace

TEST_CASE("each device command reaches its device service with its request and arguments") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    const auto record = rig.looked_up(dispatch, 1);

    dispatch.execute(session::VerifyFingerprint{7, record.templates, 15s}, rig.machine);
    dispatch.execute(session::CancelFingerprint{7}, rig.machine);
    dispatch.execute(session::FetchSlot{8, kSlot}, rig.machine);
    dispatch.execute(session::ReadChipAtReadPosition{9}, rig.machine);
    dispatch.execute(session::PresentCard{10, 30s}, rig.machine);
    dispatch.execute(session::CaptureCard{11}, rig.machine);
    CHECK(rig.devices.calls ==
          std::vector<std::string>{"verify 7 15000", "cancel 7", "fetch 8 3", "read 9", "present 10 30000", "capture 11"});
    // The refs became the store's bytes on their way to the sensor.
    REQUIRE(rig.devices.templates.size() == 2);
    CHECK(rig.devices.templates[0][0] == 0x11);
    CHECK(rig.devices.templates[1][0] == 0x22);
    // The devices answer later, on their own: nothing is in the inbox for them yet.
    CHECK(rig.inbox.drain().empty());
}

TEST_CASE("an unknown NIK's verification goes to the sensor with nothing to match against") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    dispatch.execute(session::VerifyFingerprint{4, {}, 15s}, rig.machine);
    CHECK(rig.devices.calls == std::vector<std::string>{"verify 4 15000"});
    CHECK(rig.devices.templates.empty());
}

TEST_CASE("a command for a device the kiosk does not have is answered at once with its failure") {
    Rig rig;
    CommandDispatch dispatch(rig.store_only(), rig.inbox);

    dispatch.execute(session::VerifyFingerprint{7, {}, 15s}, rig.machine);
    const auto finger = rig.only_answer<session::FingerprintResult>();
    CHECK(finger.request == 7);
    CHECK(finger.outcome == session::FingerOutcome::device_error);

    dispatch.execute(session::CancelFingerprint{7}, rig.machine);
    CHECK(rig.inbox.drain().empty());

    dispatch.execute(session::FetchSlot{8, kSlot}, rig.machine);
    const auto fetched = rig.only_answer<session::SlotFetched>();
    CHECK(fetched.request == 8);
    CHECK(fetched.outcome == session::DispenserOutcome::fault);

    dispatch.execute(session::ReadChipAtReadPosition{9}, rig.machine);
    const auto chip = rig.only_answer<session::ChipReadAtReadPosition>();
    CHECK(chip.request == 9);
    CHECK_FALSE(chip.chip.has_value());
    CHECK(chip.refusal == session::ChipRefusal::unreadable);

    dispatch.execute(session::PresentCard{10, 30s}, rig.machine);
    const auto presented = rig.only_answer<session::CardPresentResult>();
    CHECK(presented.request == 10);
    CHECK(presented.outcome == session::TakeOutcome::fault);

    dispatch.execute(session::CaptureCard{11}, rig.machine);
    const auto captured = rig.only_answer<session::CardCaptured>();
    CHECK(captured.request == 11);
    CHECK(captured.outcome == session::DispenserOutcome::fault);
    CHECK(rig.devices.calls.empty());
}

TEST_CASE("a pickup's store commands reach the journal in order; the closing's record and outbox stand") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    dispatch.execute(session::JournalPickupIntent{21, rig.nik, kSlot}, rig.machine);
    const auto intent = rig.only_answer<session::PickupIntentJournaled>();
    CHECK(intent.request == 21);
    CHECK(intent.ok);
    CHECK(rig.open_pickups() == 1);
    for (auto step : {session::PickupStep::fetched, session::PickupStep::chip_verified, session::PickupStep::presenting})
        dispatch.execute(session::JournalPickupStep{rig.nik, kSlot, step}, rig.machine);
    dispatch.execute(session::JournalPickupDone{rig.nik, kSlot}, rig.machine);
    dispatch.execute(session::RecordStatus{rig.nik, core::CardStatus::picked_up}, rig.machine);
    dispatch.execute(session::EmitOutboxEvent{session::OutboxKind::card_picked_up, rig.nik, kSlot}, rig.machine);
    CHECK(rig.open_pickups() == 0);
    CHECK(rig.status() == core::CardStatus::picked_up);
    CHECK(rig.outbox_events() == 1);
    CHECK(rig.inbox.drain().empty());
    CHECK(rig.devices.calls.empty());
}

TEST_CASE("a capture and an abort close the pickup's journal entry") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    SUBCASE("captured") {
        dispatch.execute(session::JournalPickupIntent{31, rig.nik, kSlot}, rig.machine);
        REQUIRE(rig.only_answer<session::PickupIntentJournaled>().ok);
        dispatch.execute(session::JournalCaptured{rig.nik, kSlot, session::CaptureReason::not_taken}, rig.machine);
    }
    SUBCASE("aborted") {
        dispatch.execute(session::JournalPickupIntent{32, rig.nik, kSlot}, rig.machine);
        REQUIRE(rig.only_answer<session::PickupIntentJournaled>().ok);
        dispatch.execute(session::JournalPickupAborted{rig.nik, kSlot}, rig.machine);
        CHECK(rig.status() == core::CardStatus::in_kiosk);
    }
    CHECK(rig.open_pickups() == 0);
}

TEST_CASE("a record status and an outbox event without a pickup closing are written on their own") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    dispatch.execute(session::RecordStatus{rig.nik, core::CardStatus::captured}, rig.machine);
    CHECK(rig.status() == core::CardStatus::captured);
    dispatch.execute(session::EmitOutboxEvent{session::OutboxKind::card_captured, rig.nik, kSlot}, rig.machine);
    CHECK(rig.outbox_events() == 1);
}

TEST_CASE("an operator alert is audited") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    auto before = store::AuditLog(*rig.db).verify();
    REQUIRE(before.ok());
    dispatch.execute(session::AlertOperator{session::AlertReason::chip_mismatch, kSlot}, rig.machine);
    auto after = store::AuditLog(*rig.db).verify();
    REQUIRE(after.ok());
    CHECK(after->rows == before->rows + 1);
    CHECK_FALSE(after->first_break.has_value());
}

TEST_CASE("PersistLockBook saves the machine's lock book; WipeSession forgets the session's templates") {
    Rig rig;
    session::NikLockBook::Entry locked;
    locked.nik_digits = "3171014101900001";
    locked.failures = {session::Instant(session::Millis(990'000))};
    locked.locked_until = session::Instant(session::Millis(5'000'000));
    session::SessionMachine machine(session::SessionConfig{}, {}, session::Instant(session::Millis(1'000'000)), {locked});
    REQUIRE_FALSE(machine.lock_book().entries().empty());
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    CHECK(rig.store->load_lock_book().empty());
    dispatch.execute(session::PersistLockBook{}, machine);
    CHECK(rig.store->load_lock_book() == machine.lock_book().entries());

    const auto record = rig.looked_up(dispatch, 41);
    REQUIRE(rig.store->templates_for(record.templates).size() == 2);
    dispatch.execute(session::WipeSession{}, machine);
    CHECK(rig.store->templates_for(record.templates).empty());
}
