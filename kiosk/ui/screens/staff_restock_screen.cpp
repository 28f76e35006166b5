#include "kiosk/ui/screens/staff_restock_screen.hpp"

#include "kiosk/ui/countdown.hpp"
#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/widgets/fill_bar.hpp"
#include "kiosk/ui/widgets/step_row.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;
using core::Language;
using cst::RestockPhase;

constexpr Bilingual kDone{"Selesai", "Done"};
constexpr Bilingual kSteps[] = {
    {"Masukkan", "Feed"}, {"Baca chip", "Read chip"}, {"Periksa data", "Check record"}, {"Simpan", "Store"}};
constexpr Bilingual kLoaded{"Dimuat", "Loaded"};
constexpr Bilingual kRefused{"Ditolak", "Refused"};
constexpr Bilingual kMagazine{"Magasin", "Magazine"};
constexpr Bilingual kFillUnknown{"Isi magasin tidak diketahui", "The magazine's fill is not known"};
constexpr Bilingual kStopping{"Berhenti setelah kartu ini.", "Stopping after this card."};
constexpr Bilingual kLastRefused{"Kartu terakhir ditolak: ", "Last card refused: "};

struct PhaseText {
    const char* name;
    Bilingual title;
    Bilingual detail;
    int step;  // the lit step; -1: none
};

PhaseText phase_text(RestockPhase phase) {
    switch (phase) {
        case RestockPhase::opening:
            return {"staff-restock-opening",
                    {"Membuka celah kartu", "Opening the card slot"},
                    {"Mohon tunggu sebentar.", "Please wait a moment."},
                    0};
        case RestockPhase::waiting_for_card:
            return {"staff-restock-waiting",
                    {"Masukkan satu kartu ke celah", "Feed one card into the slot"},
                    {"Kartu dibaca dan disimpan satu per satu. Tekan Selesai bila semua sudah dimuat.",
                     "Cards are read and stored one at a time. Press Done when all are loaded."},
                    0};
        case RestockPhase::reading_card:
            return {"staff-restock-reading",
                    {"Membaca chip kartu", "Reading the card's chip"},
                    {"Kartu ada di posisi baca.", "The card is at the read position."},
                    1};
        case RestockPhase::checking_card:
            return {"staff-restock-checking",
                    {"Memeriksa data kartu", "Checking the card's record"},
                    {"Kartu dicocokkan dengan data yang sudah dicetak.", "The card is matched to a printed record."},
                    2};
        case RestockPhase::storing:
            return {"staff-restock-storing",
                    {"Menyimpan kartu ke slot", "Storing the card in a slot"},
                    {"Jangan membuka mesin kartu.", "Do not open the card machine."},
                    3};
        case RestockPhase::returning_card:
            return {"staff-restock-returning",
                    {"Ambil kartu yang ditolak dari celah", "Take the refused card from the slot"},
                    {"Kartu tidak dimuat.", "The card was not loaded."},
                    2};
        case RestockPhase::capturing_card:
            return {"staff-restock-capturing",
                    {"Kartu dipindahkan ke kotak tertahan", "The card goes to the capture bin"},
                    {"Kartu tidak diambil dari celah.", "The card was not taken from the slot."},
                    2};
        case RestockPhase::blocking_slot:
            return {"staff-restock-blocking-slot",
                    {"Memblokir slot yang tidak cocok", "Blocking a slot that did not match"},
                    {"Isi slot tidak sama dengan catatan mesin.", "The slot does not match the machine's inventory."},
                    3};
        case RestockPhase::stopping:
            return {"staff-restock-stopping",
                    {"Menutup celah kartu", "Closing the card slot"},
                    {"Mohon tunggu sebentar.", "Please wait a moment."},
                    -1};
        case RestockPhase::stopped:
            return {"staff-restock-stopped",
                    {"Pengisian selesai", "Loading finished"},
                    {"Tekan Kembali untuk ke menu.", "Press Back for the menu."},
                    -1};
    }
    return {"staff-restock", {"", ""}, {"", ""}, -1};
}

// The step row: numbers at the small label size, names a little smaller (draw_steps), two lines of them.
int step_px(const ThemePx& px) {
    return px.toggle_label * 9 / 10;
}
int steps_height(TextRenderer& text, const ThemePx& px) {
    const int n = step_px(px);
    return n * 6 / 5 + px.gap + 2 * text.line_height(FontWeight::bold, n * 8 / 10);
}

bool waiting_on_machine(RestockPhase phase) {
    return phase != RestockPhase::waiting_for_card && phase != RestockPhase::returning_card &&
           phase != RestockPhase::stopped;
}

std::string slots_text(const std::vector<int>& slots) {
    std::string out;
    for (const int slot : slots) {
        if (!out.empty()) out += ", ";
        out += std::to_string(slot);
    }
    return out;
}

}  // namespace

void StaffRestockScreen::update(const cst::RestockScreen& view, std::uint64_t now_ms) {
    const bool changed = !(view == view_);
    view_ = view;
    name_ = phase_text(view.phase).name;
    if (view.phase == RestockPhase::returning_card && (changed || take_deadline_ms_ == 0)) {
        take_deadline_ms_ = now_ms + static_cast<std::uint64_t>(std::max<long long>(0, view.take_time_left.count()));
    }
    if (waiting_on_machine(view.phase))
        progress_.start(now_ms);
    else
        progress_.stop();
    if (changed) invalidate();
}

int StaffRestockScreen::seconds_left(std::uint64_t now_ms) const {
    return ui::seconds_left(take_deadline_ms_, now_ms);
}

bool StaffRestockScreen::done_offered() const {
    return !ending() && !view_.stop_requested && view_.phase != RestockPhase::stopping &&
           view_.phase != RestockPhase::stopped;
}

void StaffRestockScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    done_ = Button{{}, "", UiAction::of(UiActionKind::loading_done), ButtonStyle::primary, px.key_label, true};
    const Rect above = place_bottom_row(context, body, {&done_}, {kDone});
    const TwoParts parts = split_in_two(above, px.section_gap, 54, 40);
    steps_ = Rect{parts.first.x_px, parts.first.y_px, parts.first.width_px, steps_height(context.text, px)};
    const int status_y = steps_.bottom_px() + px.gap;
    status_ = Rect{parts.first.x_px, status_y, parts.first.width_px, std::max(0, parts.first.bottom_px() - status_y)};
    // The progress dots take the status's last line, and only while the machine works.
    progress_.layout(Rect{status_.x_px, status_.bottom_px() - px.body, status_.width_px, px.body}, px);
    figures_ = parts.second;
    body_language_changed();
}

void StaffRestockScreen::body_language_changed() {
    done_.label = kDone.in(language());
}

std::vector<TextBlock> StaffRestockScreen::figure_lines(const ThemePx& px, const Palette& c, Language l) const {
    std::string fill_line;
    if (view_.fill) {
        const int free_slots = std::max(0, view_.fill->slots_total - view_.fill->slots_loaded);
        fill_line = std::to_string(view_.fill->slots_loaded) + (l == Language::id ? " dari " : " of ") +
                    std::to_string(view_.fill->slots_total) +
                    (l == Language::id ? " slot terisi, " : " slots loaded, ") + std::to_string(free_slots) +
                    (l == Language::id ? " kosong" : " free");
    } else {
        fill_line = kFillUnknown.in(l);
    }
    std::vector<TextBlock> lines{{fill_line, FontWeight::regular, px.toggle_label, c.text, px.gap / 2}};
    if (view_.last_loaded_slot) {
        lines.push_back({(l == Language::id ? "Kartu terakhir disimpan di slot " : "Last card stored in slot ") +
                             std::to_string(*view_.last_loaded_slot) + ".",
                         FontWeight::regular, px.toggle_label, c.text, px.gap / 2});
    }
    if (!view_.blocked_slots.empty()) {
        lines.push_back({(l == Language::id ? "Slot diblokir karena tidak cocok: " : "Slots blocked on a mismatch: ") +
                             slots_text(view_.blocked_slots) + ".",
                         FontWeight::bold, px.toggle_label, c.problem, 0});
    }
    return lines;
}

void StaffRestockScreen::render_figures(Painter& painter) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    TextRenderer& text = painter.text_renderer();
    // The panel is as tall as its figures need (at most its part of the body).
    const int pad = px.gap * 2 + px.border;
    const int count_h = text.line_height(FontWeight::bold, px.body);
    const int label_h = text.line_height(FontWeight::bold, px.toggle_label);
    const int bar_h = std::max(px.gap * 2, px.body);
    const std::vector<TextBlock> lines = figure_lines(px, c, l);
    const int needed =
        2 * pad + count_h + px.gap + label_h + bar_h + px.gap + flow_height(text, lines, figures_.width_px - 2 * pad);
    const Rect panel{figures_.x_px, figures_.y_px, figures_.width_px, std::min(figures_.height_px, needed)};
    painter.box(panel, px.corner, px.border, c.border, c.surface);
    const Rect inner = panel.inset(pad);
    // Loaded and refused, side by side: the two numbers this visit is about.
    const int half = (inner.width_px - px.gap) / 2;
    draw_flow(painter, Rect{inner.x_px, inner.y_px, half, count_h},
              {TextBlock{std::string(kLoaded.in(l)) + " " + std::to_string(view_.loaded), FontWeight::bold, px.body,
                         c.primary, 0}});
    draw_flow(painter, Rect{inner.x_px + half + px.gap, inner.y_px, half, count_h},
              {TextBlock{std::string(kRefused.in(l)) + " " + std::to_string(view_.refused), FontWeight::bold, px.body,
                         view_.refused > 0 ? c.problem : c.text, 0}});
    // The magazine: its fill as a bar and as numbers.
    int y = inner.y_px + count_h + px.gap;
    draw_flow(painter, Rect{inner.x_px, y, inner.width_px, label_h},
              {TextBlock{kMagazine.in(l), FontWeight::bold, px.toggle_label * 4 / 5, c.text_muted, 0}});
    y += label_h;
    const Rect bar{inner.x_px, y, inner.width_px, bar_h};
    draw_fill_bar(painter, bar, view_.fill ? view_.fill->slots_loaded : 0, view_.fill ? view_.fill->slots_total : 0);
    y = bar.bottom_px() + px.gap;
    draw_flow(painter, Rect{inner.x_px, y, inner.width_px, std::max(0, inner.bottom_px() - y)}, lines);
}

void StaffRestockScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    const PhaseText t = phase_text(view_.phase);
    std::vector<std::string> steps;
    for (const Bilingual& s : kSteps) steps.emplace_back(s.in(l));
    draw_steps(painter, steps_, steps, t.step, step_px(px));

    std::vector<TextBlock> blocks;
    blocks.push_back({t.title.in(l), FontWeight::bold, px.body, c.text, px.gap});
    if (view_.phase == RestockPhase::returning_card) {
        const std::string s = std::to_string(seconds_left(now_ms));
        blocks.push_back({l == Language::id ? "Waktu tersisa: " + s + " detik" : "Time left: " + s + " seconds",
                          FontWeight::bold, px.body, c.primary, px.gap});
    } else {
        blocks.push_back({t.detail.in(l), FontWeight::regular, px.toggle_label, c.text, px.gap});
    }
    if (view_.last_refusal) {
        blocks.push_back({std::string(kLastRefused.in(l)) + load_refusal_text(*view_.last_refusal).in(l),
                          FontWeight::bold, px.toggle_label, c.problem, px.gap});
    }
    if (view_.stop_requested && view_.phase != RestockPhase::stopped) {
        blocks.push_back({kStopping.in(l), FontWeight::bold, px.toggle_label, c.text, px.gap});
    }
    if (view_.problem) {
        blocks.push_back({problem_text(*view_.problem).in(l), FontWeight::bold, px.toggle_label, c.problem, 0});
    }
    Rect status = status_;
    if (progress_.active()) status.height_px = std::max(0, status.height_px - px.body - px.gap);
    draw_flow(painter, status, blocks);
    progress_.render(painter, now_ms);
    render_figures(painter);
    if (done_offered()) done_.render(painter, button_state(done_, pressed()));
}

std::optional<Intent> StaffRestockScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::loading_done && done_offered()) return intent(IntentKind::loading_done);
    return std::nullopt;
}

std::vector<HitTarget> StaffRestockScreen::body_targets() const {
    if (!done_offered()) return {};
    return {{done_.rect, done_.action}};
}

std::optional<std::uint64_t> StaffRestockScreen::animation_frame_ms(std::uint64_t now_ms) const {
    if (view_.phase == RestockPhase::returning_card) return next_second_ms(take_deadline_ms_, now_ms);
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
