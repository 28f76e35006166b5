// Table: as many rows a page as its area holds, a pager only when they do not all fit, paging by
// its own actions (no intent), the page kept across new rows where it still exists.
#include "kiosk/ui/widgets/table.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace kiosk::ui;

namespace {

std::vector<TableRow> rows(int n) {
    std::vector<TableRow> out;
    for (int i = 0; i < n; ++i)
        out.push_back({std::to_string(i + 1), "1403 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 0001"});
    return out;
}

}  // namespace

TEST_CASE("a table pages only when its rows do not fit, and keeps its page where it can") {
    kiosk::testing::SdlRig rig;
    Table table;
    const Rect area{40, 100, 700, 500};
    table.layout(area, rig.host->px(), *rig.text, {TableColumn{{"Slot", "Slot"}, 1}, TableColumn{{"NIK", "NIK"}, 3}});
    table.set_rows(rows(3));
    CHECK_FALSE(table.paged());
    CHECK(table.targets().empty());
    CHECK_FALSE(table.handle(UiAction::of(UiActionKind::page_next)));

    table.set_rows(rows(40));
    REQUIRE(table.paged());
    const int per_page = table.rows_per_page();
    CHECK(per_page >= 1);
    CHECK(table.height_for(per_page) <= area.height_px - rig.host->px().toggle_height);
    CHECK(table.page_count() == (40 + per_page - 1) / per_page);
    const auto targets = table.targets();
    REQUIRE(targets.size() == 2);
    for (const HitTarget& t : targets) {
        CHECK(t.rect.bottom_px() == area.bottom_px());
        CHECK(t.rect.x_px >= area.x_px);
        CHECK(t.rect.right_px() <= area.right_px());
    }
    CHECK_FALSE(table.handle(UiAction::of(UiActionKind::page_previous)));  // already on the first
    CHECK(table.handle(UiAction::of(UiActionKind::page_next)));
    CHECK(table.handle(UiAction::of(UiActionKind::page_next)));
    CHECK(table.page() == 2);
    table.set_rows(rows(39));  // one row fewer: page 3 is still there
    CHECK(table.page() == 2);
    table.set_rows(rows(per_page * 2));  // two pages left: on the last
    CHECK(table.page() == 1);
    CHECK_FALSE(table.handle(UiAction::of(UiActionKind::page_next)));
    CHECK_FALSE(table.handle(UiAction::of(UiActionKind::confirm)));
}
