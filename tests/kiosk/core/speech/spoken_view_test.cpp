#include "kiosk/core/speech/spoken_view.hpp"

#include <doctest/doctest.h>

using namespace kiosk::core;
using namespace kiosk::core::speech;
namespace s = kiosk::core::session;

namespace {

s::SessionView view_of(s::Screen screen, Language l = Language::id) {
    s::SessionView v;
    v.screen = std::move(screen);
    v.language = l;
    return v;
}

s::StatusScreen own_status() {
    s::StatusScreen st;
    st.nik_grouped = "1403 1215 0501 0001";
    st.status = CardStatus::in_kiosk;
    st.facts.name = "Siti Aminah";
    return st;
}

bool has_digit_run(const std::string& text) {
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] >= '0' && text[i] <= '9' && text[i - 1] >= '0' && text[i - 1] <= '9') return true;
    }
    return false;
}

}  // namespace

TEST_CASE("digits are spoken one by one, separators dropped") {
    CHECK(spoken_digits("1403 1215 05") == "1 4 0 3 1 2 1 5 0 5");
    CHECK(spoken_digits("") == "");
    CHECK(spoken_digits("1403 •••• •••• 0001") == "1 4 0 3 0 0 0 1");
}

TEST_CASE("every screen kind has a prompt in both languages, and they differ") {
    const s::Screen screens[] = {s::AttractScreen{}, s::IdentifyScreen{}, s::FingerprintScreen{}, own_status(),
                                 s::PickupScreen{},  s::MessageScreen{},  s::OutOfServiceScreen{}};
    for (const auto& screen : screens) {
        const Utterance id = prompt_for(view_of(screen, Language::id));
        const Utterance en = prompt_for(view_of(screen, Language::en));
        CHECK(!id.text.empty());
        CHECK(id.language == Language::id);
        CHECK(en.language == Language::en);
        CHECK(id.text != en.text);
    }
}

TEST_CASE("a screen change speaks the new screen's prompt; a change of nothing audible says nothing") {
    const auto attract = view_of(s::AttractScreen{});
    const auto identify = view_of(s::IdentifyScreen{});
    CHECK(utterance_for(std::nullopt, attract) == prompt_for(attract));
    CHECK(utterance_for(attract, identify) == prompt_for(identify));
    CHECK_FALSE(utterance_for(identify, identify).has_value());
    s::PickupScreen take{s::PickupPhase::take_card, s::Millis{9000}};
    s::PickupScreen take_later{s::PickupPhase::take_card, s::Millis{8000}};
    CHECK_FALSE(utterance_for(view_of(take), view_of(take_later)).has_value());  // the countdown alone
}

TEST_CASE("a language switch speaks the prompt again in the new language") {
    const auto u = utterance_for(view_of(s::AttractScreen{}, Language::id), view_of(s::AttractScreen{}, Language::en));
    REQUIRE(u);
    CHECK(u->language == Language::en);
    CHECK(u->text.find("Touch") != std::string::npos);
}

TEST_CASE("typing: the newest digit is personal, its public form is the neutral count") {
    s::IdentifyScreen was;
    was.typed_grouped = "1403 121";
    was.digit_count = 7;
    s::IdentifyScreen now = was;
    now.typed_grouped = "1403 1215";
    now.digit_count = 8;
    const auto u = utterance_for(view_of(was), view_of(now));
    REQUIRE(u);
    CHECK(u->text == "5");
    CHECK(u->privacy == PrivacyClass::personal);
    CHECK(audible_text(*u, HeadsetFitted::no) == "8 dari 16 digit");
    CHECK(audible_text(*u, HeadsetFitted::yes) == "5");
}

TEST_CASE("errors on the identify screen are spoken") {
    s::IdentifyScreen was;
    s::IdentifyScreen short_now = was;
    short_now.too_short = true;
    const auto u = utterance_for(view_of(was), view_of(short_now, Language::id));
    REQUIRE(u);
    CHECK(u->text.find("enam belas") != std::string::npos);
    s::IdentifyScreen refused = was;
    refused.tap_refused = s::ChipRefusal::unreadable;
    CHECK(utterance_for(view_of(was), view_of(refused)).has_value());
}

TEST_CASE("fingerprint: a failed try is spoken as such") {
    s::FingerprintScreen waiting;
    waiting.stage = s::FingerStage::waiting_for_finger;
    s::FingerprintScreen failed = waiting;
    failed.last_attempt = s::FingerOutcome::no_match;
    const auto u = utterance_for(view_of(waiting, Language::en), view_of(failed, Language::en));
    REQUIRE(u);
    CHECK(u->text.find("did not match") != std::string::npos);
}

TEST_CASE("privacy: the unmasked NIK or a name never reaches the loudspeaker") {
    for (Language l : kAllLanguages) {
        const Utterance u = prompt_for(view_of(own_status(), l));
        CHECK(u.privacy == PrivacyClass::personal);
        CHECK(u.text.find("1 4 0 3 1 2 1 5 0 5 0 1 0 0 0 1") != std::string::npos);  // the headset hears it
        const std::string& loud = audible_text(u, HeadsetFitted::no);
        CHECK(loud.find("1 4 0 3") == std::string::npos);
        CHECK(loud.find("Siti") == std::string::npos);
        CHECK_FALSE(has_digit_run(loud));
        CHECK(!loud.empty());
        CHECK(audible_text(u, HeadsetFitted::yes) == u.text);
    }
}

TEST_CASE("privacy: every non-personal utterance of every screen is free of NIK digits") {
    s::IdentifyScreen typed;
    typed.typed_grouped = "1403 1215 0501 0001";
    typed.digit_count = 16;
    s::FingerprintScreen finger;
    finger.nik_masked = "1403 •••• •••• 0001";
    const s::Screen screens[] = {s::AttractScreen{}, typed, finger, s::PickupScreen{}, s::MessageScreen{}};
    for (const auto& screen : screens) {
        const Utterance u = prompt_for(view_of(screen));
        CHECK(u.privacy != PrivacyClass::personal);
        CHECK(u.text.find("1 4 0 3") == std::string::npos);
        CHECK(u.text.find("0 0 0 1") == std::string::npos);
    }
}

TEST_CASE("the session ends when the view returns to attract from another screen") {
    const auto attract = view_of(s::AttractScreen{});
    CHECK(session_ended(view_of(s::MessageScreen{}), attract));
    CHECK_FALSE(session_ended(attract, attract));
    CHECK_FALSE(session_ended(std::nullopt, attract));
    CHECK_FALSE(session_ended(attract, view_of(s::IdentifyScreen{})));
}
