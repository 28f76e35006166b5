// Table: rows of short facts under column headings (the staff screens' lists: uncollected cards,
// the capture bin), as many rows as the area holds at the theme's small type. When the rows do not
// all fit, a pager takes the bottom of the area: "Sebelumnya / Previous", the page of how many
// ("2 / 5"), and "Berikutnya / Next". Paging is the table's own state
// (UiActionKind::page_previous/page_next, no intent); new rows keep the page where it still exists.
#pragma once

#include "kiosk/core/language.hpp"
#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

struct TableColumn {
    Bilingual heading;
    int share = 1;  // the column's part of the width
};

using TableRow = std::vector<std::string>;  // one text per column

class Table {
public:
    // `lines_per_row`: the lines a row's cells may wrap onto.
    void layout(Rect area, const ThemePx& px, TextRenderer& text, std::vector<TableColumn> columns,
                int lines_per_row = 1);
    void set_rows(std::vector<TableRow> rows);
    // Pages on page_previous/page_next; true when the page changed (the screen redraws).
    bool handle(const UiAction& action);
    [[nodiscard]] std::vector<HitTarget> targets() const;
    void render(Painter& painter, core::Language language, const std::optional<UiAction>& pressed) const;

    [[nodiscard]] int rows_per_page() const;
    [[nodiscard]] int page() const { return page_; }
    [[nodiscard]] int page_count() const;
    [[nodiscard]] bool paged() const { return page_count() > 1; }
    [[nodiscard]] const std::vector<TableRow>& rows() const { return rows_; }
    // The height the heading and `rows` rows take (no pager), for screens that size the table to its rows.
    [[nodiscard]] int height_for(int rows) const;

private:
    [[nodiscard]] int rows_fitting(int height_px) const;

    Rect area_;
    ThemePx px_;
    std::vector<TableColumn> columns_;
    int lines_per_row_ = 1;
    int text_px_ = 0;
    int line_px_ = 0;
    int row_px_ = 0;
    int heading_px_ = 0;
    Rect pager_;
    Rect pager_text_;
    Button previous_;
    Button next_;
    std::vector<TableRow> rows_;
    int page_ = 0;
};

}  // namespace kiosk::ui
