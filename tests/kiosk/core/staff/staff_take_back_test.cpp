// Take back: each uncollected card journaled (purpose return), fetched, its chip checked against the
// record, every step confirmed before it is presented to staff; anything else ends in the bin.
#include "tests/kiosk/core/staff/staff_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

namespace {

TakeBackScreen take_back(const StaffRig& rig) {
    return rig.screen<TakeBackScreen>();
}

std::vector<UncollectedCard> two_cards() {
    return {uncollected(kNikA, 12, "KTP-A"), uncollected(kNikB, 30, std::nullopt)};
}

}  // namespace

TEST_CASE("the list shows masked NIKs, slots and deadlines") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::take_back});
    CHECK(take_back(rig).phase == TakeBackPhase::loading);
    rig.send(UncollectedListed{command<ListUncollected>(rig.last).request, two_cards()});
    const TakeBackScreen s = take_back(rig);
    CHECK(s.phase == TakeBackPhase::list);
    REQUIRE(s.items.size() == 2);
    CHECK(s.items[0] == UncollectedRow{12, nik_of(kNikA).masked(), 1'790'000'000});
    CHECK(s.items[1].nik_masked == nik_of(kNikB).masked());
    CHECK(rig.view().back_available);
}

TEST_CASE("each card in turn: intent, fetch, fetched, chip, chip_verified, presenting, present, returned") {
    StaffRig rig;
    const JournalReturnIntent intent = rig.start_take_back(two_cards());
    CHECK(intent.nik == nik_of(kNikA));
    CHECK(intent.slot == 12);
    CHECK(intent.staff_id == "S-017");
    CHECK(take_back(rig).current == UncollectedRow{12, nik_of(kNikA).masked(), 1'790'000'000});
    CHECK(take_back(rig).items.size() == 1);
    CHECK(rig.view().back_available == false);

    const auto fetch = command<FetchForReturn>(rig.send(ReturnJournaled{intent.request, true}));
    CHECK(fetch.slot == 12);
    const auto fetched = command<JournalReturnStep>(rig.send(FetchedForReturn{fetch.request, DispenserOutcome::ok}));
    CHECK(fetched.ret == intent.request);
    CHECK(fetched.step == PickupStep::fetched);
    CHECK(find_command<ReadChipForReturn>(rig.last) == nullptr);  // one step at a time
    command<ReadChipForReturn>(rig.send(ReturnJournaled{fetched.request, true}));
    CHECK(take_back(rig).phase == TakeBackPhase::checking_card);
    const auto verified =
        command<JournalReturnStep>(rig.send(ReturnChipRead{rig.pending(), chip_of(kNikA, "KTP-A"), {}}));
    CHECK(verified.step == PickupStep::chip_verified);
    const auto presenting = command<JournalReturnStep>(rig.send(ReturnJournaled{verified.request, true}));
    CHECK(presenting.step == PickupStep::presenting);
    CHECK(find_command<PresentToStaff>(rig.last) == nullptr);
    const auto present = command<PresentToStaff>(rig.send(ReturnJournaled{presenting.request, true}));
    CHECK(present.take_timeout == rig.config.take_timeout);
    CHECK(take_back(rig).phase == TakeBackPhase::take_card);
    rig.advance(5s);
    CHECK(take_back(rig).take_time_left == rig.config.take_timeout - 5s);

    const auto returned = command<JournalReturned>(rig.send(CardPresentedToStaff{present.request, TakeOutcome::taken}));
    CHECK(returned.ret == intent.request);
    CHECK(returned.nik == nik_of(kNikA));
    CHECK(returned.slot == 12);
    CHECK(returned.staff_id == "S-017");
    // The next card starts once RETURNED is durable.
    const auto next = command<JournalReturnIntent>(rig.send(ReturnJournaled{returned.request, true}));
    CHECK(next.nik == nik_of(kNikB));
    CHECK(take_back(rig).returned == 1);

    // The second record has no serial: its NIK alone identifies the card.
    const PresentToStaff second = rig.reach_present(nik_of(kNikB), "ANY-SERIAL");
    rig.send(CardPresentedToStaff{second.request, TakeOutcome::taken});
    const Commands out = rig.send(ReturnJournaled{rig.pending(), true});
    CHECK(out.empty());
    CHECK(take_back(rig).phase == TakeBackPhase::finished);
    CHECK(take_back(rig).returned == 2);
    CHECK_FALSE(take_back(rig).current.has_value());
    CHECK(rig.view().back_available);
}

TEST_CASE("a chip that is not the record's card is captured, never presented") {
    const std::pair<std::optional<AuthenticatedChip>, TakeBackIssue> cases[] = {
        {chip_of(kNikC, "KTP-A"), TakeBackIssue::chip_mismatch},  // another NIK
        {chip_of(kNikA, "KTP-Z"), TakeBackIssue::chip_mismatch},  // the NIK, another card
        {chip_of(kNikA, std::nullopt), TakeBackIssue::chip_mismatch},
        {std::nullopt, TakeBackIssue::chip_refused},
    };
    for (const auto& [chip, issue] : cases) {
        StaffRig rig;
        rig.start_take_back(two_cards());
        rig.reach_return_chip_read();
        const Commands out = rig.send(ReturnChipRead{rig.pending(), chip, ChipRefusal::forged});
        CHECK(find_command<JournalReturnStep>(out) == nullptr);
        command<CaptureCard>(out);
        CHECK(take_back(rig).last_issue == issue);
        const auto captured =
            command<JournalReturnCaptured>(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok}));
        CHECK(captured.reason ==
              (issue == TakeBackIssue::chip_refused ? CaptureReason::chip_refused : CaptureReason::chip_mismatch));
        CHECK(captured.staff_id == "S-017");
        command<JournalReturnIntent>(rig.send(ReturnJournaled{captured.request, true}));  // on to the next
        CHECK(take_back(rig).captured == 1);
        CHECK(count_commands<PresentToStaff>(rig.everything()) == 0);
    }
}

TEST_CASE("a journal step that fails or stays silent sends the card to the bin and stops the task") {
    for (int step = 0; step < 3; ++step) {
        for (bool silent : {false, true}) {
            CAPTURE(step);
            CAPTURE(silent);
            StaffRig rig;
            rig.start_take_back(two_cards());
            rig.send(ReturnJournaled{rig.pending(), true});
            rig.send(FetchedForReturn{rig.pending(), DispenserOutcome::ok});
            if (step >= 1) {
                rig.send(ReturnJournaled{rig.pending(), true});
                rig.send(ReturnChipRead{rig.pending(), chip_of(kNikA, "KTP-A"), {}});
            }
            if (step >= 2) rig.send(ReturnJournaled{rig.pending(), true});
            const Commands out =
                silent ? rig.advance(rig.config.journal_timeout) : rig.send(ReturnJournaled{rig.pending(), false});
            CHECK(find_command<PresentToStaff>(out) == nullptr);
            command<CaptureCard>(out);
            CHECK(take_back(rig).problem == StaffProblem::journal_failed);
            CHECK(take_back(rig).last_issue == TakeBackIssue::journal_failed);
            const auto captured =
                command<JournalReturnCaptured>(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok}));
            CHECK(captured.reason == CaptureReason::journal_failed);
            CHECK(rig.send(ReturnJournaled{captured.request, true}).empty());  // stopped: no next card
            CHECK(take_back(rig).phase == TakeBackPhase::finished);
            CHECK(take_back(rig).items.size() == 1);
            CHECK(count_commands<PresentToStaff>(rig.everything()) == 0);
        }
    }
}

TEST_CASE("a failed return intent moves nothing; a silent one is closed as aborted") {
    SUBCASE("failed") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        const Commands out = rig.send(ReturnJournaled{rig.pending(), false});
        CHECK(out.empty());
        CHECK(take_back(rig).phase == TakeBackPhase::finished);
        CHECK(take_back(rig).problem == StaffProblem::journal_failed);
    }
    SUBCASE("silent") {
        StaffRig rig;
        const JournalReturnIntent intent = rig.start_take_back(two_cards());
        const Commands out = rig.advance(rig.config.journal_timeout);
        CHECK(find_command<FetchForReturn>(out) == nullptr);
        CHECK(command<JournalReturnAborted>(out).ret == intent.request);
        CHECK(take_back(rig).phase == TakeBackPhase::finished);
        CHECK(rig.send(ReturnJournaled{intent.request, true}).empty());  // stale
    }
    SUBCASE("Take back again after a failure tries the remaining cards") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        rig.send(ReturnJournaled{rig.pending(), false});
        CHECK(command<JournalReturnIntent>(rig.send(TakeBackPressed{})).nik == nik_of(kNikB));
        CHECK_FALSE(take_back(rig).problem.has_value());
    }
}

TEST_CASE("an empty slot: the entry is closed aborted, the slot blocked, the next card goes on") {
    StaffRig rig;
    rig.start_take_back(two_cards());
    rig.send(ReturnJournaled{rig.pending(), true});
    const Commands out = rig.send(FetchedForReturn{rig.pending(), DispenserOutcome::slot_empty});
    CHECK(find_command<CaptureCard>(out) == nullptr);
    CHECK(command<JournalReturnAborted>(out).slot == 12);
    CHECK(audits(out).at(0).action == StaffAction::return_failed);
    CHECK(audits(out).at(0).detail == "slot=12 issue=slot_empty");
    const auto mark = command<MarkSlotFault>(rig.send(ReturnJournaled{rig.pending(), true}));
    CHECK(mark.slot == 12);
    CHECK(mark.reason == SlotFaultReason::inventory_mismatch);
    command<JournalReturnIntent>(rig.send(SlotFaultMarked{mark.request, true}));
    CHECK(take_back(rig).last_issue == TakeBackIssue::slot_empty);
}

TEST_CASE("dispenser faults and not taken: captured with the right reason") {
    SUBCASE("fetch jam: capture, stop") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        rig.send(ReturnJournaled{rig.pending(), true});
        command<CaptureCard>(rig.send(FetchedForReturn{rig.pending(), DispenserOutcome::jam}));
        CHECK(command<JournalReturnCaptured>(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok})).reason ==
              CaptureReason::dispenser_fault);
        rig.send(ReturnJournaled{rig.pending(), true});
        CHECK(take_back(rig).phase == TakeBackPhase::finished);
        CHECK(take_back(rig).problem == StaffProblem::dispenser_fault);
    }
    SUBCASE("not taken: capture, go on") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        const PresentToStaff present = rig.reach_present(nik_of(kNikA), "KTP-A");
        command<CaptureCard>(rig.send(CardPresentedToStaff{present.request, TakeOutcome::not_taken}));
        CHECK(command<JournalReturnCaptured>(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok})).reason ==
              CaptureReason::not_taken);
        command<JournalReturnIntent>(rig.send(ReturnJournaled{rig.pending(), true}));
    }
    SUBCASE("the capture fails: audited, the task stops") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        const PresentToStaff present = rig.reach_present(nik_of(kNikA), "KTP-A");
        rig.send(CardPresentedToStaff{present.request, TakeOutcome::fault});
        const Commands out = rig.send(CardCaptured{rig.pending(), DispenserOutcome::jam});
        CHECK(find_command<JournalReturnCaptured>(out) == nullptr);
        CHECK(audits(out).at(0).detail == "slot=12 issue=capture_failed");
        CHECK(take_back(rig).problem == StaffProblem::capture_failed);
        CHECK(take_back(rig).phase == TakeBackPhase::finished);
    }
}

TEST_CASE("every take-back wait has its deadline") {
    SUBCASE("fetch") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        rig.send(ReturnJournaled{rig.pending(), true});
        command<CaptureCard>(rig.advance(rig.config.fetch_timeout));
        CHECK(take_back(rig).problem == StaffProblem::dispenser_silent);
    }
    SUBCASE("chip") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        rig.reach_return_chip_read();
        command<CaptureCard>(rig.advance(rig.config.chip_read_timeout));
        CHECK(take_back(rig).last_issue == TakeBackIssue::chip_refused);
    }
    SUBCASE("present") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        rig.reach_present(nik_of(kNikA), "KTP-A");
        CHECK(rig.advance(rig.config.take_timeout + rig.config.answer_grace - 1ms).empty());
        command<CaptureCard>(rig.advance(1ms));
    }
    SUBCASE("capture, then returned") {
        StaffRig rig;
        rig.start_take_back(two_cards());
        const PresentToStaff present = rig.reach_present(nik_of(kNikA), "KTP-A");
        rig.send(CardPresentedToStaff{present.request, TakeOutcome::taken});
        rig.advance(rig.config.journal_timeout);
        CHECK(take_back(rig).problem == StaffProblem::journal_failed);
        CHECK(take_back(rig).phase == TakeBackPhase::finished);
        CHECK(take_back(rig).returned == 0);
    }
    SUBCASE("list") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::take_back});
        rig.advance(rig.config.store_timeout);
        CHECK(take_back(rig).phase == TakeBackPhase::list);
        CHECK(take_back(rig).problem == StaffProblem::store_silent);
    }
}

TEST_CASE("Back during a card stops after it; Back at the list returns to the menu") {
    StaffRig rig;
    rig.start_take_back(two_cards());
    rig.send(BackPressed{});
    CHECK(take_back(rig).stop_requested);
    CHECK(rig.machine.phase() == Phase::take_back);
    const PresentToStaff present = rig.reach_present(nik_of(kNikA), "KTP-A");
    rig.send(CardPresentedToStaff{present.request, TakeOutcome::taken});
    CHECK(rig.send(ReturnJournaled{rig.pending(), true}).empty());
    CHECK(take_back(rig).phase == TakeBackPhase::finished);
    CHECK(take_back(rig).items.size() == 1);
    command<ReadStaffOverview>(rig.send(BackPressed{}));
    CHECK(rig.machine.phase() == Phase::menu);
}

TEST_CASE("stale answers do not advance a return") {
    StaffRig rig;
    const JournalReturnIntent intent = rig.start_take_back(two_cards());
    CHECK(rig.send(FetchedForReturn{intent.request, DispenserOutcome::ok}).empty());
    CHECK(rig.send(ReturnJournaled{intent.request + 1, true}).empty());
    const auto fetch = command<FetchForReturn>(rig.send(ReturnJournaled{intent.request, true}));
    CHECK(rig.send(ReturnJournaled{intent.request, true}).empty());
    CHECK(rig.send(CardPresentedToStaff{fetch.request, TakeOutcome::taken}).empty());
    CHECK(rig.send(ReturnChipRead{fetch.request, chip_of(kNikA, "KTP-A"), {}}).empty());
    CHECK(rig.machine.waiting_for() == Wait::fetch);
}
