// Time: idle warning and timeout on every screen, "more time", device deadlines for every waiting
// state, stale answers, and a clock that runs backwards.
#include "tests/kiosk/core/session/session_rig.hpp"

#include <functional>

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

namespace {
struct ScreenSetup {
    const char* name;
    std::function<void(SessionRig&)> reach;
};
const std::vector<ScreenSetup>& idle_screens() {
    static const std::vector<ScreenSetup> screens = {
        {"identify",
         [](SessionRig& rig) {
             rig.send(StartPressed{});
             rig.type("3174");
         }},
        {"fingerprint",
         [](SessionRig& rig) {
             rig.submit_nik(kKnownNik);
             rig.answer_lookup(record_with(CardStatus::printed));
             rig.send(FingerprintProgress{rig.pending(), FingerStage::waiting_for_finger});
         }},
        {"status", [](SessionRig& rig) { rig.reach_status(record_with(CardStatus::printed)); }},
    };
    return screens;
}
}  // namespace

TEST_CASE("every screen warns before the idle timeout, counts down, and then wipes back to attract") {
    SessionConfig config;
    config.finger_capture_timeout = 120s;  // the sensor would wait longer than the resident
    for (const auto& s : idle_screens()) {
        CAPTURE(s.name);
        SessionRig rig(config);
        s.reach(rig);
        const auto screen_index = rig.view().screen.index();
        rig.advance(config.idle_warning_after - 1ms);
        CHECK_FALSE(rig.view().idle_warning.has_value());
        rig.advance(1ms);
        REQUIRE(rig.view().idle_warning.has_value());
        const auto warning_s = std::chrono::duration_cast<std::chrono::seconds>(config.idle_timeout_after -
                                                                                config.idle_warning_after);
        CHECK(warning_s >= 20s);  // EN 301 549: at least 20 s to ask for more time
        CHECK(rig.view().idle_warning->seconds_left == warning_s.count());
        CHECK(rig.view().screen.index() == screen_index);  // an overlay: the screen stays
        rig.advance(warning_s - 1s);
        CHECK(rig.view().idle_warning->seconds_left == 1);
        const auto& out = rig.advance(1s);
        CHECK(find_command<WipeSession>(out) != nullptr);
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
        CHECK_FALSE(rig.view().idle_warning.has_value());
        if (std::string_view(s.name) == "fingerprint") CHECK(find_command<CancelFingerprint>(out) != nullptr);
    }
}

TEST_CASE("more time extends the session at least 10 times (and without a cap) on every screen") {
    SessionConfig config;
    config.finger_capture_timeout = 3600s;
    for (const auto& s : idle_screens()) {
        CAPTURE(s.name);
        SessionRig rig(config);
        s.reach(rig);
        const auto screen_index = rig.view().screen.index();
        for (int extension = 0; extension < 25; ++extension) {
            CAPTURE(extension);
            rig.advance(config.idle_timeout_after - 1s);  // the warning's last second
            REQUIRE(rig.view().idle_warning.has_value());
            REQUIRE(rig.view().idle_warning->seconds_left == 1);
            rig.send(MoreTime{});
            REQUIRE_FALSE(rig.view().idle_warning.has_value());
            REQUIRE(rig.view().screen.index() == screen_index);
        }
        const auto& out = rig.advance(config.idle_timeout_after);  // no answer: it ends
        CHECK(find_command<WipeSession>(out) != nullptr);
    }
}

TEST_CASE("more time, or any input, during the warning resets the idle timer on every screen") {
    SessionConfig config;
    config.finger_capture_timeout = 3600s;  // longer than the three idle periods below
    for (const auto& s : idle_screens()) {
        CAPTURE(s.name);
        SessionRig rig(config);
        s.reach(rig);
        rig.advance(config.idle_warning_after + 5s);
        REQUIRE(rig.view().idle_warning.has_value());
        rig.send(MoreTime{});
        CHECK_FALSE(rig.view().idle_warning.has_value());
        rig.advance(config.idle_timeout_after - 1s);
        CHECK(rig.view().idle_warning.has_value());
        rig.send(LanguageSelected{Language::en});  // any input counts as presence
        rig.advance(config.idle_timeout_after - 1s);
        CHECK(rig.machine.phase() != Phase::attract);
        rig.advance(1s);
        CHECK(rig.machine.phase() == Phase::attract);
    }
}

TEST_CASE("the attract and out-of-service screens have no idle timer; messages end on their own") {
    SessionRig rig;
    rig.advance(10min);
    CHECK_FALSE(rig.view().idle_warning.has_value());
    CHECK(rig.last.empty());
    rig.submit_nik(kKnownNik);
    rig.send(LookupFailed{rig.pending()});
    rig.advance(rig.config.message_display - 1ms);
    CHECK(rig.machine.phase() == Phase::message);
    rig.advance(1ms);
    CHECK(rig.machine.phase() == Phase::attract);
}

TEST_CASE("every waiting state has a deadline: a missing answer leads somewhere safe and back to attract") {
    const SessionConfig config;
    struct Wait {
        const char* name;
        std::function<void(SessionRig&)> reach;
        Millis deadline;
        MessageKind message;
    };
    const std::vector<Wait> waits = {
        {"lookup", [](SessionRig& rig) { rig.submit_nik(kKnownNik); }, config.lookup_timeout,
         MessageKind::service_error},
        {"fingerprint",
         [](SessionRig& rig) {
             rig.submit_nik(kKnownNik);
             rig.answer_lookup(record_with(CardStatus::printed));
         },
         config.finger_capture_timeout + config.answer_grace, MessageKind::fingerprint_unavailable},
        {"journal",
         [](SessionRig& rig) {
             rig.reach_status(record_with(CardStatus::in_kiosk, 2));
             rig.send(PickupPressed{});
         },
         config.journal_timeout, MessageKind::go_to_counter},
        {"fetch",
         [](SessionRig& rig) {
             rig.reach_status(record_with(CardStatus::in_kiosk, 2));
             rig.send(PickupPressed{});
             rig.send(PickupIntentJournaled{rig.pending(), true});
         },
         config.fetch_timeout, MessageKind::go_to_counter},
        {"chip",
         [](SessionRig& rig) {
             rig.reach_status(record_with(CardStatus::in_kiosk, 2));
             rig.send(PickupPressed{});
             rig.send(PickupIntentJournaled{rig.pending(), true});
             rig.send(SlotFetched{rig.pending(), DispenserOutcome::ok});
         },
         config.chip_read_timeout, MessageKind::go_to_counter},
        {"journal presenting", [](SessionRig& rig) { rig.reach_chip_verified(); }, config.journal_timeout,
         MessageKind::go_to_counter},
        {"take", [](SessionRig& rig) { rig.reach_presented(); }, config.take_timeout + config.answer_grace,
         MessageKind::go_to_counter},
    };
    for (const auto& w : waits) {
        CAPTURE(w.name);
        SessionRig rig(config);
        w.reach(rig);
        const RequestId waited_on = rig.pending();
        rig.advance(w.deadline - 1ms);
        CHECK(rig.machine.pending_request() == waited_on);
        rig.advance(1ms);
        // Pickup steps after the dispenser moved capture first; the capture itself has a deadline.
        if (find_command<CaptureCard>(rig.last)) {
            CHECK(find_command<AlertOperator>(rig.last) != nullptr);
            rig.advance(config.capture_timeout);
            CHECK(find_command<AlertOperator>(rig.last)->reason == AlertReason::dispenser_silent);
        }
        CHECK(rig.screen<MessageScreen>().kind == w.message);
        CHECK_FALSE(rig.machine.pending_request().has_value());
        rig.advance(config.message_display);
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
        CHECK(find_command<WipeSession>(rig.last) != nullptr);
    }
}

TEST_CASE("stale answers are ignored: after cancel, after a timeout, from an earlier attempt or session") {
    SUBCASE("a fingerprint result after cancel") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        rig.answer_lookup(record_with(CardStatus::printed));
        const RequestId old = rig.pending();
        rig.send(Cancel{});
        rig.send(StartPressed{});
        CHECK(rig.send(FingerprintResult{old, FingerOutcome::matched, 200}).empty());
        CHECK(std::holds_alternative<IdentifyScreen>(rig.view().screen));
    }
    SUBCASE("a match for an earlier attempt in the same session") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        rig.answer_lookup(record_with(CardStatus::printed));
        const RequestId first = rig.pending();
        rig.finger(FingerOutcome::poor_image);
        CHECK(rig.send(FingerprintResult{first, FingerOutcome::matched, 200}).empty());
        CHECK(rig.send(FingerprintProgress{first, FingerStage::matching}).empty());
        CHECK(rig.screen<FingerprintScreen>().stage == FingerStage::preparing);
        CHECK(rig.machine.phase() == Phase::fingerprint);
    }
    SUBCASE("a lookup answer for the previous session") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        const RequestId old = rig.pending();
        rig.send(Cancel{});
        rig.submit_nik(kUnknownNik);
        CHECK(rig.send(RecordLookedUp{old, record_with(CardStatus::printed)}).empty());
        CHECK(rig.screen<FingerprintScreen>().stage == FingerStage::preparing);
        CHECK(rig.send(LookupFailed{old}).empty());
    }
    SUBCASE("a dispenser answer after its deadline passed") {
        SessionRig rig;
        rig.reach_status(record_with(CardStatus::in_kiosk, 2));
        rig.send(PickupPressed{});
        rig.send(PickupIntentJournaled{rig.pending(), true});
        const RequestId fetch = rig.pending();
        rig.advance(rig.config.fetch_timeout);
        CHECK(rig.send(SlotFetched{fetch, DispenserOutcome::ok}).empty());
        CHECK(rig.screen<PickupScreen>().phase == PickupPhase::securing_card);
        CHECK(rig.send(CardPresentResult{fetch, TakeOutcome::taken}).empty());
        CHECK(rig.send(ChipReadAtReadPosition{fetch, AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}}).empty());
    }
    SUBCASE("answers of the wrong kind for the pending id") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        const RequestId lookup = rig.pending();
        CHECK(rig.send(FingerprintResult{lookup, FingerOutcome::matched, 200}).empty());
        CHECK(rig.send(CardPresentResult{lookup, TakeOutcome::taken}).empty());
        CHECK(rig.machine.phase() == Phase::looking_up);
    }
}

TEST_CASE("a clock set back does not run timers backwards") {
    SessionRig rig;
    rig.send(StartPressed{});
    rig.advance(rig.config.idle_warning_after);
    rig.now -= 1h;
    rig.send(Tick{});
    REQUIRE(rig.view().idle_warning.has_value());
    rig.now += 1h;
    rig.advance(rig.config.idle_timeout_after - rig.config.idle_warning_after);
    CHECK(rig.machine.phase() == Phase::attract);
}
