// No enumeration oracle: until a finger matches, a known NIK and an unknown NIK must look the same to
// the resident. Each test drives both through the same events (the store answering with the record,
// or with nothing) and compares every view the resident could see, and the shape of the commands.
#include "tests/kiosk/core/session/session_rig.hpp"

#include <functional>

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

namespace {

// One step of a script: an event built from the rig (so it can echo the pending request).
using Step = std::function<Event(SessionRig&)>;

struct Trace {
    std::vector<SessionView> views;
    std::vector<std::vector<std::size_t>> command_kinds;
};

// The digits typed differ between the two runs: they are the resident's own input, shown back to
// them on the keypad. Everything else on every screen must be equal.
SessionView without_typed_digits(SessionView view) {
    if (auto* identify = std::get_if<IdentifyScreen>(&view.screen)) identify->typed_grouped.clear();
    return view;
}

Trace run(SessionRig& rig, const std::vector<Step>& script) {
    Trace trace;
    for (const auto& step : script) {
        const Event e = step(rig);
        rig.send(e);
        trace.views.push_back(without_typed_digits(rig.view()));
        std::vector<std::size_t> kinds;
        for (const auto& c : rig.last) kinds.push_back(c.index());
        trace.command_kinds.push_back(kinds);
    }
    return trace;
}

Step ev(Event e) {
    return [e](SessionRig&) { return e; };
}
Step typed_nik_submitted(std::string_view digits, std::vector<Step>& script) {
    script.push_back(ev(StartPressed{}));
    for (char d : digits) script.push_back(ev(KeypadDigit{d}));
    return ev(KeypadSubmit{});
}
// The store's answer: the only step that differs between the two runs.
Step lookup_answer(bool known) {
    return [known](SessionRig& rig) -> Event {
        const auto pending = rig.machine.pending_request();
        return RecordLookedUp{pending.value_or(0),
                              known ? std::optional(record_with(CardStatus::in_kiosk, 3)) : std::nullopt};
    };
}
Step progress(FingerStage stage) {
    return [stage](SessionRig& rig) -> Event {
        return FingerprintProgress{rig.machine.pending_request().value_or(0), stage};
    };
}
// What the sensor reports: for the unknown NIK it had no template, so a finger is "no match".
Step finger(FingerOutcome outcome) {
    return [outcome](SessionRig& rig) -> Event {
        return FingerprintResult{rig.machine.pending_request().value_or(0), outcome, 0};
    };
}
Step tick(Millis by) {
    return [by](SessionRig& rig) -> Event {
        rig.now += by;
        return Tick{};
    };
}

// The same script for a known NIK (whose record exists) and an unknown one. The digits differ only
// in what the resident typed; the masked NIK on screen is built from what they typed, so both runs
// use NIKs with the same region and serial to make the screens byte-identical.
constexpr std::string_view kKnown = "3174055708900001";
constexpr std::string_view kUnknown = "3174051203850001";

std::vector<Step> session_script(std::string_view nik, bool known, const std::vector<Step>& after_lookup) {
    std::vector<Step> script;
    script.push_back(typed_nik_submitted(nik, script));
    script.push_back(lookup_answer(known));
    script.insert(script.end(), after_lookup.begin(), after_lookup.end());
    return script;
}

void check_identical(const std::vector<Step>& after_lookup, SessionConfig config = {}) {
    SessionRig known_rig(config);
    SessionRig unknown_rig(config);
    const Trace known = run(known_rig, session_script(kKnown, true, after_lookup));
    const Trace unknown = run(unknown_rig, session_script(kUnknown, false, after_lookup));
    REQUIRE(known.views.size() == unknown.views.size());
    for (std::size_t i = 0; i < known.views.size(); ++i) {
        CAPTURE(i);
        CHECK(known.views[i] == unknown.views[i]);
        CHECK(known.command_kinds[i] == unknown.command_kinds[i]);
    }
    CHECK(known_rig.machine.phase() == unknown_rig.machine.phase());
}

}  // namespace

TEST_CASE("masks of the two oracle NIKs are equal, so screens can be compared byte for byte") {
    CHECK(nik_of(kKnown).masked() == nik_of(kUnknown).masked());
}

TEST_CASE("three wrong fingers: a known and an unknown NIK see the same screens, prompts and ending") {
    std::vector<Step> fingers;
    for (int i = 0; i < 3; ++i) {
        fingers.push_back(progress(FingerStage::waiting_for_finger));
        fingers.push_back(progress(FingerStage::finger_seen));
        fingers.push_back(progress(FingerStage::matching));
        fingers.push_back(finger(FingerOutcome::no_match));
    }
    fingers.push_back(tick(SessionConfig{}.message_display));
    check_identical(fingers);

    SessionRig rig;
    run(rig, session_script(kUnknown, false, fingers));
    CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
}

TEST_CASE("mixed failures (poor image, no finger, no match) look the same") {
    check_identical({finger(FingerOutcome::poor_image), finger(FingerOutcome::no_finger),
                     finger(FingerOutcome::no_match), tick(1s)});
}

TEST_CASE("idle timeout, back and cancel during the fingerprint look the same") {
    check_identical({progress(FingerStage::waiting_for_finger), tick(SessionConfig{}.idle_warning_after),
                     ev(MoreTime{}), finger(FingerOutcome::no_match), ev(Back{}), ev(KeypadSubmit{})});
    check_identical({finger(FingerOutcome::no_match), ev(Cancel{})});
    check_identical({tick(SessionConfig{}.idle_timeout_after)});
    check_identical({tick(SessionConfig{}.finger_capture_timeout + SessionConfig{}.answer_grace)});
}

TEST_CASE("a known NIK with no enrolled finger is treated like an unknown one") {
    SessionRig rig;
    rig.submit_nik(kKnownNik);
    Record no_fingers = record_with(CardStatus::printed);
    no_fingers.templates.clear();
    auto verify = rig.answer_lookup(no_fingers);
    CHECK(verify.templates.empty());
    // Even a driver that wrongly reported a match for an unknown NIK reveals nothing.
    SessionRig unknown;
    unknown.submit_nik(kUnknownNik);
    CHECK(unknown.answer_lookup(std::nullopt).templates.empty());
    unknown.finger(FingerOutcome::matched, 255);
    CHECK(unknown.screen<FingerprintScreen>().last_attempt == FingerOutcome::no_match);
}

TEST_CASE("locking across sessions happens at the same point for a known and an unknown NIK") {
    SessionConfig config;
    config.lock.failures_to_lock = 5;
    const auto three_wrong = std::vector<Step>{finger(FingerOutcome::no_match), finger(FingerOutcome::no_match),
                                               finger(FingerOutcome::no_match), tick(config.message_display)};
    for (bool known : {true, false}) {
        CAPTURE(known);
        SessionRig rig(config);
        const std::string_view nik = known ? kKnown : kUnknown;
        run(rig, session_script(nik, known, three_wrong));
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
        // Second session: the fifth failure locks, mid-session, with the "locked" message.
        run(rig, session_script(nik, known, {finger(FingerOutcome::no_match)}));
        CHECK(rig.screen<FingerprintScreen>().tries_left == 2);
        run(rig, {finger(FingerOutcome::no_match)});
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::nik_locked);
        run(rig, {tick(config.message_display)});
        // Third session: locked at submit, before any lookup.
        std::vector<Step> third;
        third.push_back(typed_nik_submitted(nik, third));
        run(rig, third);
        CHECK(find_command<LookupRecord>(rig.last) == nullptr);
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::nik_locked);
        // Another NIK is not locked; the lock ends after its duration.
        run(rig, {tick(config.message_display)});
        rig.submit_nik(kOtherNik);
        rig.send(Cancel{});
        rig.now += config.lock.lock_duration;
        rig.submit_nik(nik);
    }
}

TEST_CASE("the locked message is the same screen for a known and an unknown NIK, mid-session and at submit") {
    SessionConfig config;
    config.lock.failures_to_lock = 2;
    SessionRig known_rig(config), unknown_rig(config);
    const std::vector<Step> two_wrong{finger(FingerOutcome::no_match), finger(FingerOutcome::no_match)};
    run(known_rig, session_script(kKnown, true, two_wrong));
    run(unknown_rig, session_script(kUnknown, false, two_wrong));
    CHECK(known_rig.screen<MessageScreen>().kind == MessageKind::nik_locked);
    CHECK(known_rig.view() == unknown_rig.view());
    known_rig.advance(config.message_display);
    unknown_rig.advance(config.message_display);
    known_rig.send(StartPressed{});
    unknown_rig.send(StartPressed{});
    known_rig.type(kKnown);
    unknown_rig.type(kUnknown);
    CHECK(known_rig.send(KeypadSubmit{}).empty());
    CHECK(unknown_rig.send(KeypadSubmit{}).empty());
    CHECK(known_rig.screen<MessageScreen>().kind == MessageKind::nik_locked);
    CHECK(known_rig.view() == unknown_rig.view());
}

TEST_CASE("a tapped card of a known and an unknown NIK look the same until the finger matches") {
    auto tap = [](std::string_view digits) {
        return ev(CardTapped{AuthenticatedChip{nik_of(digits), std::nullopt}, {}});
    };
    SessionRig known_rig, unknown_rig;
    const auto tail = std::vector<Step>{progress(FingerStage::finger_seen), finger(FingerOutcome::no_match),
                                        finger(FingerOutcome::poor_image), finger(FingerOutcome::no_match)};
    std::vector<Step> known_script{tap(kKnown), lookup_answer(true)};
    std::vector<Step> unknown_script{tap(kUnknown), lookup_answer(false)};
    known_script.insert(known_script.end(), tail.begin(), tail.end());
    unknown_script.insert(unknown_script.end(), tail.begin(), tail.end());
    const Trace known = run(known_rig, known_script);
    const Trace unknown = run(unknown_rig, unknown_script);
    CHECK(known.views == unknown.views);
    CHECK(known.command_kinds == unknown.command_kinds);
}

TEST_CASE("a lock survives a restart: the application saves the book and hands it back") {
    SessionConfig config;
    config.lock.failures_to_lock = 3;
    std::vector<NikLockBook::Entry> saved;
    Instant when;
    {
        SessionRig rig(config);
        rig.submit_nik(kKnownNik);
        rig.answer_lookup(record_with(CardStatus::printed));
        for (int i = 0; i < 3; ++i) {
            rig.finger(FingerOutcome::no_match);
            CHECK(find_command<PersistLockBook>(rig.last) != nullptr);
        }
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::nik_locked);
        saved = rig.machine.lock_book().entries();
        when = rig.now;
    }
    SessionRig restarted(config, {}, saved);
    restarted.now = when + 1min;
    restarted.send(StartPressed{});
    restarted.type(kKnownNik);
    CHECK(find_command<LookupRecord>(restarted.send(KeypadSubmit{})) == nullptr);
    CHECK(restarted.screen<MessageScreen>().kind == MessageKind::nik_locked);
}

TEST_CASE("a match clears the NIK's failures") {
    SessionConfig config;
    config.lock.failures_to_lock = 3;
    SessionRig rig(config);
    rig.submit_nik(kKnownNik);
    rig.answer_lookup(record_with(CardStatus::printed));
    rig.finger(FingerOutcome::no_match);
    rig.finger(FingerOutcome::no_match);
    rig.finger(FingerOutcome::matched, 120);
    CHECK(rig.machine.lock_book().size() == 0);
}
