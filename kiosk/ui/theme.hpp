// Theme: colours and sizes for every screen, chosen for residents who may be elderly, have low
// vision, or have never used a touchscreen.
//
// Colours: dark text on a light ground (positive polarity reads best in a bright lobby and for
// ageing eyes); every text/background pair is at least 7:1 (WCAG AAA), except disabled text at
// 6.8:1 (still above AA's 4.5:1: greyed out, yet readable). Meaning is never carried by colour
// alone: a problem is also said in words. tests/kiosk/ui/layout_test.cpp checks these ratios.
//
// Sizes are in millimetres on the glass and converted with PhysicalMetrics. Font sizes are the em
// (the font's nominal size); Noto Sans' capitals are 0.71 em and its x-height 0.54 em tall.
//   body 8 mm      capitals 5.7 mm: ~0.65 degrees at a 50 cm reading distance, about three times
//                  the size of print a person with normal sight reads comfortably, which is what
//                  low-vision guidance asks for
//   title 10 mm    one step up so the question on each screen is the first thing read
//   display 16 mm  the attract screen's call to action, readable from a few steps away
//   digit 12 mm    keypad digits, and 9-14 mm for the NIK (fitted to the field's width)
//   key label 7 mm words on keys ("Hapus"), which must fit a 20 mm key in at most two lines
//   toggle 6 mm    "Bahasa Indonesia | English": both names must fit above the keypad
// Touch targets: keypad keys at least 20 mm (the task's floor; ISO 9241-9 and kiosk guidance put a
// comfortable finger target at 20 mm or more for older users), other buttons at least 15 mm tall,
// and 3 mm between targets so a finger resting across two keys is rare.
#pragma once

#include "kiosk/ui/physical_metrics.hpp"

#include <cstdint>

namespace kiosk::ui {

struct Colour {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    std::uint8_t a = 255;
    friend bool operator==(const Colour&, const Colour&) = default;
};

struct Palette {
    Colour background{0xF7, 0xF6, 0xF2};   // warm off-white: less glare than pure white
    Colour text{0x11, 0x11, 0x11};         // 17:1 on background
    Colour text_muted{0x3A, 0x3A, 0x3A};   // 10:1: secondary lines (the other language)
    Colour surface{0xFF, 0xFF, 0xFF};      // fields and keys
    Colour border{0x30, 0x36, 0x40};       // 3:1+ against both grounds for the edges of targets
    Colour primary{0x0B, 0x3D, 0x91};      // deep blue: the one action that moves forward
    Colour on_primary{0xFF, 0xFF, 0xFF};   // 10:1 on primary
    Colour pressed{0xC9, 0xD6, 0xEE};      // a key while the finger is on it
    Colour primary_pressed{0x06, 0x26, 0x5C};
    Colour disabled{0xE2, 0xE2, 0xE2};
    Colour on_disabled{0x4A, 0x4A, 0x4A};  // 6.8:1 on disabled: still readable, clearly inactive
    Colour problem{0xA0, 0x00, 0x00};      // dark red text for hints about a typing problem, 7.8:1
    Colour caret{0x0B, 0x3D, 0x91};
    Colour warning{0xFF, 0xD4, 0x00};      // idle warning banner ground
    Colour on_warning{0x11, 0x11, 0x11};   // 13:1 on warning
    // The staff screens' header band: a colour no resident screen uses, so that a screen left in
    // staff mode is told apart at a glance (the demo strip is purple, the resident screens blue).
    Colour staff_band{0x0F, 0x4C, 0x3A};   // deep green
    Colour on_staff_band{0xFF, 0xFF, 0xFF};  // 9.9:1 on staff_band
};

// WCAG 2 contrast ratio between two opaque colours (1 to 21).
[[nodiscard]] double contrast_ratio(Colour a, Colour b);

struct TypeScaleMm {
    double display = 16.0;
    double title = 10.0;
    double body = 8.0;
    double digit = 12.0;
    double key_label = 7.0;
    double toggle_label = 6.0;  // the language toggle: both names must fit above a keypad
    double nik_max = 14.0;
    double nik_min = 9.0;
};

struct SpacingMm {
    double margin = 7.0;        // screen edge to content
    double gap = 3.0;           // between neighbouring touch targets
    double section_gap = 7.0;   // between blocks of content
    double key_min = 20.0;      // smallest keypad key
    double key_max = 30.0;      // beyond this a keypad stops looking like one
    double button_height = 18.0;
    double toggle_height = 15.0;
    double border = 0.6;        // outline of a target
    double corner = 2.5;        // corner radius
};

struct Theme {
    Palette palette;
    TypeScaleMm type;
    SpacingMm spacing;
};

// A theme's sizes converted to pixels for one screen.
struct ThemePx {
    int display = 0, title = 0, body = 0, digit = 0, key_label = 0, toggle_label = 0, nik_max = 0, nik_min = 0;
    int margin = 0, gap = 0, section_gap = 0, key_min = 0, key_max = 0, button_height = 0;
    int toggle_height = 0, border = 0, corner = 0;

    static ThemePx from(const Theme& theme, const PhysicalMetrics& metrics);
};

}  // namespace kiosk::ui
