#include "kiosk/ui/widgets/nik_field.hpp"

#include "kiosk/ui/text_flow.hpp"

#include <algorithm>
#include <string_view>

namespace kiosk::ui {

namespace {

// Noto Sans' digits advance 0.572 em; a cell of 0.64 em leaves air between them.
constexpr double kCellPerEm = 0.64;
constexpr double kGroupGapPerCell = 0.55;
// 16 cells, 3 group gaps, and a cell's width of padding each side; on two rows, 8 cells and one gap.
constexpr double kBoxCells = 16 + 3 * kGroupGapPerCell + 2;
constexpr double kRowBoxCells = 8 + kGroupGapPerCell + 2;

}  // namespace

NikFieldGeometry nik_field_geometry(Rect area, const ThemePx& px, int hint_height_px) {
    NikFieldGeometry g;
    // One row of four groups where the digits fit it at nik_min or more; else two rows of two groups
    // (1403 1215 / 0590 0001) rather than digits too small to check or a field wider than its column.
    const int fit_px = static_cast<int>(area.width_px / (kBoxCells * kCellPerEm));
    g.rows = fit_px >= px.nik_min || area.width_px == 0 ? 1 : 2;
    const int row_fit_px = static_cast<int>(area.width_px / (kRowBoxCells * kCellPerEm));
    g.digit_px = g.rows == 1 ? std::clamp(fit_px, px.nik_min, std::max(px.nik_min, px.nik_max))
                             : std::clamp(row_fit_px, 1, px.nik_min);
    g.cell_px = static_cast<int>(g.digit_px * kCellPerEm);
    g.group_gap_px = static_cast<int>(g.cell_px * kGroupGapPerCell);
    const int per_row = 16 / g.rows;
    const int box_w = per_row * g.cell_px + (per_row / 4 - 1) * g.group_gap_px + 2 * g.cell_px;
    // Two rows are each a line box high (Noto Sans' is 1.52 em), so their digits never overlap.
    g.row_height_px = static_cast<int>(g.digit_px * (g.rows == 1 ? 1.9 : 1.53));
    const int box_h = g.rows == 1 ? g.row_height_px : 2 * g.row_height_px + g.digit_px / 4;
    g.box = Rect{area.x_px, area.y_px, box_w, box_h};
    g.hint = Rect{area.x_px, area.y_px + box_h + px.gap, area.width_px, hint_height_px};
    return g;
}

void NikField::layout(Rect area, const ThemePx& px, int hint_height_px) {
    geometry_ = nik_field_geometry(area, px, hint_height_px);
}

Rect NikField::cell(std::size_t index) const {
    const auto& g = geometry_;
    const int per_row = 16 / g.rows;
    const int row = static_cast<int>(index) / per_row;
    const int i = static_cast<int>(index) % per_row;
    const int x = g.box.x_px + g.cell_px + i * g.cell_px + (i / 4) * g.group_gap_px;
    const int top = g.rows == 1 ? g.box.y_px : g.box.y_px + g.digit_px / 8 + row * g.row_height_px;
    return Rect{x, top, g.cell_px, g.row_height_px};
}

void NikField::render(Painter& painter, std::string_view digits, const std::string& hint_text, bool problem) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const auto& g = geometry_;
    painter.box(g.box, px.corner, px.border, problem ? c.problem : c.border, c.surface);

    const TextStyle digit_style{FontWeight::bold, g.digit_px, c.text};
    const int blank_w = g.cell_px * 3 / 4;
    for (std::size_t i = 0; i < core::Nik::kDigits; ++i) {
        const Rect r = cell(i);
        const int baseline_y = r.y_px + r.height_px * 3 / 4;
        if (i < digits.size()) {
            painter.text_in(r, std::string_view(&digits[i], 1), digit_style, Align::center);
        } else {
            painter.fill(Rect{r.x_px + (r.width_px - blank_w) / 2, baseline_y, blank_w, px.border}, c.text_muted);
        }
    }
    if (digits.size() < core::Nik::kDigits) {
        const Rect next = cell(digits.size());
        const int caret_w = std::max(3, px.border + 1);
        const int caret_h = g.digit_px;
        painter.fill(Rect{next.x_px - caret_w / 2 - 1, next.y_px + (next.height_px - caret_h) / 2, caret_w, caret_h},
                     c.caret);
    }

    if (!hint_text.empty()) {
        // Long hints (core's plausibility sentences) step down with draw_flow's steps and floor.
        draw_flow(painter, g.hint,
                  {TextBlock{hint_text, problem ? FontWeight::bold : FontWeight::regular, px.body,
                             problem ? c.problem : c.text, 0}});
    }
}

}  // namespace kiosk::ui
