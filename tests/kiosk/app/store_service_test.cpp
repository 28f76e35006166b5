// StoreService: the session's store commands against a real database file: lookups hand out
// template refs (never templates), a pickup goes through the journal, and the closing's own
// transaction satisfies the session's RecordStatus / EmitOutboxEvent that follow it (no duplicate
// outbox event). The lock book survives a restart; the session's own outbox event has the journal's schema.
// A failed journal write unsettles the journal (the dispenser's cue to go down), and no pickup begins
// while it is unsettled or beside an entry left open.
#include "kiosk/app/store_service.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/templates.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/kiosk/clock/test_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using kiosk::app::test::add_in_kiosk_resident;
namespace session = kiosk::core::session;

namespace {

core::Nik nik_of(const char* digits) {
    auto nik = core::Nik::parse(digits);
    REQUIRE(nik.ok());
    return *nik;
}


}  // namespace

TEST_CASE("a lookup returns the record with template refs; VerifyFingerprint's refs become the bytes") {
    testing::TempDir dir;
    auto db = store::open_store(dir.file("kiosk.db"), {});
    REQUIRE(db.ok());
    const auto nik = nik_of("3171014101900001");
    add_in_kiosk_resident(*db, nik, 3);
    app::StoreService service(*db, "kiosk-test");

    const auto event = service.lookup(session::LookupRecord{7, nik});
    const auto* found = std::get_if<session::RecordLookedUp>(&event);
    REQUIRE(found != nullptr);
    CHECK(found->request == 7);
    REQUIRE(found->record.has_value());
    CHECK(found->record->status == core::CardStatus::in_kiosk);
    CHECK(found->record->slot == 3);
    CHECK(found->record->facts.card_serial == "SERIAL1");
    REQUIRE(found->record->templates.size() == 2);
    const auto bytes = service.templates_for(found->record->templates);
    REQUIRE(bytes.size() == 2);
    CHECK(bytes[0][0] == 0x11);
    CHECK(bytes[1][511] == 0x22);

    // An unknown NIK: no record, and nothing to match against.
    const auto unknown = service.lookup(session::LookupRecord{8, nik_of("3171010101990999")});
    const auto* none = std::get_if<session::RecordLookedUp>(&unknown);
    REQUIRE(none != nullptr);
    CHECK_FALSE(none->record.has_value());

    // The session ends: the cache is wiped, old refs give nothing.
    service.wipe();
    CHECK(service.templates_for(found->record->templates).empty());
}

TEST_CASE("a pickup through the journal: one outbox event, record PICKED_UP, slot empty") {
    testing::TempDir dir;
    auto db = store::open_store(dir.file("kiosk.db"), {});
    REQUIRE(db.ok());
    const auto nik = nik_of("3171014101900001");
    add_in_kiosk_resident(*db, nik, 1);
    app::StoreService service(*db, "kiosk-test");
    service.set_bin_counter_source([] { return std::int64_t{4}; });

    CHECK(service.journal_intent(session::JournalPickupIntent{11, nik, 1}).ok);
    // A second intent for the same slot while the first is open is refused.
    CHECK_FALSE(service.journal_intent(session::JournalPickupIntent{12, nik, 1}).ok);
    session::RequestId request = 13;
    for (auto step : {session::PickupStep::fetched, session::PickupStep::chip_verified, session::PickupStep::presenting}) {
        const auto answer = service.journal_step(session::JournalPickupStep{request, nik, 1, step});
        CHECK(answer.request == request++);
        CHECK(answer.ok);
    }
    // A step cannot go back once written.
    CHECK_FALSE(service.journal_step(session::JournalPickupStep{20, nik, 1, session::PickupStep::fetched}).ok);
    const auto done = service.journal_done(session::JournalPickupDone{21, nik, 1});
    CHECK(done.request == 21);
    CHECK(done.ok);
    service.record_status(session::RecordStatus{nik, core::CardStatus::picked_up});
    service.emit_outbox(session::EmitOutboxEvent{session::OutboxKind::card_picked_up, nik, 1});

    auto record = store::Records(*db).get(nik);
    REQUIRE(record.ok());
    REQUIRE(record->has_value());
    CHECK((*record)->status == core::CardStatus::picked_up);
    auto slot = store::Slots(*db).get(1);
    REQUIRE(slot.ok());
    CHECK((!slot->has_value() || (*slot)->state == store::SlotState::empty));
    auto events = store::Outbox(*db).peek(10);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK(events->front().kind == "card.picked_up");
}

TEST_CASE("an aborted pickup leaves the card in its slot and the record IN_KIOSK") {
    testing::TempDir dir;
    auto db = store::open_store(dir.file("kiosk.db"), {});
    REQUIRE(db.ok());
    const auto nik = nik_of("3171014101900001");
    add_in_kiosk_resident(*db, nik, 2);
    app::StoreService service(*db, "kiosk-test");
    REQUIRE(service.journal_intent(session::JournalPickupIntent{1, nik, 2}).ok);
    const auto aborted = service.journal_aborted(session::JournalPickupAborted{3, nik, 2});
    CHECK(aborted.request == 3);
    CHECK(aborted.ok);
    // Nothing left to abort.
    CHECK_FALSE(service.journal_aborted(session::JournalPickupAborted{4, nik, 2}).ok);
    auto record = store::Records(*db).get(nik);
    REQUIRE(record.ok());
    CHECK((*record)->status == core::CardStatus::in_kiosk);
    auto slot = store::Slots(*db).get(2);
    REQUIRE(slot.ok());
    REQUIRE(slot->has_value());
    CHECK((*slot)->state == store::SlotState::loaded);
    // The slot is free for a new pickup.
    CHECK(service.journal_intent(session::JournalPickupIntent{5, nik, 2}).ok);
}

TEST_CASE("the NIK lock book survives a restart (the store's nik_locks tables)") {
    testing::TempDir dir;
    const auto path = dir.file("kiosk.db");
    session::NikLockBook::Entry locked;
    locked.nik_digits = "3171014101900001";
    locked.failures = {session::Instant(session::Millis(1'000)), session::Instant(session::Millis(2'000))};
    locked.locked_until = session::Instant(session::Millis(3'600'000));
    session::NikLockBook::Entry counting;
    counting.nik_digits = "3171011502850002";
    counting.failures = {session::Instant(session::Millis(5'000))};
    {
        auto db = store::open_store(path, {});
        REQUIRE(db.ok());
        app::StoreService service(*db, "kiosk-test");
        CHECK(service.load_lock_book().empty());
        service.persist_lock_book({locked, counting});
    }
    auto db = store::open_store(path, {});
    REQUIRE(db.ok());
    app::StoreService service(*db, "kiosk-test");
    const auto loaded = service.load_lock_book();
    REQUIRE(loaded.size() == 2);
    CHECK(loaded[0] == locked);
    CHECK(loaded[1] == counting);
    // A verified owner leaves the book: the next save drops the entry.
    service.persist_lock_book({counting});
    const auto after = service.load_lock_book();
    REQUIRE(after.size() == 1);
    CHECK(after[0] == counting);
}

TEST_CASE("the session's own outbox event has the journal's payload schema, unknown facts null") {
    testing::TempDir dir;
    auto db = store::open_store(dir.file("kiosk.db"), {});
    REQUIRE(db.ok());
    app::StoreService service(*db, "kiosk-test");
    const auto nik = nik_of("3171014101900001");
    // No pickup closed by the journal: the session's own event is written. (The kiosk's id is not in
    // a payload: each page of the event feed names it, tests/kiosk/app/event_feed_test.cpp.)
    service.emit_outbox(session::EmitOutboxEvent{session::OutboxKind::card_captured, nik, 4});
    auto events = store::Outbox(*db).peek(10);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK(events->front().kind == "card.captured");
    // SQLite's own JSON reader, independent of the writer.
    auto fields = db->prepare(
        "SELECT json_valid(payload), json_type(payload, '$.kiosk'), "
        "json_extract(payload, '$.nik'), json_extract(payload, '$.slot'), "
        "json_type(payload, '$.at'), json_type(payload, '$.journal_id'), json_type(payload, '$.reason'), "
        "json_type(payload, '$.reconciled') FROM outbox",
        "test.outbox");
    REQUIRE(fields.ok());
    REQUIRE(fields->step().value());
    CHECK(fields->column_int(0) == 1);
    CHECK(fields->column_is_null(1));  // no such member
    CHECK(fields->column_text(2) == "3171014101900001");
    CHECK(fields->column_int(3) == 4);
    CHECK(fields->column_text(4) == "integer");
    CHECK(fields->column_text(5) == "null");
    CHECK(fields->column_text(6) == "null");
    CHECK(fields->column_text(7) == "false");
}

TEST_CASE("a capture closing answers ok once durable, and records the reason the session gave") {
    testing::TempDir dir;
    auto db = store::open_store(dir.file("kiosk.db"), {});
    REQUIRE(db.ok());
    const auto nik = nik_of("3171014101900001");
    add_in_kiosk_resident(*db, nik, 5);
    app::StoreService service(*db, "kiosk-test");
    REQUIRE(service.journal_intent(session::JournalPickupIntent{1, nik, 5}).ok);
    REQUIRE(service.journal_step(session::JournalPickupStep{2, nik, 5, session::PickupStep::fetched}).ok);
    const auto captured =
        service.journal_captured(session::JournalCaptured{3, nik, 5, session::CaptureReason::journal_failed});
    CHECK(captured.request == 3);
    CHECK(captured.ok);
    auto reason = db->prepare("SELECT reason FROM pickup_journal WHERE state = 'captured'", "test.journal");
    REQUIRE(reason.ok());
    REQUIRE(reason->step().value());
    CHECK(reason->column_text(0) == "journal_failed");
    // Closed: a second closing is refused.
    CHECK_FALSE(service.journal_captured(session::JournalCaptured{4, nik, 5, session::CaptureReason::not_taken}).ok);
}

TEST_CASE("no pickup begins while the journal is unsettled, nor beside an entry left open") {
    testing::TempDir dir;
    auto db = store::open_store(dir.file("kiosk.db"), {});
    REQUIRE(db.ok());
    const auto first = nik_of("3171014101900001");
    add_in_kiosk_resident(*db, first, 3);
    const auto second = nik_of("3171015203880002");
    add_in_kiosk_resident(*db, second, 5, "SERIAL2");
    kiosk::test::TestSteadyClock clock;
    app::JournalSettlement settlement(clock);
    int unsettled = 0;
    settlement.on_unsettled([&] { ++unsettled; });
    app::StoreService service(*db, "kiosk-test");
    service.set_journal_settlement(&settlement);

    // Before start-up reconciliation: refused.
    CHECK_FALSE(service.journal_intent(session::JournalPickupIntent{1, first, 3}).ok);
    const auto attempt = settlement.begin_attempt();
    REQUIRE(attempt.has_value());
    settlement.succeeded(*attempt);

    // A pickup whose capture failed in the dispenser: fetched, then no closing.
    REQUIRE(service.journal_intent(session::JournalPickupIntent{2, first, 3}).ok);
    REQUIRE(service.journal_step(session::JournalPickupStep{3, first, 3, session::PickupStep::fetched}).ok);
    CHECK(unsettled == 0);
    // The next resident's card, in another slot: refused, and the journal unsettled for reconciliation.
    CHECK_FALSE(service.journal_intent(session::JournalPickupIntent{4, second, 5}).ok);
    CHECK(unsettled == 1);
    CHECK_FALSE(settlement.settled());

    // A failed write unsettles too, before its answer.
    const auto again = settlement.begin_attempt();
    REQUIRE(again.has_value());
    settlement.succeeded(*again);
    REQUIRE(settlement.settled());
    CHECK_FALSE(service.journal_step(session::JournalPickupStep{5, second, 5, session::PickupStep::fetched}).ok);
    CHECK(unsettled == 2);
}
