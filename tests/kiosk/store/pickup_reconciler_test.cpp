// A power cut at every journal step, with the card wherever it could physically be at that moment,
// with and without the bin counter: after reconciliation (and the capture it asks for, and a second
// cut before that capture is confirmed) a card is never recorded as handed out twice, never recorded
// as handed out when it was not, and a card the resident took is never recorded as anything else.
#include "kiosk/store/pickup_reconciler.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::store;
using kiosk::test::in_kiosk_record;
using kiosk::testing::TempDir;

namespace {

constexpr const char* kResident = "1403125505900001";
constexpr std::int64_t kSlot = 3;

core::Nik resident() {
    return core::Nik::parse(kResident).value();
}

// Where the card really is. The test plays the dispenser.
enum class Where { slot, transport, read_position, mouth, resident, bin };
const char* name(Where where) {
    switch (where) {
        case Where::slot: return "slot";
        case Where::transport: return "transport";
        case Where::read_position: return "read_position";
        case Where::mouth: return "mouth";
        case Where::resident: return "resident";
        case Where::bin: return "bin";
    }
    return "?";
}
bool in_path(Where where) {
    return where == Where::transport || where == Where::read_position || where == Where::mouth;
}

// Where a card can be when the power fails with the journal at each state. Each state is written
// after its step completed and before the next command, so the card is where that step left it, or
// on its way to where the next command sends it; the dispenser's own power-up capture may also have
// put a card in the path into the bin.
struct CrashPoint {
    PickupState state;
    std::vector<Where> possible;
};
const std::vector<CrashPoint> kCrashPoints = {
    {PickupState::intent, {Where::slot, Where::transport, Where::read_position, Where::bin}},
    {PickupState::fetched, {Where::read_position, Where::transport, Where::bin}},
    {PickupState::chip_verified, {Where::read_position, Where::bin}},
    {PickupState::presenting,
     {Where::read_position, Where::transport, Where::mouth, Where::resident, Where::bin}},
};

struct World {
    Where card = Where::slot;
    std::int64_t bin_counter = 40;
    bool bin_readable = true;
    bool inventory_readable = true;

    StartupSnapshot snapshot() const {
        StartupSnapshot s;
        s.card_in_transport = card == Where::transport;
        s.card_at_read_position = card == Where::read_position;
        s.card_at_mouth = card == Where::mouth;
        if (inventory_readable) s.slot_occupied[kSlot] = card == Where::slot;
        if (bin_readable) s.bin_counter = bin_counter;
        return s;
    }
    void capture() {
        REQUIRE(in_path(card));
        card = Where::bin;
        ++bin_counter;
    }
};

struct Kiosk {
    TempDir dir;
    Database db = open_store(dir.file("kiosk.db"), {}).value();

    Kiosk() {
        const Record record = in_kiosk_record(resident(), "C1403000000001");
        REQUIRE(Records(db).upsert(record).ok());
        REQUIRE(Records(db).set_slot(record.nik, kSlot).value());
        REQUIRE(Slots(db).load(kSlot, "C1403000000001", record.nik, 1).ok());
    }
    // Runs a pickup up to `state` and "loses power": the database is closed and reopened.
    void crash_at(PickupState state, std::optional<std::int64_t> bin_counter_at_begin) {
        PickupJournal journal(db);
        const auto id = journal.begin(resident(), kSlot, 100, bin_counter_at_begin).value();
        for (PickupState step : {PickupState::fetched, PickupState::chip_verified, PickupState::presenting}) {
            if (static_cast<int>(step) > static_cast<int>(state)) break;
            REQUIRE(journal.step(id, step, 101).ok());
        }
        db = open_store(dir.file("kiosk.db"), {}).value();
    }
    std::int64_t events(std::string_view kind) {
        std::int64_t n = 0;
        const auto pending = Outbox(db).peek(100);
        REQUIRE(pending.ok());
        for (const auto& event : pending.value()) n += event.kind == kind ? 1 : 0;
        return n;
    }
    Record record() { return Records(db).get(resident()).value().value(); }
};

// One start-up: read the world, reconcile, do the captures asked for; a second cut may strike
// between the capture and its confirmation.
void start_up(Kiosk& kiosk, World& world, bool cut_before_confirm, std::int64_t now_s) {
    auto report = reconcile_open_pickups(kiosk.db, world.snapshot(), now_s);
    REQUIRE(report.ok());
    for (const CaptureAction& action : report->captures) {
        world.capture();
        if (action.retain_only) continue;
        if (cut_before_confirm) return;
        REQUIRE(confirm_capture(kiosk.db, action.journal_id, now_s).ok());
    }
}

}  // namespace

TEST_CASE("a power cut at every journal step, with every plausible card position, is settled safely") {
    int scenarios = 0;
    for (const CrashPoint& point : kCrashPoints) {
        for (Where where : point.possible) {
            for (bool bin_recorded : {true, false}) {
                for (bool cut_again : {false, true}) {
                    CAPTURE(std::string(wire_code(point.state)));
                    CAPTURE(name(where));
                    CAPTURE(bin_recorded);
                    CAPTURE(cut_again);
                    Kiosk kiosk;
                    World world;
                    kiosk.crash_at(point.state, bin_recorded ? std::optional<std::int64_t>{world.bin_counter}
                                                             : std::nullopt);
                    world.card = where;
                    if (where == Where::bin) ++world.bin_counter;

                    start_up(kiosk, world, cut_again, 200);
                    if (cut_again) start_up(kiosk, world, false, 300);  // the second start-up finishes it
                    // A third start-up finds nothing to do and changes nothing.
                    const auto before = Outbox(kiosk.db).pending_count().value();
                    start_up(kiosk, world, false, 400);
                    CHECK(Outbox(kiosk.db).pending_count().value() == before);

                    PickupJournal journal(kiosk.db);
                    CHECK(journal.open_entries().value().empty());
                    CHECK_FALSE(in_path(world.card));  // nothing left in reach
                    const Record record = kiosk.record();
                    const auto picked_up = kiosk.events(kOutboxCardPickedUp);
                    const auto captured = kiosk.events(kOutboxCardCaptured);
                    const auto checks = kiosk.events(kOutboxPickupNeedsCheck);
                    CHECK(picked_up + captured + checks <= 1);
                    // Never two handouts: the slot cannot start another pickup unless the card is in it.
                    CHECK(journal.begin(resident(), kSlot, 500).ok() == (world.card == Where::slot && checks == 0));

                    if (world.card == Where::resident) {
                        // Never lose the record of a handout: with the bin counter known it is recorded;
                        // without it staff are asked, and it is never called a capture.
                        CHECK(captured == 0);
                        if (bin_recorded) {
                            CHECK(record.status == core::CardStatus::picked_up);
                            CHECK(picked_up == 1);
                        } else {
                            CHECK(checks == 1);
                        }
                    } else {
                        CHECK(picked_up == 0);
                        CHECK(record.status != core::CardStatus::picked_up);
                        if (world.card == Where::slot) {
                            CHECK(record.status == core::CardStatus::in_kiosk);
                            CHECK(captured == 0);
                        } else if (world.card == Where::bin && checks == 0) {
                            CHECK(record.status == core::CardStatus::captured);
                            CHECK(captured == 1);
                        }
                    }
                    ++scenarios;
                }
            }
        }
    }
    CHECK(scenarios == 14 * 2 * 2);
}

TEST_CASE("a card in the path is captured at start-up and recorded once the capture is confirmed") {
    Kiosk kiosk;
    World world;
    kiosk.crash_at(PickupState::presenting, world.bin_counter);
    world.card = Where::mouth;
    auto report = reconcile_open_pickups(kiosk.db, world.snapshot(), 200).value();
    REQUIRE(report.captures.size() == 1);
    CHECK_FALSE(report.captures[0].retain_only);
    REQUIRE(report.entries.size() == 1);
    CHECK(report.entries[0].decision.outcome == core::ReconcileOutcome::capture_now);
    // Until confirmed the entry stays open and the record unchanged.
    CHECK(PickupJournal(kiosk.db).open_entries().value().size() == 1);
    CHECK(kiosk.record().status == core::CardStatus::in_kiosk);
    REQUIRE(confirm_capture(kiosk.db, report.captures[0].journal_id, 201).ok());
    CHECK(kiosk.record().status == core::CardStatus::captured);
    CHECK(Slots(kiosk.db).get(kSlot).value()->state == SlotState::empty);
    const auto entry = PickupJournal(kiosk.db).get(report.captures[0].journal_id).value().value();
    CHECK(entry.state == PickupState::reconciled_captured);
    CHECK(Outbox(kiosk.db).peek(1).value()[0].payload_json.find("\"reconciled\":true") != std::string::npos);
}

TEST_CASE("two open entries at once are contradictory and both go to an operator") {
    Kiosk kiosk;
    const Record other = in_kiosk_record(core::Nik::parse("1403124412880002").value(), "C2");
    REQUIRE(Records(kiosk.db).upsert(other).ok());
    REQUIRE(Slots(kiosk.db).load(4, "C2", other.nik, 1).ok());
    PickupJournal journal(kiosk.db);
    REQUIRE(journal.begin(resident(), kSlot, 100, 1).ok());
    REQUIRE(journal.begin(other.nik, 4, 100, 1).ok());
    StartupSnapshot snapshot;
    snapshot.card_at_read_position = true;
    snapshot.slot_occupied = {{kSlot, false}, {4, false}};
    snapshot.bin_counter = 1;
    auto report = reconcile_open_pickups(kiosk.db, snapshot, 200).value();
    REQUIRE(report.entries.size() == 2);
    for (const auto& entry : report.entries) CHECK(entry.decision.outcome == core::ReconcileOutcome::operator_check);
    REQUIRE(report.captures.size() == 1);  // one card path, one capture
    CHECK(report.captures[0].retain_only);
    CHECK(journal.open_entries().value().empty());
}
