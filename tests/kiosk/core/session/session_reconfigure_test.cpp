// SessionMachine::reconfigure: a live configuration change between sessions.
#include "tests/kiosk/core/session/session_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

TEST_CASE("new idle limits apply to the next session") {
    SessionRig rig;
    SessionConfig longer = rig.config;
    longer.idle_warning_after = 100s;
    longer.idle_timeout_after = 120s;
    rig.machine.reconfigure(longer);

    rig.send(StartPressed{});
    rig.advance(rig.config.idle_timeout_after);  // the old limit passes: the session goes on
    CHECK(rig.machine.phase() == Phase::identify);
    CHECK_FALSE(rig.view().idle_warning.has_value());
    rig.advance(100s - rig.config.idle_timeout_after);
    REQUIRE(rig.view().idle_warning.has_value());
    CHECK(rig.view().idle_warning->seconds_left == 20);
    const auto out = rig.advance(20s);
    CHECK(find_command<WipeSession>(out) != nullptr);
    CHECK(rig.machine.phase() == Phase::attract);
}

TEST_CASE("a new take timeout is what the next PresentCard asks the dispenser for") {
    SessionRig rig;
    SessionConfig config = rig.config;
    config.take_timeout = 45s;
    rig.machine.reconfigure(config);
    CHECK(rig.reach_presented().take_timeout == 45s);
}

TEST_CASE("the default language: at once on the attract screen, unless the resident chose another") {
    SessionRig rig;
    REQUIRE(rig.machine.language() == Language::id);
    SessionConfig english = rig.config;
    english.default_language = Language::en;
    rig.machine.reconfigure(english);
    CHECK(rig.machine.language() == Language::en);
    // Every session ends in it, whatever the resident switched to.
    rig.send(StartPressed{});
    rig.send(LanguageSelected{Language::id});
    rig.send(Cancel{});
    CHECK(rig.machine.phase() == Phase::attract);
    CHECK(rig.machine.language() == Language::en);

    SessionRig resident;
    resident.send(LanguageSelected{Language::en});  // chosen at the attract screen; the default is id
    SessionConfig timeouts_only = resident.config;
    timeouts_only.idle_timeout_after = 90s;
    resident.machine.reconfigure(timeouts_only);
    CHECK(resident.machine.language() == Language::en);
}

TEST_CASE("the lock book keeps the policy it was built with") {
    SessionConfig config;
    config.lock.failures_to_lock = 1;
    SessionRig rig(config);
    SessionConfig lenient = config;
    lenient.lock.failures_to_lock = 50;
    rig.machine.reconfigure(lenient);
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::no_match);
    // One failure locks the NIK (the policy of 1), whatever the new configuration says.
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::nik_locked);
}
