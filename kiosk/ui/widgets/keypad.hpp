// Keypad: the on-screen numeric keypad, a 3 x 4 grid of keys at least 20 mm square.
//
//      1   2   3
//      4   5   6
//      7   8   9
//   Hapus  0  Hapus
//   semua
//
// "Hapus semua" (clear all) bottom-left and "Hapus" (delete the last digit) bottom-right, as on
// telephones and ATMs.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <array>
#include <optional>

namespace kiosk::ui {

struct KeypadGeometry {
    int key_px = 0;
    int gap_px = 0;
    Rect bounds;                 // the whole grid
    std::array<Rect, 12> keys;   // row by row, left to right
};

// The grid's geometry inside `area`: keys as large as fit, between px.key_min and px.key_max
// (never below key_min, even if the area is too small: a key below the floor is a layout bug that
// the screen's tests must catch), anchored at the area's top-right.
[[nodiscard]] KeypadGeometry keypad_geometry(Rect area, const ThemePx& px);

// The width and height the grid takes with keys of `key_px`.
[[nodiscard]] Size keypad_size(int key_px, int gap_px);

class Keypad {
public:
    void layout(Rect area, const ThemePx& px, core::Language language);
    void set_language(core::Language language);
    void render(Painter& painter, std::optional<UiAction> pressed, bool enabled) const;

    [[nodiscard]] const KeypadGeometry& geometry() const { return geometry_; }
    [[nodiscard]] const std::array<Button, 12>& keys() const { return keys_; }
    // The key whose action is `action`, for tests and for drivers that click keys.
    [[nodiscard]] std::optional<Rect> key_rect(const UiAction& action) const;

private:
    KeypadGeometry geometry_;
    std::array<Button, 12> keys_;
};

}  // namespace kiosk::ui
