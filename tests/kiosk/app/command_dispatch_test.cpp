// CommandDispatch: each session command reaches the service that executes it, with its request id
// and arguments, and the dispatch never waits: device commands go to scripted device services (and,
// for a device the kiosk does not have, are answered at once with that device's failure); store
// commands go to a real store worker on a real store and answer into the inbox, in order; while
// another connection holds the database's write lock, dispatching a journal write returns at once
// and its answer comes once the lock is gone.
#include "kiosk/app/command_dispatch.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/nik_locks.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "tests/kiosk/app/counted_inbox.hpp"
#include "tests/kiosk/app/store_worker_rig.hpp"
#include "tests/kiosk/app/store_write_lock.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
using kiosk::app::test::kLongBusyTimeoutMs;
using kiosk::app::test::kSlot;
using kiosk::app::test::StoreWriteLock;
namespace session = kiosk::core::session;

namespace {

// The device services as a log of what they were asked to do. verify() is called from the store
// worker's thread, the rest from the test's (the UI thread's place).
struct ScriptedDevices final : FingerprintCommands, DispenserCommands, CardCommands {
    void verify(session::RequestId request, std::vector<EnrolledTemplate> given, session::Millis finger_timeout) override {
        {
            const std::lock_guard lock(mutex_);
            calls_.push_back("verify " + std::to_string(request) + " " + std::to_string(finger_timeout.count()));
            templates_ = std::move(given);
            ++verifies_;
        }
        verified_.notify_all();
    }
    void cancel(session::RequestId request) override { record("cancel " + std::to_string(request)); }
    void fetch(session::RequestId request, int slot) override {
        record("fetch " + std::to_string(request) + " " + std::to_string(slot));
    }
    void present(session::RequestId request, session::Millis take_timeout) override {
        record("present " + std::to_string(request) + " " + std::to_string(take_timeout.count()));
    }
    void capture(session::RequestId request) override { record("capture " + std::to_string(request)); }
    void read_at_read_position(session::RequestId request) override { record("read " + std::to_string(request)); }

    // The templates of verification number `n` (from 1), once the store worker handed it on.
    std::vector<EnrolledTemplate> verified_templates(int n) {
        std::unique_lock lock(mutex_);
        REQUIRE(verified_.wait_for(lock, 30s, [&] { return verifies_ >= n; }));
        return templates_;
    }
    std::vector<std::string> calls() {
        const std::lock_guard lock(mutex_);
        return calls_;
    }

private:
    void record(std::string call) {
        const std::lock_guard lock(mutex_);
        calls_.push_back(std::move(call));
    }
    std::mutex mutex_;
    std::condition_variable verified_;
    std::vector<std::string> calls_;
    std::vector<EnrolledTemplate> templates_;
    int verifies_ = 0;
};

struct Rig : app::test::StoreWorkerRig {
    SessionInbox& inbox = probe.inbox();
    ScriptedDevices devices;
    session::SessionMachine machine{session::SessionConfig{}, {}, session::Instant(session::Millis(1'000'000))};
    session::RequestId next_fence = 9000;

    ~Rig() { worker->stop(); }  // before `devices`, which the worker's thread calls, goes

    Services all_devices() { return Services{&*worker, &devices, &devices, &devices}; }
    Services store_only() { return Services{&*worker, nullptr, nullptr, nullptr}; }
    // Waits until the store worker ran everything dispatched so far: store commands run in order,
    // so the answer to a lookup dispatched now comes after all of them.
    void settle(CommandDispatch& dispatch) {
        const session::RequestId fence = next_fence++;
        dispatch.execute(session::LookupRecord{fence, nik}, machine);
        (void)probe.next<session::RecordLookedUp>([&](const auto& e) { return e.request == fence; });
    }
    session::Record looked_up(CommandDispatch& dispatch, session::RequestId request) {
        dispatch.execute(session::LookupRecord{request, nik}, machine);
        auto found = probe.next<session::RecordLookedUp>([&](const auto& e) { return e.request == request; });
        REQUIRE(found.record.has_value());
        return *found.record;
    }
    core::CardStatus status() {
        auto read = reader();
        auto record = store::Records(read).get(nik);
        REQUIRE(record.ok());
        REQUIRE(record->has_value());
        return (*record)->status;
    }
    std::size_t outbox_events() {
        auto read = reader();
        auto events = store::Outbox(read).peek(10);
        REQUIRE(events.ok());
        return events->size();
    }
    std::size_t open_pickups() {
        auto read = reader();
        auto open = store::PickupJournal(read).open_entries();
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
    // The refs became the store's bytes on their way to the sensor (through the store worker).
    const auto templates = rig.devices.verified_templates(1);
    REQUIRE(templates.size() == 2);
    CHECK(templates[0][0] == 0x11);
    CHECK(templates[1][0] == 0x22);
    dispatch.execute(session::CancelFingerprint{7}, rig.machine);
    dispatch.execute(session::FetchSlot{8, kSlot}, rig.machine);
    dispatch.execute(session::ReadChipAtReadPosition{9}, rig.machine);
    dispatch.execute(session::PresentCard{10, 30s}, rig.machine);
    dispatch.execute(session::CaptureCard{11}, rig.machine);
    CHECK(rig.devices.calls() ==
          std::vector<std::string>{"verify 7 15000", "cancel 7", "fetch 8 3", "read 9", "present 10 30000", "capture 11"});
    // The devices answer later, on their own: nothing but the lookup's answer is in the inbox.
    CHECK(rig.probe.seen().size() == 1);
}

TEST_CASE("an unknown NIK's verification goes to the sensor with nothing to match against") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    dispatch.execute(session::VerifyFingerprint{4, {}, 15s}, rig.machine);
    CHECK(rig.devices.verified_templates(1).empty());
    CHECK(rig.devices.calls() == std::vector<std::string>{"verify 4 15000"});
}

TEST_CASE("a command for a device the kiosk does not have is answered at once with its failure") {
    Rig rig;
    CommandDispatch dispatch(rig.store_only(), rig.inbox);
    const auto only_answer = [&]<class T>(T*) {
        auto events = rig.inbox.drain();  // at once: pushed by the dispatch itself
        REQUIRE(events.size() == 1);
        const auto* answer = std::get_if<T>(&events.front());
        REQUIRE(answer != nullptr);
        return *answer;
    };

    dispatch.execute(session::VerifyFingerprint{7, {}, 15s}, rig.machine);
    const auto finger = only_answer(static_cast<session::FingerprintResult*>(nullptr));
    CHECK(finger.request == 7);
    CHECK(finger.outcome == session::FingerOutcome::device_error);

    dispatch.execute(session::CancelFingerprint{7}, rig.machine);
    CHECK(rig.inbox.drain().empty());

    dispatch.execute(session::FetchSlot{8, kSlot}, rig.machine);
    const auto fetched = only_answer(static_cast<session::SlotFetched*>(nullptr));
    CHECK(fetched.request == 8);
    CHECK(fetched.outcome == session::DispenserOutcome::fault);

    dispatch.execute(session::ReadChipAtReadPosition{9}, rig.machine);
    const auto chip = only_answer(static_cast<session::ChipReadAtReadPosition*>(nullptr));
    CHECK(chip.request == 9);
    CHECK_FALSE(chip.chip.has_value());
    CHECK(chip.refusal == session::ChipRefusal::unreadable);

    dispatch.execute(session::PresentCard{10, 30s}, rig.machine);
    const auto presented = only_answer(static_cast<session::CardPresentResult*>(nullptr));
    CHECK(presented.request == 10);
    CHECK(presented.outcome == session::TakeOutcome::fault);

    dispatch.execute(session::CaptureCard{11}, rig.machine);
    const auto captured = only_answer(static_cast<session::CardCaptured*>(nullptr));
    CHECK(captured.request == 11);
    CHECK(captured.outcome == session::DispenserOutcome::fault);
    CHECK(rig.devices.calls().empty());
}

TEST_CASE("a pickup's store commands reach the journal in order; the closing's record and outbox stand") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    dispatch.execute(session::JournalPickupIntent{21, rig.nik, kSlot}, rig.machine);
    const auto intent = rig.probe.next<session::PickupIntentJournaled>();
    CHECK(intent.request == 21);
    CHECK(intent.ok);
    CHECK(rig.open_pickups() == 1);
    session::RequestId request = 22;
    for (auto step : {session::PickupStep::fetched, session::PickupStep::chip_verified, session::PickupStep::presenting})
        dispatch.execute(session::JournalPickupStep{request++, rig.nik, kSlot, step}, rig.machine);
    dispatch.execute(session::JournalPickupDone{request, rig.nik, kSlot}, rig.machine);
    dispatch.execute(session::RecordStatus{rig.nik, core::CardStatus::picked_up}, rig.machine);
    dispatch.execute(session::EmitOutboxEvent{session::OutboxKind::card_picked_up, rig.nik, kSlot}, rig.machine);
    for (session::RequestId expected = 22; expected <= 25; ++expected) {
        const auto answer = rig.probe.next<session::PickupStepJournaled>();
        CHECK(answer.request == expected);
        CHECK(answer.ok);
    }
    rig.settle(dispatch);
    CHECK(rig.open_pickups() == 0);
    CHECK(rig.status() == core::CardStatus::picked_up);
    CHECK(rig.outbox_events() == 1);
    CHECK(rig.probe.seen().size() == 6);  // the intent, four journal answers, the fence
    CHECK(rig.devices.calls().empty());
}

TEST_CASE("a capture and an abort close the pickup's journal entry") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    SUBCASE("captured") {
        dispatch.execute(session::JournalPickupIntent{31, rig.nik, kSlot}, rig.machine);
        REQUIRE(rig.probe.next<session::PickupIntentJournaled>().ok);
        dispatch.execute(session::JournalCaptured{33, rig.nik, kSlot, session::CaptureReason::not_taken}, rig.machine);
        CHECK(rig.probe.next<session::PickupStepJournaled>().ok);
    }
    SUBCASE("aborted") {
        dispatch.execute(session::JournalPickupIntent{32, rig.nik, kSlot}, rig.machine);
        REQUIRE(rig.probe.next<session::PickupIntentJournaled>().ok);
        dispatch.execute(session::JournalPickupAborted{34, rig.nik, kSlot}, rig.machine);
        CHECK(rig.probe.next<session::PickupStepJournaled>().ok);
        CHECK(rig.status() == core::CardStatus::in_kiosk);
    }
    CHECK(rig.open_pickups() == 0);
}

TEST_CASE("a record status and an outbox event without a pickup closing are written on their own") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    dispatch.execute(session::RecordStatus{rig.nik, core::CardStatus::captured}, rig.machine);
    rig.settle(dispatch);
    CHECK(rig.status() == core::CardStatus::captured);
    dispatch.execute(session::EmitOutboxEvent{session::OutboxKind::card_captured, rig.nik, kSlot}, rig.machine);
    rig.settle(dispatch);
    CHECK(rig.outbox_events() == 1);
}

TEST_CASE("an operator alert is audited") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    auto reader = rig.reader();
    auto before = store::AuditLog(reader).verify();
    REQUIRE(before.ok());
    dispatch.execute(session::AlertOperator{session::AlertReason::chip_mismatch, kSlot}, rig.machine);
    rig.settle(dispatch);
    auto after = store::AuditLog(reader).verify();
    REQUIRE(after.ok());
    CHECK(after->rows == before->rows + 1);
    CHECK_FALSE(after->first_break.has_value());
}

TEST_CASE("PersistLockBook saves the machine's lock book as it was then; WipeSession forgets the templates") {
    Rig rig;
    session::NikLockBook::Entry locked;
    locked.nik_digits = "3171014101900001";
    locked.failures = {session::Instant(session::Millis(990'000))};
    locked.locked_until = session::Instant(session::Millis(5'000'000));
    session::SessionMachine machine(session::SessionConfig{}, {}, session::Instant(session::Millis(1'000'000)), {locked});
    REQUIRE_FALSE(machine.lock_book().entries().empty());
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    auto reader = rig.reader();
    auto empty = store::NikLocks(reader).load();
    REQUIRE(empty.ok());
    CHECK(empty->empty());
    dispatch.execute(session::PersistLockBook{}, machine);
    rig.settle(dispatch);
    auto saved = store::NikLocks(reader).load();
    REQUIRE(saved.ok());
    CHECK(*saved == machine.lock_book().entries());

    const auto record = rig.looked_up(dispatch, 41);
    dispatch.execute(session::VerifyFingerprint{42, record.templates, 15s}, rig.machine);
    CHECK(rig.devices.verified_templates(1).size() == 2);
    dispatch.execute(session::WipeSession{}, machine);
    dispatch.execute(session::VerifyFingerprint{43, record.templates, 15s}, rig.machine);
    CHECK(rig.devices.verified_templates(2).empty());
}

TEST_CASE("the UI thread never waits on the database: a journal write under another writer's lock") {
    Rig rig;
    CommandDispatch dispatch(rig.all_devices(), rig.inbox);
    StoreWriteLock lock(rig.path);  // an import committing a batch on its own connection

    const auto started = std::chrono::steady_clock::now();
    dispatch.execute(session::JournalPickupIntent{51, rig.nik, kSlot}, rig.machine);
    dispatch.execute(session::LookupRecord{52, rig.nik}, rig.machine);
    const auto took = std::chrono::steady_clock::now() - started;
    // Back at once, well under the busy timeout the write is waiting out on the store's thread...
    CHECK(took < std::chrono::milliseconds(kLongBusyTimeoutMs / 30));
    // ...and without its answer: the write has not happened yet, nor the lookup queued behind it.
    CHECK(rig.inbox.drain().empty());
    CHECK(rig.open_pickups() == 0);

    lock.release();
    const auto intent = rig.probe.next<session::PickupIntentJournaled>();
    CHECK(intent.request == 51);
    CHECK(intent.ok);
    CHECK(rig.probe.next<session::RecordLookedUp>().request == 52);
    CHECK(rig.open_pickups() == 1);
}

TEST_CASE("a device the kiosk does not have still answers into a full inbox") {
    Rig rig;
    app::test::FullInbox full;
    CommandDispatch dispatch(rig.store_only(), full.inbox());
    dispatch.execute(session::VerifyFingerprint{1, {}, 15s}, rig.machine);
    dispatch.execute(session::FetchSlot{2, kSlot}, rig.machine);
    dispatch.execute(session::ReadChipAtReadPosition{3}, rig.machine);
    dispatch.execute(session::PresentCard{4, 30s}, rig.machine);
    dispatch.execute(session::CaptureCard{5}, rig.machine);
    const auto answers = full.after_tick();
    REQUIRE(answers.size() == 5);
    CHECK(std::get<session::FingerprintResult>(answers[0]).outcome == session::FingerOutcome::device_error);
    CHECK(std::get<session::SlotFetched>(answers[1]).request == 2);
    CHECK(std::get<session::ChipReadAtReadPosition>(answers[2]).request == 3);
    CHECK(std::get<session::CardPresentResult>(answers[3]).outcome == session::TakeOutcome::fault);
    CHECK(std::get<session::CardCaptured>(answers[4]).request == 5);
}
