// NikField: the 16 NIK digits as typed, in four groups of four ("1403 1215 05__ ____"), with a
// caret at the next digit, and under it one hint line in plain words (how many digits are left,
// or which part of the number looks mistyped).
//
// Each digit has its own cell of equal width, so digits never shift as more are typed and the
// groups line up with how the number is printed on the KTP. Empty cells show a short line where
// the digit will go. The caret does not blink: blinking costs frames (CPU on the software
// renderer) and distracts; its colour and position carry it.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/language.hpp"
#include "kiosk/ui/painter.hpp"

namespace kiosk::ui {

struct NikFieldGeometry {
    Rect box;        // the outlined field
    int digit_px = 0;  // the digits' em
    int cell_px = 0;   // width of one digit's cell
    int group_gap_px = 0;
    int rows = 1;          // 1, or 2 (eight digits a row) where one row would need digits under nik_min
    int row_height_px = 0;
    Rect hint;       // where the hint paragraph goes, under the box
};

// Digits sized to fit `area`'s width, between px.nik_min and px.nik_max.
[[nodiscard]] NikFieldGeometry nik_field_geometry(Rect area, const ThemePx& px, int hint_height_px);

class NikField {
public:
    void layout(Rect area, const ThemePx& px, int hint_height_px);
    // Draws `digits` (the 0-16 typed so far) in the box and `hint_text` (in the problem colour when
    // `problem`).
    void render(Painter& painter, std::string_view digits, const std::string& hint_text, bool problem) const;

    [[nodiscard]] const NikFieldGeometry& geometry() const { return geometry_; }
    // The cell of digit `index` (0-15) inside the box.
    [[nodiscard]] Rect cell(std::size_t index) const;

private:
    NikFieldGeometry geometry_;
};

}  // namespace kiosk::ui
