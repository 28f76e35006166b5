// UiAction: the small set of things a resident can ask of a screen, whatever the input device.
// Intent: what a screen asks of the application in return. SessionPresenter::to_event turns an
// intent into the session machine's event; demo intents drive the simulated devices instead. Pure.
#pragma once

#include "kiosk/core/language.hpp"

namespace kiosk::ui {

// The demo controls' buttons (kiosk --demo): they act on the simulated devices, never on the session.
// staff_card puts the demo staff card on the front reader, or takes it off when it is there;
// insert_printed_card feeds the next printed demo card into the dispenser's mouth (for loading).
enum class DemoIntent {
    place_right_finger,
    place_wrong_finger,
    lift_finger,
    tap_demo_card,
    tap_wrong_card,
    take_card,
    staff_card,
    insert_printed_card,
};

inline constexpr DemoIntent kAllDemoIntents[] = {
    DemoIntent::place_right_finger, DemoIntent::place_wrong_finger, DemoIntent::lift_finger,
    DemoIntent::tap_demo_card,      DemoIntent::tap_wrong_card,     DemoIntent::take_card,
    DemoIntent::staff_card,         DemoIntent::insert_printed_card};

enum class UiActionKind {
    digit,         // a keypad or keyboard digit; `digit` holds '0'-'9'
    backspace,     // remove the last digit
    clear,         // remove every digit
    submit,        // OK / Lanjut / Enter
    cancel,        // Escape, "Selesai" / Done, "Batal": end the session
    back,          // "Kembali" on the fingerprint screen: back to the keypad
    start,         // touch anywhere on the attract screen
    set_language,  // the language toggle; `language` holds the choice
    more_time,     // "Tambah waktu" on the idle warning
    pickup,        // "Ambil kartu" on the status screen
    demo,          // a button on the demo strip; `demo` says which
    toggle_demo,   // F12: show or hide the demo strip
};

struct UiAction {
    UiActionKind kind = UiActionKind::submit;
    char digit = 0;
    core::Language language = core::Language::id;
    DemoIntent demo = DemoIntent::place_right_finger;

    static UiAction of(UiActionKind kind) { return {kind, 0, core::Language::id, DemoIntent::place_right_finger}; }
    static UiAction digit_key(char d) { return {UiActionKind::digit, d, core::Language::id, DemoIntent::place_right_finger}; }
    static UiAction language_choice(core::Language l) { return {UiActionKind::set_language, 0, l, DemoIntent::place_right_finger}; }
    static UiAction demo_button(DemoIntent d) { return {UiActionKind::demo, 0, core::Language::id, d}; }
    friend bool operator==(const UiAction&, const UiAction&) = default;
};

enum class IntentKind {
    start_session,     // leave the attract screen
    keypad_digit,      // `digit` holds '0'-'9'
    keypad_backspace,  // remove the last digit
    keypad_clear,      // remove every digit
    submit,            // "Lanjut": the machine checks the digits (16, plausible) and goes on
    cancel,            // end the session
    back,              // one step back (fingerprint -> keypad)
    set_language,      // `language` holds the resident's choice
    more_time,         // the resident asked for more time
    pickup,            // "Ambil kartu"
    demo,              // `demo` holds which demo control was pressed
};

struct Intent {
    IntentKind kind = IntentKind::cancel;
    char digit = 0;
    core::Language language = core::Language::id;
    DemoIntent demo = DemoIntent::place_right_finger;

    static Intent of(IntentKind kind, core::Language language = core::Language::id) {
        return {kind, 0, language, DemoIntent::place_right_finger};
    }
    friend bool operator==(const Intent&, const Intent&) = default;
};

}  // namespace kiosk::ui
