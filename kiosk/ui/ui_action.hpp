// UiAction: the small set of things a resident can ask of a screen, whatever the input device.
// Intent: what a screen asks of the application in return (the session state machine consumes
// these). Pure.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/ui/language.hpp"

#include <optional>

namespace kiosk::ui {

enum class UiActionKind {
    digit,         // a keypad or keyboard digit; `digit` holds '0'-'9'
    backspace,     // remove the last digit
    clear,         // remove every digit
    submit,        // OK / Lanjut / Enter
    cancel,        // Kembali / Escape
    start,         // touch anywhere on the attract screen
    set_language,  // the language toggle; `language` holds the choice
    more_time,     // "Tambah waktu" on the idle warning
};

struct UiAction {
    UiActionKind kind = UiActionKind::submit;
    char digit = 0;
    Language language = Language::id;

    static UiAction of(UiActionKind kind) { return {kind, 0, Language::id}; }
    static UiAction digit_key(char d) { return {UiActionKind::digit, d, Language::id}; }
    static UiAction language_choice(Language l) { return {UiActionKind::set_language, 0, l}; }
    friend bool operator==(const UiAction&, const UiAction&) = default;
};

enum class IntentKind {
    start_session,  // leave the attract screen
    submit_nik,     // `nik` holds the 16 digits typed (plausible or not)
    cancel,         // go back / end the session
    set_language,   // `language` holds the resident's choice
    more_time,      // the resident asked for more time
};

struct Intent {
    IntentKind kind = IntentKind::cancel;
    std::optional<core::Nik> nik;
    Language language = Language::id;
    friend bool operator==(const Intent&, const Intent&) = default;
};

}  // namespace kiosk::ui
