// Audio guidance, the pure part: what the kiosk says when the session's view changes, and what of it
// may be said aloud. No audio, no synthesis, no clock: the app's speech driver renders the chosen text.
//
// Privacy contract: an utterance that carries a name or an unmasked NIK is PrivacyClass::personal and
// holds a neutral public_text beside it; audible_text() returns the personal text only when a headset
// is fitted, so such data never reaches the loudspeaker. The text of a personal utterance must never
// be logged (log the screen kind instead) nor cached beyond the session.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/core/session/session_view.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::core::speech {

enum class PrivacyClass { fixed_prompt, variable, personal };  // fixed_prompt: the same words every time: cacheable
enum class HeadsetFitted { no, yes };

struct Utterance {
    std::string text;  // what is said where privacy allows it
    Language language = Language::id;
    PrivacyClass privacy = PrivacyClass::fixed_prompt;
    std::string public_text;  // personal only: said instead of `text` through the loudspeaker
    friend bool operator==(const Utterance&, const Utterance&) = default;
};

// "1 4 0 3": every digit of `digits` on its own, separated by single spaces; other characters dropped.
[[nodiscard]] std::string spoken_digits(std::string_view digits);

// What to say when the view goes from `before` (nullopt: nothing shown yet) to `after`: the prompt of a
// new screen, or the state change or error within one (a typed digit, a failed finger, a refused card);
// nullopt when nothing a resident needs to hear changed (a countdown's seconds, for one).
[[nodiscard]] std::optional<Utterance> utterance_for(const std::optional<session::SessionView>& before,
                                                     const session::SessionView& after);

// The prompt of the view as it stands (the Help key's "say it again").
[[nodiscard]] Utterance prompt_for(const session::SessionView& view);

// The text that may be played given whether a headset is fitted (see the privacy contract).
[[nodiscard]] const std::string& audible_text(const Utterance& utterance, HeadsetFitted headset);

// Whether the view returned to the attract screen from a session: audio mode and volume reset there.
[[nodiscard]] bool session_ended(const std::optional<session::SessionView>& before, const session::SessionView& after);

}  // namespace kiosk::core::speech
