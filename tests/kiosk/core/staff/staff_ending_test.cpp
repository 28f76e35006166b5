// Ending staff mode never in the middle of a card movement: Exit, the card's removal and the idle
// timeout let the card in motion (and the dispenser's task) finish, close the mouth, then sign out.
#include "tests/kiosk/core/staff/staff_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

namespace {

// The two commands that end staff mode, in their order.
void require_signed_out(const Commands& out, std::string_view cause) {
    REQUIRE(out.size() >= 2);
    const auto* logout = std::get_if<AuditStaff>(&out[out.size() - 2]);
    REQUIRE(logout != nullptr);
    CHECK(logout->action == StaffAction::logout);
    CHECK(logout->detail == "cause=" + std::string(cause));
    CHECK(std::holds_alternative<EndStaffMode>(out.back()));
}

}  // namespace

TEST_CASE("Exit while the mouth waits for a card: the wait's answer, then the mouth closes, then the end") {
    StaffRig rig;
    rig.open_restock();
    const Commands exit = rig.send(ExitPressed{});
    CHECK(exit.empty());
    CHECK(rig.view().ending);
    CHECK_FALSE(rig.view().exit_available);
    CHECK(rig.machine.phase() == Phase::restock);
    const auto stop = command<StopLoading>(rig.send(CardInserted{rig.pending(), InsertOutcome::none}));
    CHECK(find_command<EndStaffMode>(rig.last) == nullptr);
    require_signed_out(rig.send(LoadingStopped{stop.request}), "exit");
    CHECK(rig.machine.phase() == Phase::idle);
}

TEST_CASE("the card removed while a card moves into its slot: the load finishes first") {
    StaffRig rig;
    rig.open_restock();
    const StoreCardInSlot store = rig.reach_store_move();
    CHECK(rig.send(StaffCardRemoved{}).empty());
    CHECK(command<JournalLoadStored>(rig.send(CardStoredInSlot{store.request, StoreMoveOutcome::ok, true})).slot == 7);
    command<JournalLoadDone>(rig.send(LoadJournaled{rig.pending(), true}));
    const Commands done = rig.send(LoadJournaled{rig.pending(), true});
    CHECK(find_command<AwaitInsertedCard>(done) == nullptr);
    command<StopLoading>(done);
    CHECK(count_commands<EndStaffMode>(done) == 0);
    require_signed_out(rig.send(LoadingStopped{rig.pending()}), "card_removed");
    CHECK(count_commands<EndStaffMode>(rig.everything()) == 1);
}

TEST_CASE("a card that arrives while ending is settled like any other before the mouth closes") {
    StaffRig rig;
    rig.open_restock();
    rig.send(ExitPressed{});
    const Commands read = rig.send(CardInserted{rig.pending(), InsertOutcome::arrived});
    command<ReadChipForLoad>(read);
    rig.send(LoadChipRead{rig.pending(), std::nullopt, ChipRefusal::forged});
    command<ReturnCardToMouth>(rig.last);
    command<StopLoading>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::taken}));
    require_signed_out(rig.send(LoadingStopped{rig.pending()}), "exit");
}

TEST_CASE("the idle timeout while a refused card waits at the mouth: captured, closed, then the end") {
    StaffConfig config;
    config.idle_warning_after = 10s;
    config.idle_timeout_after = 20s;  // shorter than the card's wait at the mouth
    StaffRig rig(config);
    rig.open_restock();
    rig.feed(std::nullopt, ChipRefusal::cloned);
    rig.advance(rig.config.idle_timeout_after);
    CHECK(rig.view().ending);
    CHECK(rig.machine.phase() == Phase::restock);
    command<CaptureCard>(rig.send(CardReturnedToMouth{rig.pending(), TakeOutcome::not_taken}));
    command<StopLoading>(rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok}));
    require_signed_out(rig.send(LoadingStopped{rig.pending()}), "idle");
}

TEST_CASE("Exit while the mouth opens: it closes again before the end") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::restock});
    rig.send(ExitPressed{});
    command<StopLoading>(rig.send(LoadingReady{rig.pending(), true}));
    require_signed_out(rig.send(LoadingStopped{rig.pending()}), "exit");
}

TEST_CASE("Exit during a take back: the card in hand is returned, no next one, then the end") {
    StaffRig rig;
    rig.start_take_back({uncollected(kNikA, 12, "KTP-A"), uncollected(kNikB, 13, std::nullopt)});
    const PresentToStaff present = rig.reach_present(nik_of(kNikA), "KTP-A");
    CHECK(rig.send(ExitPressed{}).empty());
    command<JournalReturned>(rig.send(CardPresentedToStaff{present.request, TakeOutcome::taken}));
    const Commands out = rig.send(ReturnJournaled{rig.pending(), true});
    CHECK(find_command<JournalReturnIntent>(out) == nullptr);
    require_signed_out(out, "exit");
}

TEST_CASE("Exit during the bin reset waits for the reset and its record") {
    StaffRig rig;
    rig.sign_in();
    rig.send(TaskChosen{StaffTask::capture_bin});
    rig.send(BinListed{rig.pending(), 4, 50, {}});
    rig.send(BinEmptiedPressed{});
    rig.send(ConfirmPressed{});
    CHECK(rig.send(ExitPressed{}).empty());
    command<RecordBinEmptied>(rig.send(BinCounterReset{rig.pending(), true}));
    require_signed_out(rig.send(BinEmptiedRecorded{rig.pending(), true}), "exit");
}

TEST_CASE("Exit during a self-test waits for it; during a store-only wait it ends at once") {
    SUBCASE("self-test") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::service});
        rig.send(SelfTestChosen{});
        CHECK(rig.send(ExitPressed{}).empty());
        require_signed_out(rig.send(SelfTestDone{rig.pending(), {}}), "exit");
    }
    SUBCASE("a resolution being written") {
        StaffRig rig;
        rig.sign_in();
        rig.send(TaskChosen{StaffTask::operator_checks});
        OperatorCheck check;
        check.entry_id = 5;
        rig.send(ChecksListed{rig.pending(), {check}});
        rig.send(ResolutionChosen{5, CheckResolution::in_bin});
        const RequestId resolve = command<Resolve>(rig.send(ConfirmPressed{})).request;
        require_signed_out(rig.send(ExitPressed{}), "exit");
        CHECK(rig.send(Resolved{resolve, true}).empty());  // stale now
    }
    SUBCASE("the menu's overview being read") {
        StaffRig rig;
        rig.reach_verify();
        rig.send(StaffPinChecked{rig.pending(), PinOutcome::accepted, 3});
        require_signed_out(rig.send(StaffCardRemoved{}), "card_removed");
    }
}

TEST_CASE("while ending, input other than the language is ignored") {
    StaffRig rig;
    rig.open_restock();
    rig.send(ExitPressed{});
    for (const Event& e :
         {Event{ExitPressed{}}, Event{StaffCardRemoved{}}, Event{BackPressed{}}, Event{TaskChosen{StaffTask::service}},
          Event{LoadingDonePressed{}}, Event{MoreTime{}}, Event{StaffCardPresented{chip_of(kNikC, "STAFF-0002")}}}) {
        CHECK(rig.send(e).empty());
    }
    CHECK_FALSE(rig.view().idle_warning.has_value());
    rig.send(LanguageSelected{Language::en});
    CHECK(rig.view().language == Language::en);
    CHECK(rig.machine.waiting_for() == Wait::insert);
}

TEST_CASE("ending with no answers at all still ends, within the deadlines, with the mouth closed first") {
    StaffRig rig;
    rig.open_restock();
    rig.send(CardInserted{rig.pending(), InsertOutcome::arrived});
    rig.send(ExitPressed{});
    // Every device and the store silent from now on: chip read, return to mouth, capture, stop.
    bool stop_sent = false;
    for (int i = 0; i < 40 && rig.machine.phase() != Phase::idle; ++i) {
        const Commands out = rig.advance(5s);
        if (find_command<StopLoading>(out)) stop_sent = true;
        if (find_command<EndStaffMode>(out)) CHECK(stop_sent);
    }
    CHECK(rig.machine.phase() == Phase::idle);
    CHECK(count_commands<EndStaffMode>(rig.everything()) == 1);
}
