// Entering and leaving staff mode: the card, the roster, the PIN (tries, blocked, removed), the idle
// warning and "more time", Exit and the card's removal.
#include "tests/kiosk/core/staff/staff_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

TEST_CASE("at rest the machine shows nothing of its own and ignores everything but a staff card") {
    StaffRig rig;
    CHECK(std::holds_alternative<NotInStaffMode>(rig.view().screen));
    CHECK_FALSE(rig.view().exit_available);
    for (const Event& e :
         {Event{PinDigit{'1'}}, Event{PinSubmit{}}, Event{ExitPressed{}}, Event{StaffCardRemoved{}},
          Event{TaskChosen{StaffTask::restock}}, Event{LoadingDonePressed{}}, Event{ConfirmPressed{}}}) {
        CHECK(rig.send(e).empty());
        CHECK(rig.machine.phase() == Phase::idle);
    }
    CHECK(rig.advance(1h).empty());
}

TEST_CASE("a staff card is looked up by its serial; an unknown card is refused until it is removed") {
    StaffRig rig;
    const LookupStaff lookup = rig.present_card("STAFF-0042");
    CHECK(lookup.card_serial == "STAFF-0042");
    CHECK(std::holds_alternative<CheckingStaffCardScreen>(rig.view().screen));
    rig.send(StaffLookedUp{lookup.request, std::nullopt});
    CHECK(rig.screen<StaffRefusedScreen>().reason == StaffRefusal::not_registered);
    CHECK(rig.send(StaffCardPresented{chip_of(kNikC, "OTHER")}).empty());  // one card at a time
    const Commands removed = rig.send(StaffCardRemoved{});
    CHECK(count_commands<EndStaffMode>(removed) == 1);
    CHECK(audits(removed).empty());  // nobody signed in, nobody signed out
    CHECK(rig.machine.phase() == Phase::idle);
}

TEST_CASE("the refused screen goes by itself after refused_display") {
    StaffRig rig;
    rig.send(StaffLookedUp{rig.present_card().request, std::nullopt});
    CHECK(rig.advance(rig.config.refused_display - 1ms).empty());
    CHECK(count_commands<EndStaffMode>(rig.advance(1ms)) == 1);
    CHECK(rig.machine.phase() == Phase::idle);
}

TEST_CASE("a staff card without a serial is refused without a lookup") {
    StaffRig rig;
    const Commands out = rig.send(StaffCardPresented{chip_of(kNikC, std::nullopt)});
    CHECK(find_command<LookupStaff>(out) == nullptr);
    CHECK(rig.screen<StaffRefusedScreen>().reason == StaffRefusal::not_registered);
    rig.send(StaffCardPresented{chip_of(kNikC, std::string())});
    CHECK(rig.machine.phase() == Phase::refused);
}

TEST_CASE("a store that fails or stays silent on the lookup refuses as unavailable") {
    SUBCASE("failed") {
        StaffRig rig;
        rig.send(StoreRequestFailed{rig.present_card().request});
        CHECK(rig.screen<StaffRefusedScreen>().reason == StaffRefusal::unavailable);
    }
    SUBCASE("silent, and its late answer is stale") {
        StaffRig rig;
        const RequestId request = rig.present_card().request;
        rig.advance(rig.config.store_timeout);
        CHECK(rig.screen<StaffRefusedScreen>().reason == StaffRefusal::unavailable);
        rig.send(StaffLookedUp{request, staff_budi()});
        CHECK(rig.machine.phase() == Phase::refused);
    }
}

TEST_CASE("the PIN shows as a digit count only, between min and max digits, and leaves in VERIFY alone") {
    StaffRig rig;
    rig.send(StaffLookedUp{rig.present_card().request, staff_budi()});
    PinEntryScreen pin = rig.screen<PinEntryScreen>();
    CHECK(pin.display_name == "Budi Santoso");
    CHECK(pin.digit_count == 0);
    CHECK(pin.min_digits == 4);
    CHECK(pin.max_digits == 12);
    rig.type_pin("9x7");  // a stray key counts as input but not as a digit
    CHECK(rig.screen<PinEntryScreen>().digit_count == 2);
    rig.send(PinSubmit{});
    CHECK(rig.screen<PinEntryScreen>().too_short);
    CHECK(find_command<VerifyStaffPin>(rig.last) == nullptr);
    rig.type_pin("1234567890123");  // 15 typed, 12 kept
    CHECK(rig.screen<PinEntryScreen>().digit_count == 12);
    CHECK_FALSE(rig.screen<PinEntryScreen>().too_short);
    rig.send(PinBackspace{});
    CHECK(rig.screen<PinEntryScreen>().digit_count == 11);
    rig.send(PinClear{});
    CHECK(rig.screen<PinEntryScreen>().digit_count == 0);
    rig.type_pin("2468");
    const Commands out = rig.send(PinSubmit{});
    CHECK(command<VerifyStaffPin>(out).pin == "2468");
    CHECK(out.size() == 1);  // nothing else carries it
    pin = rig.screen<PinEntryScreen>();
    CHECK(pin.checking);
    CHECK(pin.digit_count == 0);  // forgotten once sent
    rig.send(PinDigit{'5'});      // no typing while VERIFY runs
    CHECK(rig.screen<PinEntryScreen>().digit_count == 0);
}

TEST_CASE("an accepted PIN signs in, audits the login and reads the menu's overview") {
    StaffRig rig;
    rig.reach_verify();
    const Commands out = rig.send(StaffPinChecked{rig.pending(), PinOutcome::accepted, 3});
    REQUIRE(audits(out).size() == 1);
    CHECK(audits(out)[0].action == StaffAction::login);
    CHECK(audits(out)[0].staff_id == "S-017");
    CHECK(audits(out)[0].detail == "role=SUPERVISOR");
    const auto read = command<ReadStaffOverview>(out);
    CHECK(rig.screen<MenuScreen>().loading);
    CHECK(rig.view().signed_in == SignedInStaff{"Budi Santoso", StaffRole::supervisor});
    rig.send(StaffOverview{read.request, figures()});
    CHECK(rig.screen<MenuScreen>() == MenuScreen{figures(), false, std::nullopt});
}

TEST_CASE("the menu without its figures says why") {
    StaffRig rig;
    rig.reach_verify();
    rig.send(StaffPinChecked{rig.pending(), PinOutcome::accepted, 3});
    rig.advance(rig.config.store_timeout);
    CHECK(rig.screen<MenuScreen>().problem == StaffProblem::store_silent);
    CHECK_FALSE(rig.screen<MenuScreen>().overview.has_value());
}

TEST_CASE("a wrong PIN stays with the tries left, clears the digits and is audited; three block the card") {
    StaffRig rig;
    rig.reach_verify("1111");
    Commands out = rig.send(StaffPinChecked{rig.pending(), PinOutcome::wrong, 2});
    CHECK(audits(out).at(0).action == StaffAction::pin_wrong);
    CHECK(audits(out).at(0).detail == "tries_left=2");
    CHECK(audits(out).at(0).detail.find("1111") == std::string::npos);
    PinEntryScreen pin = rig.screen<PinEntryScreen>();
    CHECK(pin.last_outcome == PinOutcome::wrong);
    CHECK(pin.tries_left == 2);
    CHECK(pin.digit_count == 0);
    CHECK_FALSE(pin.checking);

    rig.type_pin("2222");
    rig.send(PinSubmit{});
    rig.send(StaffPinChecked{rig.pending(), PinOutcome::wrong, 1});
    CHECK(rig.screen<PinEntryScreen>().tries_left == 1);
    rig.type_pin("3333");
    rig.send(PinSubmit{});
    // The third wrong PIN: the card reports no tries left, which is a block whatever it is called.
    out = rig.send(StaffPinChecked{rig.pending(), PinOutcome::wrong, 0});
    CHECK(audits(out).at(0).action == StaffAction::pin_blocked);
    CHECK(rig.screen<StaffRefusedScreen>().reason == StaffRefusal::pin_blocked);
    CHECK(count_commands<EndStaffMode>(rig.send(StaffCardRemoved{})) == 1);
}

TEST_CASE("a blocked card, an unreadable VERIFY, a silent reader and a card removed during VERIFY") {
    SUBCASE("blocked") {
        StaffRig rig;
        rig.reach_verify();
        const Commands out = rig.send(StaffPinChecked{rig.pending(), PinOutcome::blocked, 0});
        CHECK(has_audit(out, StaffAction::pin_blocked));
        CHECK(rig.screen<StaffRefusedScreen>().reason == StaffRefusal::pin_blocked);
    }
    SUBCASE("unreadable: type again, no try counted") {
        StaffRig rig;
        rig.reach_verify();
        const Commands out = rig.send(StaffPinChecked{rig.pending(), PinOutcome::unreadable, std::nullopt});
        CHECK(audits(out).empty());
        CHECK(rig.screen<PinEntryScreen>().last_outcome == PinOutcome::unreadable);
    }
    SUBCASE("silent reader") {
        StaffRig rig;
        const RequestId request = rig.reach_verify().request;
        rig.advance(rig.config.pin_verify_timeout);
        CHECK(rig.screen<PinEntryScreen>().problem == StaffProblem::reader_silent);
        rig.send(StaffPinChecked{request, PinOutcome::accepted, 3});  // stale: never a sign-in
        CHECK(rig.machine.phase() == Phase::pin_entry);
        CHECK_FALSE(rig.view().signed_in.has_value());
    }
    SUBCASE("removed") {
        StaffRig rig;
        rig.reach_verify();
        const Commands out = rig.send(StaffPinChecked{rig.pending(), PinOutcome::removed, std::nullopt});
        CHECK(count_commands<EndStaffMode>(out) == 1);
        CHECK(rig.machine.phase() == Phase::idle);
    }
    SUBCASE("the card removed while VERIFY runs: its answer is stale") {
        StaffRig rig;
        const RequestId request = rig.reach_verify().request;
        CHECK(count_commands<EndStaffMode>(rig.send(StaffCardRemoved{})) == 1);
        CHECK(rig.send(StaffPinChecked{request, PinOutcome::accepted, 3}).empty());
        CHECK(rig.machine.phase() == Phase::idle);
    }
}

TEST_CASE("answers for other requests are ignored while entering") {
    StaffRig rig;
    const RequestId lookup = rig.present_card().request;
    rig.send(StaffLookedUp{lookup + 1, staff_budi()});
    rig.send(StaffPinChecked{lookup, PinOutcome::accepted, 3});
    CHECK(rig.machine.phase() == Phase::looking_up);
    rig.send(StaffLookedUp{lookup, staff_budi()});
    rig.send(StaffLookedUp{lookup, std::nullopt});  // a second answer changes nothing
    CHECK(rig.machine.phase() == Phase::pin_entry);
    rig.type_pin("1234");
    const RequestId verify = command<VerifyStaffPin>(rig.send(PinSubmit{})).request;
    rig.send(StaffPinChecked{verify + 7, PinOutcome::accepted, 3});
    rig.send(StaffPinChecked{lookup, PinOutcome::accepted, 3});
    CHECK(rig.machine.phase() == Phase::verifying_pin);
}

TEST_CASE("Exit and removal sign out with an audit row naming the cause, then EndStaffMode") {
    for (const auto& [event, cause] : {std::pair{Event{ExitPressed{}}, std::string("cause=exit")},
                                       std::pair{Event{StaffCardRemoved{}}, std::string("cause=card_removed")}}) {
        StaffRig rig;
        rig.sign_in();
        const Commands out = rig.send(event);
        REQUIRE(out.size() == 2);
        const auto* logout = std::get_if<AuditStaff>(&out[0]);
        REQUIRE(logout != nullptr);
        CHECK(logout->action == StaffAction::logout);
        CHECK(logout->staff_id == "S-017");
        CHECK(logout->detail == cause);
        CHECK(std::holds_alternative<EndStaffMode>(out[1]));
        CHECK(rig.machine.phase() == Phase::idle);
        CHECK(rig.view() == StaffView{NotInStaffMode{}, Language::id, std::nullopt, std::nullopt, false, false, false});
    }
}

TEST_CASE("the idle warning shows after idle_warning_after; more time resets it; the timeout signs out") {
    StaffRig rig;
    rig.sign_in();
    rig.advance(rig.config.idle_warning_after - 1ms);
    CHECK_FALSE(rig.view().idle_warning.has_value());
    rig.advance(1ms);
    REQUIRE(rig.view().idle_warning.has_value());
    CHECK(rig.view().idle_warning->seconds_left == 30);
    rig.send(MoreTime{});
    CHECK_FALSE(rig.view().idle_warning.has_value());
    rig.advance(rig.config.idle_timeout_after - 1ms);
    CHECK(rig.view().idle_warning->seconds_left == 1);
    const Commands out = rig.advance(1ms);
    CHECK(audits(out).at(0).detail == "cause=idle");
    CHECK(count_commands<EndStaffMode>(out) == 1);
    CHECK(rig.machine.phase() == Phase::idle);
}

TEST_CASE("the idle timeout on the PIN screen leaves without a logout (nobody signed in)") {
    StaffRig rig;
    rig.send(StaffLookedUp{rig.present_card().request, staff_budi()});
    rig.type_pin("12");
    const Commands out = rig.advance(rig.config.idle_timeout_after);
    CHECK(audits(out).empty());
    CHECK(count_commands<EndStaffMode>(out) == 1);
}

TEST_CASE("the language can be switched in staff mode and returns to the default at the end") {
    StaffRig rig;
    rig.sign_in();
    rig.send(LanguageSelected{Language::en});
    CHECK(rig.view().language == Language::en);
    rig.send(ExitPressed{});
    CHECK(rig.view().language == Language::id);
    rig.send(LanguageSelected{Language::en});  // at rest the resident's screens own the language
    CHECK(rig.view().language == Language::id);
}

TEST_CASE("time running backwards does not move the timers") {
    StaffRig rig;
    rig.sign_in();
    rig.advance(rig.config.idle_warning_after);
    rig.now -= 1h;
    rig.send(Tick{});
    CHECK(rig.view().idle_warning.has_value());
    rig.now += 1h + rig.config.idle_timeout_after - rig.config.idle_warning_after;
    rig.send(Tick{});
    CHECK(rig.machine.phase() == Phase::idle);
}
