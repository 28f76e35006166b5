// Restock: one card at a time through read, check, journal, store; refusals back out at the mouth;
// the journal guarding every move; the slot blocked on a mismatch; every deadline.
#include "tests/kiosk/core/staff/staff_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

namespace {

RestockScreen restock(const StaffRig& rig) {
    return rig.screen<RestockScreen>();
}

}  // namespace

TEST_CASE("a good card: read, checked, intent journaled, stored, stored and done journaled, counted") {
    StaffRig rig;
    rig.sign_in();
    const BeginLoading begin = command<BeginLoading>(rig.send(TaskChosen{StaffTask::restock}));
    CHECK(restock(rig).phase == RestockPhase::opening);
    CHECK(restock(rig).fill == MagazineFill{40, 60});
    const auto await = command<AwaitInsertedCard>(rig.send(LoadingReady{begin.request, true}));
    CHECK(await.wait == rig.config.insert_wait);
    CHECK(restock(rig).phase == RestockPhase::waiting_for_card);

    rig.send(CardInserted{await.request, InsertOutcome::arrived});
    CHECK(restock(rig).phase == RestockPhase::reading_card);
    const auto check = command<CheckLoadable>(
        rig.send(LoadChipRead{command<ReadChipForLoad>(rig.last).request, chip_of(kNikA, "KTP-A"), {}}));
    CHECK(check.nik == nik_of(kNikA));
    CHECK(check.card_serial == "KTP-A");
    CHECK(restock(rig).phase == RestockPhase::checking_card);

    const auto intent = command<JournalLoadIntent>(rig.send(LoadChecked{check.request, 7, std::nullopt}));
    CHECK(intent.nik == nik_of(kNikA));
    CHECK(intent.card_serial == "KTP-A");
    CHECK(intent.slot == 7);
    CHECK(intent.staff_id == "S-017");
    CHECK(find_command<StoreCardInSlot>(rig.last) == nullptr);  // not before the intent is durable
    CHECK(restock(rig).phase == RestockPhase::storing);

    const auto store = command<StoreCardInSlot>(rig.send(LoadJournaled{intent.request, true}));
    CHECK(store.slot == 7);
    const auto stored =
        command<JournalLoadStored>(rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::ok, true}));
    CHECK(stored.load == intent.request);
    CHECK(stored.slot == 7);
    const auto done = command<JournalLoadDone>(rig.send(LoadJournaled{stored.request, true}));
    CHECK(done.load == intent.request);
    CHECK(done.slot == 7);
    CHECK(done.staff_id == "S-017");
    CHECK(restock(rig).loaded == 0);  // not before done is durable
    command<AwaitInsertedCard>(rig.send(LoadJournaled{done.request, true}));

    const RestockScreen s = restock(rig);
    CHECK(s.loaded == 1);
    CHECK(s.refused == 0);
    CHECK(s.fill == MagazineFill{41, 60});
    CHECK(s.last_loaded_slot == 7);
    CHECK(s.blocked_slots.empty());
    CHECK_FALSE(s.problem.has_value());
    CHECK(s.phase == RestockPhase::waiting_for_card);
}

TEST_CASE("no card in the wait: ask again; Done stops after the wait; Back then returns to the menu") {
    StaffRig rig;
    rig.open_restock();
    const auto again = command<AwaitInsertedCard>(rig.send(CardInserted{rig.pending(), InsertOutcome::none}));
    rig.send(LoadingDonePressed{});
    CHECK(restock(rig).stop_requested);
    CHECK(rig.view().back_available == false);
    const auto stop = command<StopLoading>(rig.send(CardInserted{again.request, InsertOutcome::none}));
    CHECK(restock(rig).phase == RestockPhase::stopping);
    rig.send(LoadingStopped{stop.request});
    CHECK(restock(rig).phase == RestockPhase::stopped);
    CHECK(rig.view().back_available);
    command<ReadStaffOverview>(rig.send(BackPressed{}));
    CHECK(rig.machine.phase() == Phase::menu);
}

TEST_CASE("Done while a card is on its way: the card is loaded first, then the mouth closes") {
    StaffRig rig;
    rig.open_restock();
    const StoreCardInSlot store = rig.reach_store_move();
    rig.send(LoadingDonePressed{});
    rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::ok, true});
    rig.send(LoadJournaled{rig.pending(), true});
    const Commands out = rig.send(LoadJournaled{rig.pending(), true});
    CHECK(find_command<AwaitInsertedCard>(out) == nullptr);
    command<StopLoading>(out);
    CHECK(restock(rig).loaded == 1);
}

TEST_CASE("a card the store refuses goes back out at the mouth with its reason, and is counted") {
    for (LoadRefusal refusal : {LoadRefusal::no_record, LoadRefusal::wrong_status, LoadRefusal::already_in_kiosk,
                                LoadRefusal::duplicate_serial, LoadRefusal::magazine_full}) {
        CAPTURE(wire_code(refusal));
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikB, "KTP-B"));
        const Commands out = rig.send(LoadChecked{rig.pending(), std::nullopt, refusal});
        CHECK(find_command<JournalLoadIntent>(out) == nullptr);
        CHECK(command<ReturnCardToMouth>(out).take_timeout == rig.config.take_timeout);
        CHECK(restock(rig).phase == RestockPhase::returning_card);
        CHECK(restock(rig).last_refusal == refusal);
        CHECK(restock(rig).take_time_left == rig.config.take_timeout);
        rig.advance(10s);
        CHECK(restock(rig).take_time_left == rig.config.take_timeout - 10s);
        const Commands taken = rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken});
        CHECK(find_command<JournalLoadAborted>(taken) == nullptr);  // nothing was journaled
        REQUIRE(audits(taken).size() == 1);
        CHECK(audits(taken)[0].action == StaffAction::card_refused);
        CHECK(audits(taken)[0].detail == "reason=" + std::string(wire_code(refusal)));
        command<AwaitInsertedCard>(taken);
        CHECK(restock(rig).refused == 1);
        CHECK(restock(rig).last_refusal == refusal);  // still shown until the next card
        rig.send(CardInserted{rig.pending(), InsertOutcome::arrived});
        CHECK_FALSE(restock(rig).last_refusal.has_value());
    }
}

TEST_CASE("a chip that does not authenticate is refused with its reason, without asking the store") {
    const std::pair<ChipRefusal, LoadRefusal> cases[] = {
        {ChipRefusal::forged, LoadRefusal::forged},
        {ChipRefusal::cloned, LoadRefusal::cloned},
        {ChipRefusal::unreadable, LoadRefusal::unreadable},
        {ChipRefusal::removed, LoadRefusal::unreadable},
        {ChipRefusal::not_our_application, LoadRefusal::not_a_card},
    };
    for (const auto& [chip, expected] : cases) {
        StaffRig rig;
        rig.open_restock();
        const Commands out = rig.feed(std::nullopt, chip);
        CHECK(find_command<CheckLoadable>(out) == nullptr);
        command<ReturnCardToMouth>(out);
        CHECK(restock(rig).last_refusal == expected);
    }
    StaffRig rig;
    rig.open_restock();
    command<ReturnCardToMouth>(rig.feed(chip_of(kNikA, std::nullopt)));
    CHECK(restock(rig).last_refusal == LoadRefusal::not_a_card);
}

TEST_CASE("a refused card not taken at the mouth goes to the bin, audited, and counts as refused") {
    StaffRig rig;
    rig.open_restock();
    rig.feed(std::nullopt, ChipRefusal::forged);
    command<CaptureCard>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::not_taken}));
    CHECK(restock(rig).phase == RestockPhase::capturing_card);
    const Commands out = rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok});
    CHECK(audits(out).at(0).action == StaffAction::card_captured);
    CHECK(audits(out).at(0).detail == "reason=forged");
    // No journal entry covers it: the audit row lists it in the bin (its chip said nothing trustworthy).
    CHECK(audits(out).at(0).captured == BinEntry{std::nullopt, std::nullopt, "forged"});
    command<AwaitInsertedCard>(out);
    CHECK(restock(rig).refused == 1);
}

TEST_CASE("a refused card whose chip was read goes to the bin's list with its serial and NIK") {
    StaffRig rig;
    rig.open_restock();
    const CheckLoadable check = command<CheckLoadable>(rig.feed(chip_of(kNikA, "SER-A")));
    command<ReturnCardToMouth>(rig.send(LoadChecked{check.request, std::nullopt, LoadRefusal::no_record}));
    rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::not_taken});
    const Commands out = rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok});
    REQUIRE(audits(out).size() == 1);
    CHECK(audits(out).at(0).captured == BinEntry{nik_of(kNikA), std::string("SER-A"), "no_record"});
}

TEST_CASE("a failed load intent: the card never moves toward a slot, it goes back out, loading stops") {
    SUBCASE("refused write: nothing to close") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        rig.send(LoadChecked{rig.pending(), 7, std::nullopt});
        const Commands out = rig.send(LoadJournaled{rig.pending(), false});
        CHECK(find_command<StoreCardInSlot>(out) == nullptr);
        command<ReturnCardToMouth>(out);
        CHECK(restock(rig).last_refusal == LoadRefusal::journal_failed);
        CHECK(restock(rig).problem == StaffProblem::journal_failed);
        const Commands taken = rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken});
        CHECK(find_command<JournalLoadAborted>(taken) == nullptr);
        command<StopLoading>(taken);
    }
    SUBCASE("silent write: it may have landed, so it is closed once the card is out") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        rig.send(LoadChecked{rig.pending(), 7, std::nullopt});
        const RequestId intent = rig.pending();
        const Commands out = rig.advance(rig.config.journal_timeout);
        command<ReturnCardToMouth>(out);
        CHECK(rig.send(LoadJournaled{intent, true}).empty());  // too late: stale
        const auto aborted =
            command<JournalLoadAborted>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken}));
        CHECK(aborted.load == intent);
        CHECK(aborted.reason == LoadAbortReason::returned);
        command<StopLoading>(rig.send(LoadJournaled{aborted.request, true}));
    }
    SUBCASE("store failure answer") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        rig.send(LoadChecked{rig.pending(), 7, std::nullopt});
        const Commands out = rig.send(StoreRequestFailed{rig.pending()});
        CHECK(find_command<StoreCardInSlot>(out) == nullptr);
        command<ReturnCardToMouth>(out);
    }
}

TEST_CASE("the inventory disagrees after the store move: the slot is blocked and reported, loading goes on") {
    StaffRig rig;
    rig.open_restock();
    const StoreCardInSlot store = rig.reach_store_move(kNikA, "KTP-A", 9);
    const Commands out = rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::ok, false});
    CHECK(find_command<JournalLoadStored>(out) == nullptr);
    const auto mark = command<MarkSlotFault>(out);
    CHECK(mark.slot == 9);
    CHECK(mark.reason == SlotFaultReason::inventory_mismatch);
    CHECK(audits(out).at(0).action == StaffAction::slot_blocked);
    CHECK(audits(out).at(0).detail == "slot=9 reason=inventory_mismatch");
    CHECK(restock(rig).phase == RestockPhase::blocking_slot);
    command<AwaitInsertedCard>(rig.send(SlotFaultMarked{mark.request, true}));
    CHECK(restock(rig).blocked_slots == std::vector<int>{9});
    CHECK(restock(rig).loaded == 0);
    CHECK_FALSE(restock(rig).problem.has_value());
}

TEST_CASE("the slot found occupied: blocked, the card goes back out, the load closed as returned") {
    StaffRig rig;
    rig.open_restock();
    const StoreCardInSlot store = rig.reach_store_move(kNikA, "KTP-A", 4);
    const auto mark =
        command<MarkSlotFault>(rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::slot_occupied, false}));
    CHECK(mark.reason == SlotFaultReason::slot_occupied);
    command<ReturnCardToMouth>(rig.send(SlotFaultMarked{mark.request, true}));
    CHECK(restock(rig).last_refusal == LoadRefusal::slot_problem);
    const auto aborted = command<JournalLoadAborted>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken}));
    CHECK(aborted.slot == 4);
    CHECK(aborted.reason == LoadAbortReason::returned);
    command<AwaitInsertedCard>(rig.send(LoadJournaled{aborted.request, true}));
    CHECK(restock(rig).refused == 1);
    CHECK(restock(rig).blocked_slots == std::vector<int>{4});
}

TEST_CASE("a journaled card not taken at the mouth is captured and its load closed as captured") {
    StaffRig rig;
    rig.open_restock();
    const StoreCardInSlot store = rig.reach_store_move();
    rig.send(SlotFaultMarked{
        command<MarkSlotFault>(rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::slot_occupied, false}))
            .request,
        true});
    rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::not_taken});
    const Commands captured = rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok});
    const auto aborted = command<JournalLoadAborted>(captured);
    CHECK(aborted.reason == LoadAbortReason::captured);
    // The load journal's closing lists it in the bin; the audit row does not list it twice.
    for (const AuditStaff& a : audits(captured)) CHECK_FALSE(a.captured.has_value());
    SUBCASE("a failed abort stops loading") {
        command<StopLoading>(rig.send(LoadJournaled{aborted.request, false}));
        CHECK(restock(rig).problem == StaffProblem::journal_failed);
    }
    SUBCASE("a confirmed abort goes on") {
        command<AwaitInsertedCard>(rig.send(LoadJournaled{aborted.request, true}));
    }
}

TEST_CASE("a failed store move: whatever is in the path goes to the bin, the slot is blocked, loading stops") {
    StaffRig rig;
    rig.open_restock();
    const StoreCardInSlot store = rig.reach_store_move(kNikA, "KTP-A", 5);
    command<CaptureCard>(rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::fault, false}));
    const auto mark = command<MarkSlotFault>(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok}));
    CHECK(mark.reason == SlotFaultReason::store_move_failed);
    CHECK(mark.slot == 5);
    command<StopLoading>(rig.send(SlotFaultMarked{mark.request, true}));
    CHECK(restock(rig).problem == StaffProblem::dispenser_fault);
    // The load entry stays open for an operator: neither done nor aborted.
    CHECK(count_commands<JournalLoadDone>(rig.everything()) == 0);
    CHECK(count_commands<JournalLoadAborted>(rig.everything()) == 0);
}

TEST_CASE("a failed stored or done write: the card is in its slot, the slot is flagged, loading stops") {
    for (int failing = 0; failing < 2; ++failing) {
        CAPTURE(failing);
        StaffRig rig;
        rig.open_restock();
        const StoreCardInSlot store = rig.reach_store_move(kNikA, "KTP-A", 3);
        rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::ok, true});
        if (failing == 1) rig.send(LoadJournaled{rig.pending(), true});  // stored ok, done fails
        const auto mark = command<MarkSlotFault>(rig.send(LoadJournaled{rig.pending(), false}));
        CHECK(mark.slot == 3);
        CHECK(mark.reason == SlotFaultReason::journal_failed);
        command<StopLoading>(rig.send(SlotFaultMarked{mark.request, true}));
        CHECK(restock(rig).loaded == 0);
        CHECK(restock(rig).problem == StaffProblem::journal_failed);
        CHECK(restock(rig).blocked_slots == std::vector<int>{3});
    }
}

TEST_CASE("the store cannot check a card: it goes back out as store_unavailable and loading stops") {
    SUBCASE("failed") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        command<ReturnCardToMouth>(rig.send(StoreRequestFailed{rig.pending()}));
        CHECK(restock(rig).last_refusal == LoadRefusal::store_unavailable);
        CHECK(restock(rig).problem == StaffProblem::store_failed);
        command<StopLoading>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken}));
    }
    SUBCASE("an answer with neither a slot nor a reason") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        command<ReturnCardToMouth>(rig.send(LoadChecked{rig.pending(), std::nullopt, std::nullopt}));
        CHECK(restock(rig).last_refusal == LoadRefusal::store_unavailable);
    }
    SUBCASE("slot 0 is no slot (slots count from 1)") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        const Commands out = rig.send(LoadChecked{rig.pending(), 0, std::nullopt});
        CHECK(find_command<JournalLoadIntent>(out) == nullptr);
        command<ReturnCardToMouth>(out);
    }
}

TEST_CASE("the dispenser cannot open, or fails while taking a card in") {
    SUBCASE("refuses to open: stopped, nothing to close") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::restock});
        const Commands out = rig.send(LoadingReady{rig.pending(), false});
        CHECK(out.empty());
        CHECK(restock(rig).phase == RestockPhase::stopped);
        CHECK(restock(rig).problem == StaffProblem::dispenser_fault);
    }
    SUBCASE("silent on opening: the mouth is closed in case it opened") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::restock});
        command<StopLoading>(rig.advance(rig.config.loading_ready_timeout));
        CHECK(restock(rig).problem == StaffProblem::dispenser_silent);
    }
    SUBCASE("a fault while taking a card in: capture, then close") {
        StaffRig rig;
        rig.open_restock();
        command<CaptureCard>(rig.send(CardInserted{rig.pending(), InsertOutcome::fault}));
        const Commands out = rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok});
        CHECK(has_audit(out, StaffAction::card_captured));
        CHECK(audits(out).at(0).captured == BinEntry{std::nullopt, std::nullopt, "dispenser_fault"});
        command<StopLoading>(out);
        CHECK(restock(rig).problem == StaffProblem::dispenser_fault);
    }
}

TEST_CASE("every restock wait has its deadline") {
    SUBCASE("no answer to AwaitInsertedCard within its wait and grace: capture, stop") {
        StaffRig rig;
        rig.open_restock();
        CHECK(rig.advance(rig.config.insert_wait + rig.config.answer_grace - 1ms).empty());
        command<CaptureCard>(rig.advance(1ms));
        CHECK(restock(rig).problem == StaffProblem::dispenser_silent);
    }
    SUBCASE("a silent chip read refuses the card as unreadable") {
        StaffRig rig;
        rig.open_restock();
        rig.send(CardInserted{rig.pending(), InsertOutcome::arrived});
        command<ReturnCardToMouth>(rig.advance(rig.config.chip_read_timeout));
        CHECK(restock(rig).last_refusal == LoadRefusal::unreadable);
    }
    SUBCASE("a silent CheckLoadable") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(chip_of(kNikA, "KTP-A"));
        command<ReturnCardToMouth>(rig.advance(rig.config.store_timeout));
        CHECK(restock(rig).problem == StaffProblem::store_silent);
    }
    SUBCASE("a silent store move: capture, block the slot") {
        StaffRig rig;
        rig.open_restock();
        rig.reach_store_move();
        command<CaptureCard>(rig.advance(rig.config.store_move_timeout));
        command<MarkSlotFault>(rig.advance(rig.config.capture_timeout));  // the capture silent too
        CHECK(restock(rig).problem == StaffProblem::capture_failed);
        command<StopLoading>(rig.advance(rig.config.store_timeout));  // and the store
        rig.advance(rig.config.stop_loading_timeout);
        CHECK(restock(rig).phase == RestockPhase::stopped);
    }
    SUBCASE("silent journal stored / done") {
        StaffRig rig;
        rig.open_restock();
        const StoreCardInSlot store = rig.reach_store_move();
        rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::ok, true});
        CHECK(command<MarkSlotFault>(rig.advance(rig.config.journal_timeout)).reason ==
              SlotFaultReason::journal_failed);
    }
    SUBCASE("nobody takes the card and the dispenser never says so: capture") {
        StaffRig rig;
        rig.open_restock();
        rig.feed(std::nullopt, ChipRefusal::forged);
        CHECK(rig.advance(rig.config.take_timeout + rig.config.answer_grace - 1ms).empty());
        command<CaptureCard>(rig.advance(1ms));
    }
    SUBCASE("a silent abort write stops loading") {
        StaffRig rig;
        rig.open_restock();
        const StoreCardInSlot store = rig.reach_store_move();
        rig.send(SlotFaultMarked{
            command<MarkSlotFault>(rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::slot_occupied, false}))
                .request,
            true});
        command<JournalLoadAborted>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken}));
        command<StopLoading>(rig.advance(rig.config.journal_timeout));
    }
    SUBCASE("a silent stop") {
        StaffRig rig;
        rig.open_restock();
        rig.send(LoadingDonePressed{});
        rig.send(CardInserted{rig.pending(), InsertOutcome::none});
        rig.advance(rig.config.stop_loading_timeout);
        CHECK(restock(rig).phase == RestockPhase::stopped);
        CHECK(restock(rig).problem == StaffProblem::dispenser_silent);
    }
}

TEST_CASE("stale and repeated answers never store a card twice or out of turn") {
    StaffRig rig;
    rig.open_restock();
    rig.feed(chip_of(kNikA, "KTP-A"));
    const RequestId check = rig.pending();
    rig.send(LoadChecked{check, 7, std::nullopt});
    const RequestId intent = rig.pending();
    CHECK(rig.send(LoadJournaled{intent + 1, true}).empty());
    CHECK(rig.send(LoadJournaled{check, true}).empty());
    CHECK(rig.send(LoadChecked{check, 8, std::nullopt}).empty());
    CHECK(rig.send(CardStoredInSlot{intent, StoreMoveOutcome::ok, true}).empty());
    CHECK(count_commands<StoreCardInSlot>(rig.send(LoadJournaled{intent, true})) == 1);
    CHECK(rig.send(LoadJournaled{intent, true}).empty());  // answered twice: once counts
    CHECK(count_commands<StoreCardInSlot>(rig.everything()) == 1);
    // A CardCaptured or a SlotFaultMarked for nothing asked changes nothing.
    CHECK(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok}).empty());
    CHECK(rig.send(SlotFaultMarked{rig.pending(), true}).empty());
    CHECK(rig.machine.waiting_for() == Wait::store_move);
}

TEST_CASE("twenty cards, three refused: the counts and the fill follow") {
    StaffRig rig;
    rig.open_restock();
    int slot = 1;
    for (int i = 0; i < 20; ++i) {
        if (i == 3 || i == 9 || i == 15) {
            rig.feed(chip_of(kNikB, "KTP-R" + std::to_string(i)));
            rig.send(
                LoadChecked{rig.pending(), std::nullopt, i == 3 ? LoadRefusal::no_record : LoadRefusal::wrong_status});
            rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken});
            continue;
        }
        rig.load(kNikA, "KTP-" + std::to_string(i), slot++);
    }
    const RestockScreen s = restock(rig);
    CHECK(s.loaded == 17);
    CHECK(s.refused == 3);
    CHECK(s.fill == MagazineFill{57, 60});
    CHECK(s.last_loaded_slot == 17);
    CHECK(count_commands<StoreCardInSlot>(rig.everything()) == 17);
    CHECK(count_commands<JournalLoadDone>(rig.everything()) == 17);
}
