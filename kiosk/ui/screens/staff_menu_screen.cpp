#include "kiosk/ui/screens/staff_menu_screen.hpp"

#include "kiosk/core/staff/staff_permissions.hpp"

#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;
using core::Language;

constexpr Bilingual kHeading{"Pilih tugas", "Choose a task"};
constexpr Bilingual kReading{"Membaca angka...", "Reading the figures..."};
constexpr Bilingual kUnknown{"Angka tidak tersedia", "Figures not available"};
constexpr Bilingual kExit{"Keluar", "Exit"};
constexpr Bilingual kTechnicianOrSupervisor{"Hanya teknisi atau supervisor", "Technician or supervisor only"};
constexpr Bilingual kSupervisorOnly{"Hanya supervisor", "Supervisor only"};

constexpr Bilingual kTitles[] = {{"Isi kartu", "Load cards"},
                                 {"Ambil kembali", "Take back"},
                                 {"Kotak tertahan", "Capture bin"},
                                 {"Pemeriksaan", "Operator checks"},
                                 {"Layanan kios", "Kiosk service"}};

std::string of_text(int part, int whole, Language l, const char* noun_id, const char* noun_en) {
    return std::to_string(part) + (l == Language::id ? " dari " : " of ") + count_text(whole, l, noun_id, noun_en);
}

struct Figure {
    std::string text;
    bool attention = false;
};

Figure figure(cst::StaffTask task, const cst::OverviewFigures& f, Language l) {
    const bool id = l == Language::id;
    switch (task) {
        case cst::StaffTask::restock: {
            std::string text = of_text(f.slots_loaded, f.slots_total, l, "slot terisi", "slot") + (id ? "" : " loaded");
            if (f.slots_fault > 0) text += ", " + count_text(f.slots_fault, l, "slot rusak", "faulty slot");
            return {text, f.slots_fault > 0};
        }
        case cst::StaffTask::take_back:
            if (f.uncollected == 0) return {id ? "Tidak ada yang lewat batas waktu" : "None past its deadline", false};
            return {std::to_string(f.uncollected) + (id ? " lewat batas waktu" : " past their deadline"), true};
        case cst::StaffTask::capture_bin: {
            std::string text = of_text(f.bin_count, f.bin_capacity, l, "kartu", "card");
            const bool full = f.bin_capacity > 0 && f.bin_count >= f.bin_capacity;
            const bool nearly = f.bin_capacity > 0 && f.bin_count * 10 >= f.bin_capacity * 8;
            if (full)
                text += id ? ": penuh" : ": full";
            else if (nearly)
                text += id ? ": hampir penuh" : ": nearly full";
            return {text, nearly};
        }
        case cst::StaffTask::operator_checks:
            if (f.checks == 0) return {id ? "Tidak ada yang perlu diperiksa" : "Nothing to check", false};
            return {std::to_string(f.checks) + (id ? " perlu diperiksa" : " to resolve"), true};
        case cst::StaffTask::service:
            if (f.in_service) return {id ? "Sedang melayani" : "In service", false};
            return {id ? "Tidak melayani warga" : "Out of service", true};
    }
    return {"", false};
}

}  // namespace

void StaffMenuScreen::update(const cst::MenuScreen& view, cst::StaffRole role) {
    const bool changed = !(view == view_) || role != role_;
    view_ = view;
    role_ = role;
    name_ = view.loading ? "staff-menu-loading" : (view.problem ? "staff-menu-problem" : "staff-menu");
    place_text();
    if (changed) invalidate();
}

void StaffMenuScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    exit_ = Button{};  // Exit is the last tile
    back_ = Button{};
    const int heading_h = context.text.line_height(FontWeight::bold, px.body) + px.body;
    heading_ = Rect{body.x_px, body.y_px, body.width_px, heading_h};
    const Rect grid{body.x_px, heading_.bottom_px() + px.gap, body.width_px,
                    std::max(0, body.bottom_px() - heading_.bottom_px() - px.gap)};
    // Three columns where the grid is wide, else two (portrait, or a landscape panel beside the demo strip).
    const int columns = grid.width_px * 10 >= grid.height_px * 18 ? 3 : 2;
    const int rows = 6 / columns;
    const int gap = px.section_gap / 2 + px.gap;
    const int tile_w = (grid.width_px - (columns - 1) * gap) / columns;
    const int tile_h = std::min((grid.height_px - (rows - 1) * gap) / rows, tile_w * 2 / 3 + px.body * 2);
    const int grid_h = rows * tile_h + (rows - 1) * gap;
    const int y0 = grid.y_px + std::max(0, (grid.height_px - grid_h) / 2);
    for (int i = 0; i < 6; ++i) {
        const int col = i % columns;
        const int row = i / columns;
        Tile& tile = tiles_[static_cast<std::size_t>(i)];
        tile.rect = Rect{grid.x_px + col * (tile_w + gap), y0 + row * (tile_h + gap), tile_w, tile_h};
        tile.action = i < 5 ? UiAction::task_tile(cst::kAllStaffTasks[static_cast<std::size_t>(i)])
                            : UiAction::of(UiActionKind::cancel);
    }
    row_ = tiles_[5].rect;  // the ending notice takes the Exit tile's place
    place_text();
}

void StaffMenuScreen::place_text() {
    const Language l = language();
    for (std::size_t i = 0; i < 5; ++i) {
        Tile& tile = tiles_[i];
        tile.title = kTitles[i].in(l);
        tile.attention = false;
        if (!permitted(i)) {
            const bool supervisor = cst::least_role_for(cst::kAllStaffTasks[i]) == cst::StaffRole::supervisor;
            tile.detail = (supervisor ? kSupervisorOnly : kTechnicianOrSupervisor).in(l);
        } else if (view_.overview) {
            const Figure f = figure(cst::kAllStaffTasks[i], *view_.overview, l);
            tile.detail = f.text;
            tile.attention = f.attention;
        } else {
            tile.detail = view_.loading ? kReading.in(l) : kUnknown.in(l);
        }
    }
    tiles_[5].title = kExit.in(l);
    tiles_[5].detail.clear();
    tiles_[5].primary = false;
}

void StaffMenuScreen::render_body(Painter& painter, std::uint64_t /*now_ms*/) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    std::vector<TextBlock> heading{{kHeading.in(l), FontWeight::bold, px.title, c.text, px.gap}};
    if (view_.problem) {
        heading.push_back({problem_text(*view_.problem).in(l), FontWeight::bold, px.toggle_label, c.problem, 0});
    }
    draw_flow(painter, heading_, heading, Align::center);
    // Every tile at the size the fullest one fits.
    int percent = 100;
    for (const Tile& tile : tiles_) {
        const Rect inner = tile.inner(px);
        percent = std::min(percent, flow_fit_percent(painter.text_renderer(), tile.blocks(c, px, ButtonState::normal),
                                                     {inner.width_px, inner.height_px}));
    }
    for (std::size_t i = 0; i < tiles_.size(); ++i) {
        const Tile& tile = tiles_[i];
        if (i == 5 && (ending() || !exit_offered())) continue;
        const ButtonState state =
            ending() || (i < 5 && !permitted(i))
                ? ButtonState::disabled
                : (pressed() && *pressed() == tile.action ? ButtonState::pressed : ButtonState::normal);
        tile.render(painter, state, percent);
    }
}

bool StaffMenuScreen::permitted(std::size_t i) const {
    return i >= cst::kAllStaffTasks.size() || cst::may_do(role_, cst::kAllStaffTasks[i]);
}

std::optional<Intent> StaffMenuScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::staff_task) {
        return Intent::staff_choice(IntentKind::staff_task, action.staff, language());
    }
    return std::nullopt;
}

std::vector<HitTarget> StaffMenuScreen::body_targets() const {
    std::vector<HitTarget> out;
    for (std::size_t i = 0; i < 5; ++i) {
        if (permitted(i)) out.push_back({tiles_[i].rect, tiles_[i].action});
    }
    // Exit goes through the frame's handling (cancel), offered only where the view offers it.
    if (exit_offered()) out.push_back({tiles_[5].rect, tiles_[5].action});
    return out;
}

}  // namespace kiosk::ui
