// StaffPresenter: every kind of staff view to its screen (by name), every intent to the staff
// machine's event, the screens' buttons to the events they mean (pressed like a finger, through the
// host), Exit, Back, the idle warning and the ending notice on every screen, and the real
// StaffMachine driven through the screens: a PIN typed on the keypad reaches VERIFY, a tile starts
// its task.
#include "kiosk/ui/staff_presenter.hpp"
#include "kiosk/ui/preview/synthetic_staff_views.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "tests/kiosk/core/staff/staff_rig.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <string>

using namespace kiosk::ui;
using kiosk::core::Language;
namespace cs = kiosk::core::session;
namespace cst = kiosk::core::staff;

namespace {

struct Rig : kiosk::testing::SdlRig {
    std::optional<SessionPresenter> session;  // destroyed before the host they draw on
    std::optional<StaffPresenter> staff;

    explicit Rig(Size size = {1280, 800}, double diagonal_in = 10.1) : SdlRig(size, diagonal_in) {
        session.emplace(*host);
        staff.emplace(*host);
    }
    std::string shown(const cst::StaffView& view) {
        REQUIRE(staff->present(view, ScreenHost::now_ms()));
        draw();
        return std::string(host->current()->name());
    }
    // A press and release at `at`, as a finger; the events the intents mean.
    std::vector<cst::Event> tap(Point at) {
        PumpResult result;
        SDL_Event e{};
        e.type = SDL_MOUSEBUTTONDOWN;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = at.x_px;
        e.button.y = at.y_px;
        host->dispatch(e, ScreenHost::now_ms(), result);
        e.type = SDL_MOUSEBUTTONUP;
        host->dispatch(e, ScreenHost::now_ms(), result);
        std::vector<cst::Event> out;
        for (const Intent& intent : result.intents) {
            if (auto event = staff->to_event(intent)) out.push_back(*event);
        }
        return out;
    }
    // The one event a tap on `rect` means (the test fails on none or several).
    cst::Event tap_one(Rect rect) {
        auto events = tap(rect.center());
        REQUIRE(events.size() == 1);
        return events.front();
    }
};

cst::StaffView signed_in(cst::StaffScreen screen, bool back = true, cst::StaffRole role = cst::StaffRole::supervisor) {
    cst::StaffView v;
    v.screen = std::move(screen);
    v.signed_in = cst::SignedInStaff{"Budi Santoso", role};
    v.exit_available = true;
    v.back_available = back;
    return v;
}

cst::OverviewFigures menu_figures() {
    cst::OverviewFigures f;
    f.slots_total = 60;
    f.slots_loaded = 40;
    f.slots_free = 20;
    f.uncollected = 2;
    f.bin_count = 3;
    f.bin_capacity = 50;
    f.checks = 1;
    return f;
}

cst::CheckRow check_row(std::int64_t entry, int slot) {
    cst::CheckRow row;
    row.entry_id = entry;
    row.slot = slot;
    row.nik_masked =
        "3174 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 0001";
    row.journal_state = "presented";
    row.reason = "card not found at the mouth";
    return row;
}

// The event as an E (a copy: taps hand out temporaries); the test fails when it is not one.
template <class E>
E as(const cst::Event& event) {
    REQUIRE(std::holds_alternative<E>(event));
    return std::get<E>(event);
}

}  // namespace

TEST_CASE("every kind of staff view shows its own, meaningfully named staff screen") {
    Rig rig;
    CHECK(rig.shown(signed_in(cst::CheckingStaffCardScreen{})) == "staff-card-checking");
    CHECK(rig.shown(signed_in(cst::StaffRefusedScreen{cst::StaffRefusal::pin_blocked})) ==
          "staff-card-refused-pin-blocked");
    cst::PinEntryScreen pin;
    pin.display_name = "Budi Santoso";
    CHECK(rig.shown(signed_in(pin)) == "staff-pin");
    pin.last_outcome = cst::PinOutcome::wrong;
    pin.tries_left = 2;
    CHECK(rig.shown(signed_in(pin)) == "staff-pin-wrong");
    CHECK(rig.shown(signed_in(cst::MenuScreen{menu_figures(), false, std::nullopt})) == "staff-menu");
    cst::RestockScreen restock;
    restock.phase = cst::RestockPhase::returning_card;
    CHECK(rig.shown(signed_in(restock)) == "staff-restock-returning");
    cst::TakeBackScreen take_back;
    take_back.phase = cst::TakeBackPhase::list;
    CHECK(rig.shown(signed_in(take_back)) == "staff-take-back-empty");
    cst::CaptureBinScreen bin;
    bin.phase = cst::BinPhase::confirm;
    CHECK(rig.shown(signed_in(bin)) == "staff-bin-confirm");
    cst::OperatorChecksScreen checks;
    checks.phase = cst::ChecksPhase::list;
    checks.items = {check_row(5, 3)};
    CHECK(rig.shown(signed_in(checks)) == "staff-checks-list");
    cst::ServiceScreen service;
    service.phase = cst::ServicePhase::self_testing;
    CHECK(rig.shown(signed_in(service)) == "staff-service-self-testing");

    // Out of staff mode the staff presenter shows nothing: the resident's screen stays.
    rig.session->present(cs::SessionView{}, ScreenHost::now_ms());
    REQUIRE(std::string(rig.host->current()->name()) == "attract");
    CHECK_FALSE(rig.staff->present(cst::StaffView{}, ScreenHost::now_ms()));
    CHECK(std::string(rig.host->current()->name()) == "attract");
    // ... and the next staff view is shown again, whatever it is.
    CHECK(rig.shown(signed_in(cst::MenuScreen{menu_figures(), false, std::nullopt})) == "staff-menu");

    // Every synthetic view lands on a staff screen; the names tell the states apart.
    std::set<std::string> names;
    for (const cst::StaffView& v : synthetic_staff_views()) names.insert(rig.shown(v));
    CHECK(names.size() >= 40);
}

TEST_CASE("every intent becomes the staff event it means") {
    Rig rig;
    const StaffPresenter& p = *rig.staff;
    CHECK(as<cst::PinDigit>(*p.to_event(Intent::keypad('7', Language::id))).digit == '7');
    CHECK(std::holds_alternative<cst::PinBackspace>(*p.to_event(Intent::of(IntentKind::keypad_backspace))));
    CHECK(std::holds_alternative<cst::PinClear>(*p.to_event(Intent::of(IntentKind::keypad_clear))));
    CHECK(std::holds_alternative<cst::PinSubmit>(*p.to_event(Intent::of(IntentKind::submit))));
    CHECK(std::holds_alternative<cst::ExitPressed>(*p.to_event(Intent::of(IntentKind::cancel))));
    CHECK(std::holds_alternative<cst::BackPressed>(*p.to_event(Intent::of(IntentKind::back))));
    CHECK(as<cst::LanguageSelected>(*p.to_event(Intent::of(IntentKind::set_language, Language::en))).language ==
          Language::en);
    CHECK(std::holds_alternative<cst::MoreTime>(*p.to_event(Intent::of(IntentKind::more_time))));
    for (cst::StaffTask task : cst::kAllStaffTasks) {
        const auto e = p.to_event(Intent::staff_choice(IntentKind::staff_task, StaffChoice{task, 0, {}, {}}));
        CHECK(as<cst::TaskChosen>(*e).task == task);
    }
    for (cst::CheckResolution r : cst::kAllCheckResolutions) {
        const auto e = p.to_event(Intent::staff_choice(IntentKind::resolve, StaffChoice{{}, 42, r, {}}));
        CHECK(as<cst::ResolutionChosen>(*e).entry_id == 42);
        CHECK(as<cst::ResolutionChosen>(*e).resolution == r);
    }
    for (cst::ServiceReason reason : cst::kAllServiceReasons) {
        const auto e = p.to_event(Intent::staff_choice(IntentKind::out_of_service, StaffChoice{{}, 0, {}, reason}));
        CHECK_FALSE(as<cst::ServiceChosen>(*e).in_service);
        CHECK(as<cst::ServiceChosen>(*e).reason == reason);
    }
    CHECK(as<cst::ServiceChosen>(*p.to_event(Intent::of(IntentKind::in_service))).in_service);
    CHECK(std::holds_alternative<cst::ConfirmPressed>(*p.to_event(Intent::of(IntentKind::confirm))));
    CHECK(std::holds_alternative<cst::LoadingDonePressed>(*p.to_event(Intent::of(IntentKind::loading_done))));
    CHECK(std::holds_alternative<cst::TakeBackPressed>(*p.to_event(Intent::of(IntentKind::take_back))));
    CHECK(std::holds_alternative<cst::BinEmptiedPressed>(*p.to_event(Intent::of(IntentKind::bin_emptied))));
    CHECK(std::holds_alternative<cst::SelfTestChosen>(*p.to_event(Intent::of(IntentKind::self_test))));
    CHECK(std::holds_alternative<cst::InventoryAuditChosen>(*p.to_event(Intent::of(IntentKind::inventory_audit))));
    // Nothing a resident or the demo strip asks for means anything to the staff machine...
    CHECK_FALSE(p.to_event(Intent::of(IntentKind::start_session)).has_value());
    CHECK_FALSE(p.to_event(Intent::of(IntentKind::pickup)).has_value());
    CHECK_FALSE(p.to_event(Intent::demo_control(DemoIntent::tap_demo_card)).has_value());
    // ... and the staff screens' intents mean nothing to the session machine.
    for (IntentKind kind : {IntentKind::staff_task, IntentKind::resolve, IntentKind::confirm, IntentKind::loading_done,
                            IntentKind::take_back, IntentKind::bin_emptied, IntentKind::out_of_service,
                            IntentKind::in_service, IntentKind::self_test, IntentKind::inventory_audit}) {
        CHECK_FALSE(rig.session->to_event(Intent::of(kind)).has_value());
    }
}

TEST_CASE("the staff screens' buttons send the events they say, and only while the view offers them") {
    Rig rig;
    // The menu: a tile per task, and Exit as the last tile.
    rig.shown(signed_in(cst::MenuScreen{menu_figures(), false, std::nullopt}, false));
    const auto& tiles = rig.staff->menu().tiles();
    for (std::size_t i = 0; i < cst::kAllStaffTasks.size(); ++i) {
        CHECK(as<cst::TaskChosen>(rig.tap_one(tiles[i].rect)).task == cst::kAllStaffTasks[i]);
    }
    CHECK(std::holds_alternative<cst::ExitPressed>(rig.tap_one(tiles[5].rect)));
    // An operator's menu: service and operator checks say who may do them, and a tap on them does nothing.
    rig.shown(signed_in(cst::MenuScreen{menu_figures(), false, std::nullopt}, false, cst::StaffRole::operator_));
    CHECK(as<cst::TaskChosen>(rig.tap_one(tiles[0].rect)).task == cst::StaffTask::restock);
    CHECK(rig.tap(tiles[3].rect.center()).empty());
    CHECK(rig.tap(tiles[4].rect.center()).empty());
    CHECK(tiles[3].detail == "Hanya supervisor");
    CHECK(tiles[4].detail == "Hanya teknisi atau supervisor");
    rig.shown(signed_in(cst::MenuScreen{menu_figures(), false, std::nullopt}, false, cst::StaffRole::technician));
    CHECK(as<cst::TaskChosen>(rig.tap_one(tiles[4].rect)).task == cst::StaffTask::service);
    CHECK(rig.tap(tiles[3].rect.center()).empty());

    // Restock: Done while loading; Back once stopped (not while the card moves).
    cst::RestockScreen restock;
    restock.phase = cst::RestockPhase::waiting_for_card;
    rig.shown(signed_in(restock, false));
    CHECK(std::holds_alternative<cst::LoadingDonePressed>(rig.tap_one(rig.staff->restock().done_button().rect)));
    CHECK(std::holds_alternative<cst::ExitPressed>(rig.tap_one(rig.staff->restock().exit_button().rect)));
    CHECK(rig.tap(rig.staff->restock().back_button().rect.center()).empty());
    restock.phase = cst::RestockPhase::stopped;
    rig.shown(signed_in(restock, true));
    CHECK(std::holds_alternative<cst::BackPressed>(rig.tap_one(rig.staff->restock().back_button().rect)));
    CHECK(rig.tap(rig.staff->restock().done_button().rect.center()).empty());

    // Take back: the button while the list has cards.
    cst::TakeBackScreen take_back;
    take_back.phase = cst::TakeBackPhase::list;
    take_back.items = {cst::UncollectedRow{
        12,
        "1403 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 0001",
        1'790'000'000}};
    rig.shown(signed_in(take_back));
    CHECK(std::holds_alternative<cst::TakeBackPressed>(rig.tap_one(rig.staff->take_back().take_back_button().rect)));

    // The bin: "Bin emptied", then the confirmation's "Yes".
    cst::CaptureBinScreen bin;
    bin.phase = cst::BinPhase::list;
    bin.count = 3;
    bin.capacity = 50;
    rig.shown(signed_in(bin));
    CHECK(std::holds_alternative<cst::BinEmptiedPressed>(rig.tap_one(rig.staff->bin().emptied_button().rect)));
    bin.phase = cst::BinPhase::confirm;
    rig.shown(signed_in(bin));
    CHECK(std::holds_alternative<cst::ConfirmPressed>(rig.tap_one(rig.staff->bin().confirm_button().rect)));
    CHECK(std::holds_alternative<cst::BackPressed>(rig.tap_one(rig.staff->bin().back_button().rect)));

    // Operator checks: each resolution for the check shown; Next shows the next check.
    cst::OperatorChecksScreen checks;
    checks.phase = cst::ChecksPhase::list;
    checks.items = {check_row(40, 7), check_row(41, 8)};
    rig.shown(signed_in(checks));
    const auto& buttons = rig.staff->checks().resolution_buttons();
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        const auto chosen = as<cst::ResolutionChosen>(rig.tap_one(buttons[i].rect));
        CHECK(chosen.entry_id == 40);
        CHECK(chosen.resolution == cst::kAllCheckResolutions[i]);
    }
    Rect next;
    for (const HitTarget& t : rig.host->current()->all_targets()) {
        if (t.action.kind == UiActionKind::page_next) next = t.rect;
    }
    REQUIRE_FALSE(next.empty());
    CHECK(rig.tap(next.center()).empty());  // paging is the screen's own
    CHECK(rig.staff->checks().shown_index() == 1u);
    CHECK(as<cst::ResolutionChosen>(rig.tap_one(buttons[2].rect)).entry_id == 41);
    checks.phase = cst::ChecksPhase::confirm;
    checks.chosen = cst::ChosenResolution{41, cst::CheckResolution::in_slot};
    rig.shown(signed_in(checks));
    CHECK(std::holds_alternative<cst::ConfirmPressed>(rig.tap_one(rig.staff->checks().confirm_button().rect)));

    // Service: a reason each while in service; "Back in service" while out; the device tasks.
    cst::ServiceScreen service;
    service.in_service = true;
    rig.shown(signed_in(service));
    for (std::size_t i = 0; i < cst::kAllServiceReasons.size(); ++i) {
        const auto chosen = as<cst::ServiceChosen>(rig.tap_one(rig.staff->service().reason_buttons()[i].rect));
        CHECK_FALSE(chosen.in_service);
        CHECK(chosen.reason == cst::kAllServiceReasons[i]);
    }
    CHECK(std::holds_alternative<cst::SelfTestChosen>(rig.tap_one(rig.staff->service().self_test_button().rect)));
    CHECK(std::holds_alternative<cst::InventoryAuditChosen>(rig.tap_one(rig.staff->service().audit_button().rect)));
    service.in_service = false;
    service.reason = cst::ServiceReason::cleaning;
    rig.shown(signed_in(service));
    CHECK(as<cst::ServiceChosen>(rig.tap_one(rig.staff->service().in_service_button().rect)).in_service);
    // While a self-test runs, nothing but Exit, Back and the language can be pressed.
    service.phase = cst::ServicePhase::self_testing;
    rig.shown(signed_in(service));
    CHECK(rig.tap(rig.staff->service().audit_button().rect.center()).empty());
}

TEST_CASE("Exit, Back, the idle warning and the ending notice on every staff screen") {
    Rig rig;
    for (cst::StaffView v : synthetic_staff_views()) {
        rig.shown(v);
        StaffScreen& screen = rig.staff->current();
        CAPTURE(screen.name());
        const auto targets = screen.all_targets();
        auto offers = [&](UiActionKind kind) {
            return std::any_of(targets.begin(), targets.end(),
                               [&](const HitTarget& t) { return t.action.kind == kind; });
        };
        // Exit wherever the view offers it (the menu's is a tile) and the idle warning's banner does
        // not cover it; Back only where it goes somewhere.
        if (!v.idle_warning) CHECK(offers(UiActionKind::cancel) == (v.exit_available && !v.ending));
        CHECK(screen.exit_offered() == (v.exit_available && !v.ending));
        if (!v.back_available) CHECK_FALSE(offers(UiActionKind::back));
        if (v.ending) {
            // Only the language toggle's two segments (and "More time" with a warning).
            CHECK(targets.size() == (v.idle_warning ? 3u : 2u));
        }
        if (v.idle_warning) {
            REQUIRE(screen.idle_warning().visible());
            CHECK(screen.idle_warning().seconds_left(ScreenHost::now_ms()) <= v.idle_warning->seconds_left);
            const auto events = rig.tap(screen.idle_warning().button().rect.center());
            REQUIRE(events.size() == 1);
            CHECK(std::holds_alternative<cst::MoreTime>(events[0]));
        } else {
            CHECK_FALSE(screen.idle_warning().visible());
        }
    }
    // The warning says that staff mode, not a resident's session, is about to end.
    CHECK(IdleWarning::message(Language::en, 9, IdleEnd::staff_mode) == "Still there? Staff mode ends in 9 seconds.");
    CHECK(IdleWarning::message(Language::id, 9, IdleEnd::staff_mode).find("Mode petugas") != std::string::npos);
}

TEST_CASE(
    "the real staff machine through the screens: the PIN typed on the keypad reaches VERIFY, a tile starts its task") {
    using namespace kiosk::core::staff::test;
    Rig rig;
    StaffRig machine;
    auto show = [&] { return rig.shown(machine.view()); };
    auto feed = [&](const std::vector<cst::Event>& events) {
        for (const cst::Event& e : events) machine.send(e);
    };
    machine.present_card();
    machine.send(cst::StaffLookedUp{machine.pending(), staff_budi()});
    REQUIRE(show() == "staff-pin");
    const Keypad& keypad = rig.staff->pin().keypad();
    for (char digit : std::string("80264")) {
        feed(rig.tap(keypad.key_rect(UiAction::digit_key(digit))->center()));
        show();
    }
    // One mistake, undone with "Hapus".
    feed(rig.tap(keypad.key_rect(UiAction::of(UiActionKind::backspace))->center()));
    show();
    CHECK(rig.staff->pin().view().digit_count == 4u);
    feed(rig.tap(rig.staff->pin().submit_button().rect.center()));
    CHECK(command<cst::VerifyStaffPin>(machine.last).pin == "8026");
    CHECK(show() == "staff-pin-checking");
    machine.send(cst::StaffPinChecked{machine.pending(), cst::PinOutcome::accepted, 3});
    CHECK(show() == "staff-menu-loading");
    machine.send(cst::StaffOverview{command<cst::ReadStaffOverview>(machine.last).request, menu_figures()});
    CHECK(show() == "staff-menu");
    // The band says who is signed in.
    REQUIRE(rig.staff->shown_view().signed_in.has_value());
    CHECK(rig.staff->shown_view().signed_in->display_name == "Budi Santoso");
    feed(rig.tap(rig.staff->menu().tiles()[0].rect.center()));
    CHECK(machine.machine.phase() == cst::Phase::restock);
    CHECK(find_command<cst::BeginLoading>(machine.last) != nullptr);
    CHECK(show() == "staff-restock-opening");
}

TEST_CASE("staff targets have stable names for the application's trace") {
    CHECK(staff_target_name(UiAction::task_tile(cst::StaffTask::capture_bin)) == "task-capture-bin");
    CHECK(staff_target_name(UiAction::resolution(12, cst::CheckResolution::in_bin)) == "resolve-12-in_bin");
    CHECK(staff_target_name(UiAction::resolution(12, cst::CheckResolution::in_bin, cst::CheckJournal::load)) ==
          "resolve-load-12-in_bin");
    CHECK(staff_target_name(UiAction::out_of_service_for(cst::ServiceReason::cleaning)) == "out-of-service-cleaning");
    CHECK(staff_target_name(UiAction::of(UiActionKind::cancel)) == "exit");
    CHECK(staff_target_name(UiAction::digit_key('5')) == "digit-5");
    CHECK_FALSE(staff_target_name(UiAction::of(UiActionKind::page_next)).has_value());
    CHECK_FALSE(staff_target_name(UiAction::language_choice(Language::en)).has_value());
}
