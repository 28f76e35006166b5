#include "kiosk/ui/widgets/table.hpp"

#include "kiosk/ui/text_flow.hpp"

#include <algorithm>
#include <string_view>

namespace kiosk::ui {

namespace {

constexpr Bilingual kPrevious{"Sebelumnya", "Previous"};
constexpr Bilingual kNext{"Berikutnya", "Next"};

}  // namespace

void Table::layout(Rect area, const ThemePx& px, TextRenderer& text, std::vector<TableColumn> columns,
                   int lines_per_row) {
    area_ = area;
    px_ = px;
    columns_ = std::move(columns);
    lines_per_row_ = std::max(1, lines_per_row);
    text_px_ = px.toggle_label;
    line_px_ = text.line_height(FontWeight::regular, text_px_);
    row_px_ = line_px_ * lines_per_row_ + px.gap;
    heading_px_ = text.line_height(FontWeight::bold, text_px_) + px.gap;
    // The pager: the two buttons at the ends, as wide as their longer label (at most a third of the
    // width each) and as tall as the smallest target; which rows between them.
    pager_ = Rect{area.x_px, area.bottom_px() - px.toggle_height, area.width_px, px.toggle_height};
    auto width_of = [&](Bilingual label) {
        return std::max(text.measure(FontWeight::bold, text_px_, label.id),
                        text.measure(FontWeight::bold, text_px_, label.en)) +
               4 * px.gap + 6 * px.border;
    };
    const int button_w =
        std::min((pager_.width_px - 4 * px.gap) * 2 / 5, std::max(width_of(kPrevious), width_of(kNext)));
    // A touch smaller than the rows, so that in a narrow table the labels need not shrink as far.
    const int label_px = text_px_ * 9 / 10;
    previous_ = Button{Rect{pager_.x_px, pager_.y_px, button_w, pager_.height_px},
                       "",
                       UiAction::of(UiActionKind::page_previous),
                       ButtonStyle::secondary,
                       label_px,
                       true};
    next_ = Button{Rect{pager_.right_px() - button_w, pager_.y_px, button_w, pager_.height_px},
                   "",
                   UiAction::of(UiActionKind::page_next),
                   ButtonStyle::secondary,
                   label_px,
                   true};
    pager_text_ = Rect{previous_.rect.right_px() + 2 * px.gap, pager_.y_px,
                       std::max(0, next_.rect.x_px - previous_.rect.right_px() - 4 * px.gap), pager_.height_px};
    page_ = std::min(page_, std::max(0, page_count() - 1));
}

int Table::rows_fitting(int height_px) const {
    if (row_px_ <= 0) return 0;
    return std::max(0, (height_px - heading_px_) / row_px_);
}

int Table::rows_per_page() const {
    const int all = rows_fitting(area_.height_px);
    if (static_cast<int>(rows_.size()) <= all) return std::max(1, all);
    return std::max(1, rows_fitting(pager_.y_px - px_.gap - area_.y_px));
}

int Table::page_count() const {
    if (rows_.empty()) return 1;
    const int per_page = rows_per_page();
    return (static_cast<int>(rows_.size()) + per_page - 1) / per_page;
}

int Table::height_for(int rows) const {
    return heading_px_ + rows * row_px_;
}

void Table::set_rows(std::vector<TableRow> rows) {
    rows_ = std::move(rows);
    page_ = std::min(page_, std::max(0, page_count() - 1));
}

bool Table::handle(const UiAction& action) {
    if (!paged()) return false;
    if (action.kind == UiActionKind::page_previous && page_ > 0) {
        --page_;
        return true;
    }
    if (action.kind == UiActionKind::page_next && page_ + 1 < page_count()) {
        ++page_;
        return true;
    }
    return false;
}

std::vector<HitTarget> Table::targets() const {
    if (!paged()) return {};
    return {{previous_.rect, previous_.action}, {next_.rect, next_.action}};
}

namespace {

// The lines of a cell ('\n' between them).
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0; at <= text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

}  // namespace

void Table::render(Painter& painter, core::Language language, const std::optional<UiAction>& pressed) const {
    const Palette& c = painter.palette();
    TextRenderer& text = painter.text_renderer();
    int total_share = 0;
    for (const TableColumn& column : columns_) total_share += std::max(1, column.share);
    if (total_share == 0) return;
    // Column edges, with a gap between columns.
    std::vector<Rect> cells;
    int x = area_.x_px;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const int w = i + 1 == columns_.size() ? area_.right_px() - x
                                               : area_.width_px * std::max(1, columns_[i].share) / total_share;
        cells.push_back(Rect{x, 0, std::max(0, w - px_.gap), 0});
        x += w;
    }
    const int per_page = rows_per_page();
    const std::size_t first = static_cast<std::size_t>(page_ * per_page);
    const std::size_t end = std::min(rows_.size(), first + static_cast<std::size_t>(per_page));

    // One type size for the whole page, the largest (down to 60 %) at which every line of every
    // cell and heading fits its column on one line: a table whose cells shrink one by one reads as
    // a jumble.
    auto fits = [&](int size_px) {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            if (text.measure(FontWeight::bold, size_px, columns_[i].heading.in(language)) > cells[i].width_px)
                return false;
            for (std::size_t r = first; r < end; ++r) {
                if (i >= rows_[r].size()) continue;
                for (std::string_view line : lines_of(rows_[r][i])) {
                    if (text.measure(FontWeight::regular, size_px, line) > cells[i].width_px) return false;
                }
            }
        }
        return true;
    };
    int size_px = text_px_;
    while (size_px > text_px_ * 6 / 10 && !fits(size_px)) size_px = std::max(text_px_ * 6 / 10, size_px * 92 / 100);

    const int line_px = text.line_height(FontWeight::regular, size_px);
    auto cell_text = [&](Rect cell, std::string_view s, FontWeight weight, Colour colour) {
        const TextStyle style{weight, size_px, colour};
        const std::vector<std::string_view> lines = lines_of(s);
        const int block_h = line_px * static_cast<int>(lines.size());
        int y = cell.y_px + std::max(0, (cell.height_px - block_h) / 2);
        for (std::string_view line : lines) {
            painter.text_in(Rect{cell.x_px, y, cell.width_px, line_px}, line, style, Align::start);
            y += line_px;
        }
        if (block_h > cell.height_px) painter.overflowed(s, cell, {cell.width_px, block_h});
    };
    int y = area_.y_px;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        cell_text(Rect{cells[i].x_px, y, cells[i].width_px, heading_px_ - px_.gap}, columns_[i].heading.in(language),
                  FontWeight::bold, c.text_muted);
    }
    y += heading_px_;
    painter.fill(Rect{area_.x_px, y - px_.gap / 2, area_.width_px, std::max(1, px_.border / 2)}, c.border);
    for (std::size_t r = first; r < end; ++r) {
        for (std::size_t i = 0; i < columns_.size() && i < rows_[r].size(); ++i) {
            cell_text(Rect{cells[i].x_px, y, cells[i].width_px, row_px_ - px_.gap}, rows_[r][i], FontWeight::regular,
                      c.text);
        }
        y += row_px_;
        painter.fill(Rect{area_.x_px, y - px_.gap / 2, area_.width_px, 1}, c.disabled);
    }
    if (!paged()) return;
    Button previous = previous_;
    Button next = next_;
    previous.label = kPrevious.in(language);
    next.label = kNext.in(language);
    previous.render(painter, button_state(previous, pressed, page_ > 0));
    next.render(painter, button_state(next, pressed, page_ + 1 < page_count()));
    // The page of how many; the rows' count is the screen's to say.
    const std::string shown = std::to_string(page_ + 1) + " / " + std::to_string(page_count());
    draw_flow(painter, pager_text_, {TextBlock{shown, FontWeight::regular, text_px_, c.text, 0, Align::center}},
              Align::center);
}

}  // namespace kiosk::ui
