// StoreWorker: the session's store commands on their own thread, against a real database file.
// Commands run in the order posted and answer into the inbox in that order; VerifyFingerprint
// reaches the sensor from the worker with the lookup's templates; stop() runs what is pending and
// joins, and a command posted after it is answered with its failure at once; a database error
// becomes the command's failure answer; a closing lost to another writer leaves the record and the
// outbox written and the journal entry for start-up reconciliation.
#include "kiosk/app/store_worker.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/pickup_reconciler.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "tests/kiosk/app/counted_inbox.hpp"
#include "tests/kiosk/app/store_worker_rig.hpp"
#include "tests/kiosk/app/store_write_lock.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
using kiosk::app::test::kSlot;
using kiosk::app::test::StoreWriteLock;
using Rig = kiosk::app::test::StoreWorkerRig;
namespace session = kiosk::core::session;

namespace {

// A sensor's service that records, from whichever thread calls it, what it was asked to verify.
class RecordingSensor final : public FingerprintCommands {
public:
    struct Call {
        session::RequestId request = 0;
        std::vector<EnrolledTemplate> templates;
        std::thread::id thread;
    };
    void verify(session::RequestId request, std::vector<EnrolledTemplate> templates, session::Millis) override {
        {
            const std::lock_guard lock(mutex_);
            calls_.push_back({request, std::move(templates), std::this_thread::get_id()});
        }
        called_.notify_all();
    }
    void cancel(session::RequestId) override {}
    Call next() {
        std::unique_lock lock(mutex_);
        REQUIRE(called_.wait_for(lock, 30s, [&] { return taken_ < calls_.size(); }));
        return calls_[taken_++];
    }

private:
    std::mutex mutex_;
    std::condition_variable called_;
    std::vector<Call> calls_;
    std::size_t taken_ = 0;
};

}  // namespace

TEST_CASE("commands run in the order posted; their answers arrive in the inbox in that order") {
    Rig rig;
    rig.worker->post(session::JournalPickupIntent{1, rig.nik, kSlot});
    // Steps only move forward and `done` needs `presenting`: any reordering would fail a write.
    rig.worker->post(session::JournalPickupStep{2, rig.nik, kSlot, session::PickupStep::fetched});
    rig.worker->post(session::JournalPickupStep{3, rig.nik, kSlot, session::PickupStep::chip_verified});
    rig.worker->post(session::JournalPickupStep{4, rig.nik, kSlot, session::PickupStep::presenting});
    rig.worker->post(session::JournalPickupDone{5, rig.nik, kSlot});
    rig.worker->post(session::RecordStatus{rig.nik, core::CardStatus::picked_up});
    rig.worker->post(session::EmitOutboxEvent{session::OutboxKind::card_picked_up, rig.nik, kSlot});
    rig.worker->post(session::LookupRecord{6, rig.nik});

    const auto looked_up = rig.probe.next<session::RecordLookedUp>();
    CHECK(looked_up.request == 6);
    REQUIRE(looked_up.record.has_value());
    CHECK(looked_up.record->status == core::CardStatus::picked_up);  // the lookup ran after the closing
    const auto& seen = rig.probe.seen();
    REQUIRE(seen.size() == 6);
    const auto* intent = std::get_if<session::PickupIntentJournaled>(&seen[0]);
    REQUIRE(intent != nullptr);
    CHECK(intent->request == 1);
    CHECK(intent->ok);
    for (std::size_t i = 1; i <= 4; ++i) {
        const auto* step = std::get_if<session::PickupStepJournaled>(&seen[i]);
        REQUIRE(step != nullptr);
        CHECK(step->request == static_cast<session::RequestId>(i + 1));
        CHECK(step->ok);
    }
    CHECK(std::holds_alternative<session::RecordLookedUp>(seen[5]));

    auto db = rig.reader();
    auto open = store::PickupJournal(db).open_entries();
    REQUIRE(open.ok());
    CHECK(open->empty());
    auto events = store::Outbox(db).peek(10);
    REQUIRE(events.ok());
    CHECK(events->size() == 1);  // the closing's own; the session's EmitOutboxEvent was satisfied by it
}

TEST_CASE("VerifyFingerprint reaches the sensor from the worker, with the lookup's templates as bytes") {
    // The worker holds &sensor: the sensor is declared first so that it outlives the worker's
    // thread (the rig joins it), which may still be inside verify() when next() returns.
    RecordingSensor sensor;
    Rig rig;
    rig.worker->post(session::LookupRecord{1, rig.nik});
    const auto looked_up = rig.probe.next<session::RecordLookedUp>();
    REQUIRE(looked_up.record.has_value());
    REQUIRE(looked_up.record->templates.size() == 2);

    rig.worker->post(VerifyOnSensor{session::VerifyFingerprint{2, looked_up.record->templates, 15s}, &sensor});
    const auto call = sensor.next();
    CHECK(call.request == 2);
    CHECK(call.thread != std::this_thread::get_id());
    REQUIRE(call.templates.size() == 2);
    CHECK(call.templates[0][0] == 0x11);
    CHECK(call.templates[1][511] == 0x22);

    // The session ends: the same refs give nothing to match against.
    rig.worker->post(session::WipeSession{});
    rig.worker->post(VerifyOnSensor{session::VerifyFingerprint{3, looked_up.record->templates, 15s}, &sensor});
    const auto after_wipe = sensor.next();
    CHECK(after_wipe.request == 3);
    CHECK(after_wipe.templates.empty());
}

TEST_CASE("stop() runs the commands still pending, joins, and answers later ones with their failure") {
    Rig rig;
    StoreWriteLock lock(rig.path);
    // The first write waits on the lock; the rest queue behind it.
    rig.worker->post(session::JournalPickupIntent{1, rig.nik, kSlot});
    rig.worker->post(session::JournalPickupStep{2, rig.nik, kSlot, session::PickupStep::fetched});
    rig.worker->post(session::JournalPickupAborted{3, rig.nik, kSlot});  // refused: the card left its slot
    rig.worker->post(session::AlertOperator{session::AlertReason::journal_failed, kSlot});
    const auto queued_becomes = [&](std::size_t count, const char* what) {
        for (int i = 0; rig.worker->queued() != count; ++i) {
            REQUIRE_MESSAGE(i < 30'000, what);
            std::this_thread::sleep_for(1ms);
        }
    };
    queued_becomes(3, "the worker never took the first command");  // it waits on the lock now

    std::thread stopper([&] { rig.worker->stop(); });
    // stop() has queued its drain marker behind the pending commands: it is waiting for them.
    queued_becomes(4, "stop() never queued its marker");
    lock.release();
    stopper.join();

    // Everything posted before stop() ran, in order, and answered.
    const auto& seen = rig.probe.seen();
    REQUIRE(seen.size() == 3);
    CHECK(std::get<session::PickupIntentJournaled>(seen[0]).ok);
    CHECK(std::get<session::PickupStepJournaled>(seen[1]).ok);
    CHECK(std::get<session::PickupStepJournaled>(seen[2]).request == 3);
    CHECK_FALSE(std::get<session::PickupStepJournaled>(seen[2]).ok);
    auto db = rig.reader();
    auto open = store::PickupJournal(db).open_entries();
    REQUIRE(open.ok());
    REQUIRE(open->size() == 1);
    CHECK(open->front().state == store::PickupState::fetched);

    // After stop(): nothing runs, and whatever expects an answer gets its failure at once.
    rig.worker->post(session::LookupRecord{10, rig.nik});
    rig.worker->post(session::JournalPickupStep{11, rig.nik, kSlot, session::PickupStep::presenting});
    RecordingSensor sensor;
    rig.worker->post(VerifyOnSensor{session::VerifyFingerprint{12, {}, 15s}, &sensor});
    const auto& after = rig.probe.seen();
    REQUIRE(after.size() == 6);
    CHECK(std::get<session::LookupFailed>(after[3]).request == 10);
    CHECK_FALSE(std::get<session::PickupStepJournaled>(after[4]).ok);
    CHECK(std::get<session::FingerprintResult>(after[5]).outcome == session::FingerOutcome::device_error);
    rig.worker->stop();  // idempotent
}

TEST_CASE("a database error becomes the command's failure answer") {
    SUBCASE("a write that cannot get the lock within the busy timeout") {
        Rig rig(50);
        StoreWriteLock lock(rig.path);
        rig.worker->post(session::JournalPickupIntent{1, rig.nik, kSlot});
        const auto intent = rig.probe.next<session::PickupIntentJournaled>();
        CHECK(intent.request == 1);
        CHECK_FALSE(intent.ok);
        lock.release();
        // The lock gone, the same write goes through.
        rig.worker->post(session::JournalPickupIntent{2, rig.nik, kSlot});
        CHECK(rig.probe.next<session::PickupIntentJournaled>().ok);
        StoreWriteLock again(rig.path);
        rig.worker->post(session::JournalPickupStep{3, rig.nik, kSlot, session::PickupStep::fetched});
        const auto step = rig.probe.next<session::PickupStepJournaled>();
        CHECK(step.request == 3);
        CHECK_FALSE(step.ok);
    }
    SUBCASE("a step or a closing with no open pickup") {
        Rig rig;
        rig.worker->post(session::JournalPickupStep{1, rig.nik, kSlot, session::PickupStep::presenting});
        rig.worker->post(session::JournalPickupDone{2, rig.nik, kSlot});
        rig.worker->post(session::JournalCaptured{3, rig.nik, kSlot, session::CaptureReason::journal_failed});
        rig.worker->post(session::JournalPickupAborted{4, rig.nik, kSlot});
        for (session::RequestId request = 1; request <= 4; ++request) {
            const auto answer = rig.probe.next<session::PickupStepJournaled>();
            CHECK(answer.request == request);
            CHECK_FALSE(answer.ok);
        }
    }
    SUBCASE("a lookup whose table is gone") {
        Rig rig;
        {
            auto other = rig.reader();
            REQUIRE(other.exec("ALTER TABLE templates RENAME TO templates_gone", "test").ok());
        }
        rig.worker->post(session::LookupRecord{5, rig.nik});
        CHECK(rig.probe.next<session::LookupFailed>().request == 5);
    }
}

TEST_CASE("a failed closing still gets the record's status and the outbox event written") {
    Rig rig;
    rig.worker->post(session::JournalPickupIntent{1, rig.nik, kSlot});
    rig.worker->post(session::JournalPickupStep{2, rig.nik, kSlot, session::PickupStep::fetched});
    REQUIRE(rig.probe.next<session::PickupIntentJournaled>().ok);
    REQUIRE(rig.probe.next<session::PickupStepJournaled>().ok);
    // `done` needs `presenting`, which the session never wrote here: the closing fails, and the
    // session's own record and outbox writes that follow it stand in for it.
    rig.worker->post(session::JournalPickupDone{3, rig.nik, kSlot});
    rig.worker->post(session::RecordStatus{rig.nik, core::CardStatus::picked_up});
    rig.worker->post(session::EmitOutboxEvent{session::OutboxKind::card_picked_up, rig.nik, kSlot});
    rig.worker->post(session::LookupRecord{4, rig.nik});
    CHECK_FALSE(rig.probe.next<session::PickupStepJournaled>().ok);
    const auto looked_up = rig.probe.next<session::RecordLookedUp>();
    REQUIRE(looked_up.record.has_value());
    CHECK(looked_up.record->status == core::CardStatus::picked_up);
    auto db = rig.reader();
    auto events = store::Outbox(db).peek(10);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK(events->front().kind == "card.picked_up");
    // The journal entry stays open, for start-up reconciliation to settle from the sensors.
    auto open = store::PickupJournal(db).open_entries();
    REQUIRE(open.ok());
    CHECK(open->size() == 1);
}

TEST_CASE("journal_done lost to another writer's lock: the card is gone, start-up reconciliation settles it") {
    Rig rig(50);  // a short busy timeout, so the closing fails instead of waiting
    rig.service->set_bin_counter_source([] { return std::int64_t{7}; });
    rig.worker->post(session::JournalPickupIntent{1, rig.nik, kSlot});
    session::RequestId request = 2;
    for (auto step : {session::PickupStep::fetched, session::PickupStep::chip_verified, session::PickupStep::presenting})
        rig.worker->post(session::JournalPickupStep{request++, rig.nik, kSlot, step});
    REQUIRE(rig.probe.next<session::PickupIntentJournaled>().ok);
    for (int i = 0; i < 3; ++i) REQUIRE(rig.probe.next<session::PickupStepJournaled>().ok);
    {
        StoreWriteLock lock(rig.path);
        rig.worker->post(session::JournalPickupDone{5, rig.nik, kSlot});
        CHECK_FALSE(rig.probe.next<session::PickupStepJournaled>().ok);  // the machine alerts an operator
    }
    // The lock gone, the session's own record and outbox writes stand in for the closing.
    rig.worker->post(session::RecordStatus{rig.nik, core::CardStatus::picked_up});
    rig.worker->post(session::EmitOutboxEvent{session::OutboxKind::card_picked_up, rig.nik, kSlot});
    rig.worker->post(session::LookupRecord{6, rig.nik});
    CHECK(rig.probe.next<session::RecordLookedUp>().record->status == core::CardStatus::picked_up);
    rig.worker->stop();

    // The next start: the journal still says presenting; the slot is empty, nothing is in the card
    // path, and the bin counter did not move: the resident took the card.
    auto db = rig.reader();
    store::StartupSnapshot snapshot;
    snapshot.slot_occupied[kSlot] = false;
    snapshot.bin_counter = 7;
    auto report = store::reconcile_open_pickups(db, snapshot, 1'767'300'000);
    REQUIRE(report.ok());
    REQUIRE(report->entries.size() == 1);
    CHECK(report->entries[0].decision.outcome == core::ReconcileOutcome::done_taken);
    auto open = store::PickupJournal(db).open_entries();
    REQUIRE(open.ok());
    CHECK(open->empty());
    auto slot = store::Slots(db).get(kSlot);
    REQUIRE(slot.ok());
    CHECK((!slot->has_value() || (*slot)->state == store::SlotState::empty));
    auto record = store::Records(db).get(rig.nik);
    REQUIRE(record.ok());
    CHECK((*record)->status == core::CardStatus::picked_up);
    CHECK_FALSE((*record)->slot.has_value());
}

TEST_CASE("a full inbox still gets every answer: the machine never waits for one thrown away") {
    Rig rig;
    app::test::FullInbox full;
    rig.worker.emplace(*rig.service, full.inbox());
    rig.worker->post(session::LookupRecord{1, rig.nik});
    rig.worker->post(session::JournalPickupIntent{2, rig.nik, kSlot});
    rig.worker->post(session::JournalPickupStep{3, rig.nik, kSlot, session::PickupStep::fetched});
    rig.worker->stop();
    rig.worker->post(session::LookupRecord{4, rig.nik});  // refused after stop(): its failure, at once
    const auto answers = full.after_tick();
    REQUIRE(answers.size() == 4);
    CHECK(std::get<session::RecordLookedUp>(answers[0]).request == 1);
    CHECK(std::get<session::PickupIntentJournaled>(answers[1]).ok);
    CHECK(std::get<session::PickupStepJournaled>(answers[2]).ok);
    CHECK(std::get<session::LookupFailed>(answers[3]).request == 4);
}
