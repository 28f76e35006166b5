// UiAction: the small set of things a resident (or, in staff mode, a member of staff) can ask of a
// screen, whatever the input device. Intent: what a screen asks of the application in return.
// SessionPresenter::to_event turns an intent into the session machine's event, StaffPresenter::to_event
// into the staff machine's; demo intents drive the simulated devices instead. Pure.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/core/staff/staff_events.hpp"

#include <cstdint>

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
    // Staff mode (kiosk/ui/screens/staff_*). `cancel` is "Keluar / Exit" there, `back` "Kembali /
    // Back", and the keypad's digit/backspace/clear/submit type the PIN.
    staff_task,       // a tile of the staff menu; `staff.task` says which
    resolve,          // an operator check's resolution; `staff.entry_id` and `staff.resolution`
    confirm,          // "Ya / Yes" on a confirmation (bin emptied, a resolution)
    loading_done,     // "Selesai / Done" while restocking
    take_back,        // "Ambil kembali / Take back"
    bin_emptied,      // "Kotak sudah dikosongkan / Bin emptied"
    out_of_service,   // out of service for `staff.reason`
    in_service,       // back in service
    self_test,        // test every device
    inventory_audit,  // compare the store with the dispenser
    page_previous,    // a list's earlier page (the screen pages by itself: no intent)
    page_next,        // a list's later page (likewise)
    // A physical keypad (kiosk/ui/input_map.*): the host moves its focus ring over the screen's
    // targets, and Enter (submit) then activates the focused one (kiosk/ui/focus.hpp).
    focus_next,      // Tab
    focus_previous,  // Shift+Tab
    focus_left,      // the arrows
    focus_right,
    focus_up,
    focus_down,
    repeat_prompt,  // the Help key: the screen shows its prompt again (IntentKind::prompt_repeated)
};

// What a staff button chooses, for the kinds staff_task, resolve and out_of_service (the fields
// that kind does not name keep their defaults, so equal buttons compare equal).
struct StaffChoice {
    core::staff::StaffTask task = core::staff::StaffTask::restock;
    std::int64_t entry_id = 0;
    core::staff::CheckResolution resolution = core::staff::CheckResolution::taken;
    core::staff::ServiceReason reason = core::staff::ServiceReason::maintenance;
    core::staff::CheckJournal journal = core::staff::CheckJournal::pickup;  // resolve: whose entry_id
    friend bool operator==(const StaffChoice&, const StaffChoice&) = default;
};

struct UiAction {
    UiActionKind kind = UiActionKind::submit;
    char digit = 0;
    core::Language language = core::Language::id;
    DemoIntent demo = DemoIntent::place_right_finger;
    StaffChoice staff;

    static UiAction of(UiActionKind kind) { return {kind, 0, core::Language::id, DemoIntent::place_right_finger, {}}; }
    static UiAction digit_key(char d) { return {UiActionKind::digit, d, core::Language::id, DemoIntent::place_right_finger, {}}; }
    static UiAction language_choice(core::Language l) { return {UiActionKind::set_language, 0, l, DemoIntent::place_right_finger, {}}; }
    static UiAction demo_button(DemoIntent d) { return {UiActionKind::demo, 0, core::Language::id, d, {}}; }
    static UiAction staff_choice(UiActionKind kind, StaffChoice choice) {
        return {kind, 0, core::Language::id, DemoIntent::place_right_finger, choice};
    }
    static UiAction task_tile(core::staff::StaffTask task) {
        return staff_choice(UiActionKind::staff_task, StaffChoice{task, 0, {}, {}});
    }
    static UiAction resolution(std::int64_t entry_id, core::staff::CheckResolution resolution,
                               core::staff::CheckJournal journal = core::staff::CheckJournal::pickup) {
        return staff_choice(UiActionKind::resolve, StaffChoice{{}, entry_id, resolution, {}, journal});
    }
    static UiAction out_of_service_for(core::staff::ServiceReason reason) {
        return staff_choice(UiActionKind::out_of_service, StaffChoice{{}, 0, {}, reason});
    }
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
    // Staff mode: `cancel` is Exit, `back` Back, keypad_* and submit the PIN keypad's.
    staff_task,        // `staff.task`
    resolve,           // `staff.entry_id`, `staff.resolution`
    confirm,
    loading_done,
    take_back,
    bin_emptied,
    out_of_service,    // `staff.reason`
    in_service,
    self_test,
    inventory_audit,
    // The resident asked to hear/see the screen's prompt again (the Help key). The screen has
    // flashed its prompt; speech (audio guidance) hooks on this intent. It also counts as the
    // resident being there, like more_time.
    prompt_repeated,
};

struct Intent {
    IntentKind kind = IntentKind::cancel;
    char digit = 0;
    core::Language language = core::Language::id;
    DemoIntent demo = DemoIntent::place_right_finger;
    StaffChoice staff;

    static Intent of(IntentKind kind, core::Language language = core::Language::id) {
        return {kind, 0, language, DemoIntent::place_right_finger, {}};
    }
    static Intent keypad(char digit, core::Language language) {
        return {IntentKind::keypad_digit, digit, language, DemoIntent::place_right_finger, {}};
    }
    static Intent demo_control(DemoIntent which) { return {IntentKind::demo, 0, core::Language::id, which, {}}; }
    static Intent staff_choice(IntentKind kind, StaffChoice choice, core::Language language = core::Language::id) {
        return {kind, 0, language, DemoIntent::place_right_finger, choice};
    }
    friend bool operator==(const Intent&, const Intent&) = default;
};

}  // namespace kiosk::ui
