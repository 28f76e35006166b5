// The resident's flow: identify (keypad and tap), lookup, fingerprint, status, language, cancel/back.
#include "tests/kiosk/core/session/session_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

TEST_CASE("status only: keypad NIK, finger matches, status with facts and the NIK unmasked, then finish") {
    SessionRig rig;
    CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
    CHECK_FALSE(rig.view().cancel_available);
    rig.send(StartPressed{});
    rig.type("3174 0557");  // the space is ignored: only digits count
    auto identify = rig.screen<IdentifyScreen>();
    CHECK(identify.typed_grouped == "3174 0557");
    CHECK(identify.digit_count == 8);
    CHECK(identify.tap_available);

    const auto& lookup = rig.submit_nik("08900001");  // StartPressed is a no-op outside attract
    CHECK(lookup.nik.digits() == kKnownNik);
    auto waiting = rig.screen<FingerprintScreen>();
    CHECK(waiting.nik_masked == nik_of(kKnownNik).masked());
    CHECK(waiting.stage == FingerStage::preparing);
    CHECK(waiting.tries_left == 3);

    Record record = record_with(CardStatus::print_ready_record);
    record.facts.queue_position = 812;
    record.facts.office_blank_stock = 0;
    record.facts.priority = Priority::first_card;
    auto verify = rig.answer_lookup(record);
    CHECK(verify.templates == record.templates);
    CHECK(verify.finger_timeout == rig.config.finger_capture_timeout);
    rig.send(FingerprintProgress{verify.request, FingerStage::finger_seen});
    CHECK(rig.screen<FingerprintScreen>().stage == FingerStage::finger_seen);
    const auto& out = rig.finger(FingerOutcome::matched, 150);
    CHECK(find_command<PersistLockBook>(out) != nullptr);

    auto status = rig.screen<StatusScreen>();
    CHECK(status.nik_grouped == "3174 0557 0890 0001");
    CHECK(status.status == CardStatus::print_ready_record);
    CHECK(status.facts == record.facts);
    CHECK_FALSE(status.pickup_offered);
    // Pickup is refused for a card that is not in the kiosk.
    CHECK(rig.send(PickupPressed{}).empty());
    CHECK(rig.machine.phase() == Phase::status);

    CHECK(find_command<WipeSession>(rig.send(Back{})) != nullptr);
    CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
}

TEST_CASE("a digit on the attract screen starts a session with that digit") {
    SessionRig rig;
    rig.send(KeypadDigit{'3'});
    CHECK(rig.screen<IdentifyScreen>().typed_grouped == "3");
}

TEST_CASE("keypad editing: backspace, clear, too short, and a plausibility warning confirmed past") {
    SessionRig rig;
    rig.send(StartPressed{});
    rig.type("317405570890000");
    rig.send(KeypadSubmit{});
    CHECK(rig.screen<IdentifyScreen>().too_short);
    CHECK(rig.last.empty());
    rig.send(KeypadDigit{'1'});
    CHECK_FALSE(rig.screen<IdentifyScreen>().too_short);
    rig.send(KeypadBackspace{});
    CHECK(rig.screen<IdentifyScreen>().digit_count == 15);
    rig.send(KeypadClear{});
    CHECK(rig.screen<IdentifyScreen>().digit_count == 0);

    rig.type("3174053002900001");  // 30 February: implausible, yet a NIK
    auto warned = rig.screen<IdentifyScreen>();
    CHECK(warned.hint == NikProblem::day_not_in_month);
    rig.send(KeypadSubmit{});
    CHECK(rig.screen<IdentifyScreen>().confirm_needed);
    CHECK(rig.last.empty());
    rig.send(KeypadSubmit{});
    const auto* lookup = find_command<LookupRecord>(rig.last);
    REQUIRE(lookup != nullptr);
    CHECK(lookup->nik.digits() == "3174053002900001");
}

TEST_CASE("editing after a warning asks for confirmation again") {
    SessionRig rig;
    rig.send(StartPressed{});
    rig.type("3174053002900001");
    rig.send(KeypadSubmit{});
    rig.send(KeypadBackspace{});
    rig.send(KeypadDigit{'2'});
    CHECK_FALSE(rig.screen<IdentifyScreen>().confirm_needed);
    rig.send(KeypadSubmit{});
    CHECK(rig.screen<IdentifyScreen>().confirm_needed);
}

TEST_CASE("a tapped card that authenticated identifies the resident; the finger is still required") {
    SessionRig rig;
    rig.send(CardTapped{AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    const auto* lookup = find_command<LookupRecord>(rig.last);
    REQUIRE(lookup != nullptr);
    CHECK(lookup->nik.digits() == kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    CHECK(std::holds_alternative<FingerprintScreen>(rig.view().screen));
    rig.finger(FingerOutcome::matched, 99);
    CHECK(rig.screen<StatusScreen>().status == CardStatus::printed);
}

TEST_CASE("a refused tap never identifies anyone and says why") {
    for (ChipRefusal refusal : {ChipRefusal::unreadable, ChipRefusal::removed, ChipRefusal::not_our_application,
                                ChipRefusal::forged, ChipRefusal::cloned}) {
        CAPTURE(static_cast<int>(refusal));
        SessionRig rig;
        rig.send(CardTapped{std::nullopt, refusal});
        CHECK(rig.last.empty());
        CHECK(rig.screen<IdentifyScreen>().tap_refused == refusal);
        rig.send(KeypadDigit{'3'});
        CHECK_FALSE(rig.screen<IdentifyScreen>().tap_refused.has_value());
    }
}

TEST_CASE("wrong, missing and poor fingers use tries; the screen says what happened and how many are left") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::poor_image);
    CHECK(find_command<VerifyFingerprint>(rig.last) != nullptr);
    auto fp = rig.screen<FingerprintScreen>();
    CHECK(fp.tries_left == 2);
    CHECK(fp.last_attempt == FingerOutcome::poor_image);
    rig.finger(FingerOutcome::no_finger);
    CHECK(rig.screen<FingerprintScreen>().tries_left == 1);
    rig.finger(FingerOutcome::matched, 200);
    CHECK(rig.machine.phase() == Phase::status);
}

TEST_CASE("a match below the score floor is a mismatch") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::matched, rig.config.match_score_min - 1);
    CHECK(rig.screen<FingerprintScreen>().last_attempt == FingerOutcome::no_match);
}

TEST_CASE("three wrong fingers end the session: message, then wiped back to attract") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::no_match);
    rig.finger(FingerOutcome::no_match);
    rig.finger(FingerOutcome::no_match);
    CHECK(find_command<VerifyFingerprint>(rig.last) == nullptr);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::fingerprint_not_verified);
    CHECK(rig.machine.pending_request() == std::nullopt);
    rig.advance(rig.config.message_display);
    CHECK(find_command<WipeSession>(rig.last) != nullptr);
    CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
}

TEST_CASE("the fingerprint sensor failing mid-session ends it with its own message") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::device_error);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::fingerprint_unavailable);
}

TEST_CASE("a store that cannot answer the lookup ends the session") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    rig.send(LookupFailed{rig.pending()});
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::service_error);
}

TEST_CASE("language switches at any step and never loses progress; a new session starts in Indonesian") {
    SessionRig rig;
    rig.send(LanguageSelected{Language::en});
    CHECK(rig.view().language == Language::en);
    rig.send(StartPressed{});
    rig.type("31740557");
    rig.send(LanguageSelected{Language::id});
    rig.send(LanguageSelected{Language::en});
    CHECK(rig.screen<IdentifyScreen>().typed_grouped == "3174 0557");
    rig.type("08900001");
    rig.send(KeypadSubmit{});
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::no_match);
    const auto before = rig.view();
    rig.send(LanguageSelected{Language::id});
    const auto after = rig.view();
    CHECK(after.language == Language::id);
    CHECK(after.screen == before.screen);
    rig.finger(FingerOutcome::matched, 120);
    rig.send(LanguageSelected{Language::en});
    CHECK(rig.screen<StatusScreen>().status == CardStatus::printed);
    rig.send(Cancel{});
    CHECK(rig.view().language == Language::id);
}

TEST_CASE("cancel at every step returns to attract with the session wiped; the sensor is told to stop") {
    SUBCASE("identify") {
        SessionRig rig;
        rig.send(StartPressed{});
        rig.type("3174");
        CHECK(find_command<WipeSession>(rig.send(Cancel{})) != nullptr);
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
        rig.send(StartPressed{});
        CHECK(rig.screen<IdentifyScreen>().digit_count == 0);
    }
    SUBCASE("lookup") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        CHECK(find_command<WipeSession>(rig.send(Cancel{})) != nullptr);
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
    }
    SUBCASE("fingerprint") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        rig.answer_lookup(record_with(CardStatus::printed));
        const RequestId finger = rig.pending();
        const auto& out = rig.send(Cancel{});
        const auto* stop = find_command<CancelFingerprint>(out);
        REQUIRE(stop != nullptr);
        CHECK(stop->request == finger);
        CHECK(find_command<WipeSession>(out) != nullptr);
    }
    SUBCASE("status") {
        SessionRig rig;
        rig.reach_status(record_with(CardStatus::printed));
        CHECK(find_command<WipeSession>(rig.send(Cancel{})) != nullptr);
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
    }
    SUBCASE("message") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        rig.send(LookupFailed{rig.pending()});
        CHECK(find_command<WipeSession>(rig.send(Cancel{})) != nullptr);
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
    }
}

TEST_CASE("back from the fingerprint returns to the keypad with the digits, but the tries stay used") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::no_match);
    rig.finger(FingerOutcome::no_match);
    CHECK(find_command<CancelFingerprint>(rig.send(Back{})) != nullptr);
    CHECK(rig.screen<IdentifyScreen>().typed_grouped == "3174 0557 0890 0001");
    rig.send(KeypadSubmit{});
    rig.answer_lookup(record_with(CardStatus::printed));
    CHECK(rig.screen<FingerprintScreen>().tries_left == 1);
    rig.finger(FingerOutcome::no_match);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::fingerprint_not_verified);
}
