#include "kiosk/ui/screens/staff_take_back_screen.hpp"

#include "kiosk/ui/countdown.hpp"
#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;
using core::Language;
using cst::TakeBackPhase;

constexpr Bilingual kTakeBack{"Ambil kembali", "Take back"};
constexpr Bilingual kTitle{"Kartu lewat batas waktu", "Cards past their deadline"};
constexpr Bilingual kEmpty{"Tidak ada kartu yang lewat batas waktu.", "No card is past its pickup deadline."};
constexpr Bilingual kStopping{"Berhenti setelah kartu ini.", "Stopping after this card."};

const char* name_of(const cst::TakeBackScreen& v) {
    switch (v.phase) {
        case TakeBackPhase::loading: return "staff-take-back-loading";
        case TakeBackPhase::list: return v.items.empty() ? "staff-take-back-empty" : "staff-take-back-list";
        case TakeBackPhase::fetching: return "staff-take-back-fetching";
        case TakeBackPhase::checking_card: return "staff-take-back-checking";
        case TakeBackPhase::take_card: return "staff-take-back-take-card";
        case TakeBackPhase::capturing: return "staff-take-back-capturing";
        case TakeBackPhase::finished: return "staff-take-back-finished";
    }
    return "staff-take-back";
}

Bilingual phase_title(TakeBackPhase phase) {
    switch (phase) {
        case TakeBackPhase::loading: return {"Membaca daftar kartu", "Reading the list of cards"};
        case TakeBackPhase::list: return kTitle;
        case TakeBackPhase::fetching: return {"Mengambil kartu dari slotnya", "Fetching the card from its slot"};
        case TakeBackPhase::checking_card: return {"Memeriksa chip kartu", "Checking the card's chip"};
        case TakeBackPhase::take_card: return {"Ambil kartu dari celah", "Take the card from the slot"};
        case TakeBackPhase::capturing:
            return {"Kartu dipindahkan ke kotak tertahan", "The card goes to the capture bin"};
        case TakeBackPhase::finished: return {"Pengambilan kembali selesai", "Take-back finished"};
    }
    return {"", ""};
}

bool moving(TakeBackPhase phase) {
    return phase == TakeBackPhase::loading || phase == TakeBackPhase::fetching ||
           phase == TakeBackPhase::checking_card || phase == TakeBackPhase::capturing;
}

// "Slot 12 · NIK 1403 •••• •••• 0001": the same words in both languages.
std::string card_line(const cst::UncollectedRow& row) {
    return "Slot " + std::to_string(row.slot) + "  \xC2\xB7  NIK " + unbreakable(row.nik_masked);
}

}  // namespace

void StaffTakeBackScreen::update(const cst::TakeBackScreen& view, std::uint64_t now_ms) {
    const bool changed = !(view == view_);
    view_ = view;
    name_ = name_of(view);
    if (view.phase == TakeBackPhase::take_card && (changed || take_deadline_ms_ == 0)) {
        take_deadline_ms_ = now_ms + static_cast<std::uint64_t>(std::max<long long>(0, view.take_time_left.count()));
    }
    if (moving(view.phase))
        progress_.start(now_ms);
    else
        progress_.stop();
    std::vector<TableRow> rows;
    for (const cst::UncollectedRow& row : view.items) {
        rows.push_back({std::to_string(row.slot), unbreakable(row.nik_masked), local_date_text(row.deadline_s)});
    }
    table_.set_rows(std::move(rows));
    if (changed) invalidate();
}

int StaffTakeBackScreen::seconds_left(std::uint64_t now_ms) const {
    return ui::seconds_left(take_deadline_ms_, now_ms);
}

bool StaffTakeBackScreen::take_back_offered() const {
    return !ending() && view_.phase == TakeBackPhase::list && !view_.items.empty();
}

void StaffTakeBackScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    take_back_ = Button{{}, "", UiAction::of(UiActionKind::take_back), ButtonStyle::primary, px.key_label, true};
    const Rect above = place_bottom_row(context, body);
    const TwoParts parts = status_and_list(above, px);
    status_column_ = parts.first;
    gap_px_ = px.gap;
    const std::vector<TableColumn> columns{TableColumn{{"Slot", "Slot"}, 2}, TableColumn{{"NIK", "NIK"}, 6},
                                           TableColumn{{"Batas waktu", "Deadline"}, 4}};
    (void)place_action(context, take_back_, kTakeBack, status_column_);
    table_.layout(parts.second, px, context.text, columns);
    body_language_changed();
}

Rect StaffTakeBackScreen::status_area() const {
    // From the column's top down to the action, where it is shown.
    int bottom = status_column_.bottom_px();
    if (take_back_offered()) bottom = std::min(bottom, take_back_.rect.y_px - 2 * gap_px_);
    return Rect{status_column_.x_px, status_column_.y_px, status_column_.width_px,
                std::max(0, bottom - status_column_.y_px)};
}

void StaffTakeBackScreen::body_language_changed() {
    take_back_.label = kTakeBack.in(language());
}

void StaffTakeBackScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    const bool id = l == Language::id;
    std::vector<TextBlock> blocks;
    blocks.push_back({phase_title(view_.phase).in(l), FontWeight::bold, px.body, c.text, px.gap});
    if (view_.current && view_.phase != TakeBackPhase::list && view_.phase != TakeBackPhase::finished) {
        blocks.push_back({card_line(*view_.current), FontWeight::bold, px.toggle_label, c.text, px.gap});
    }
    if (view_.phase == TakeBackPhase::take_card) {
        const std::string s = std::to_string(seconds_left(now_ms));
        blocks.push_back({id ? "Waktu tersisa: " + s + " detik" : "Time left: " + s + " seconds", FontWeight::bold,
                          px.body, c.primary, px.gap});
    }
    if (view_.phase == TakeBackPhase::list) {
        if (view_.items.empty()) {
            blocks.push_back({kEmpty.in(l), FontWeight::regular, px.toggle_label, c.text, px.gap});
        } else {
            blocks.push_back(
                {count_text(static_cast<int>(view_.items.size()), l, "kartu", "card") +
                     (id ? ". Ambil kembali mengeluarkan semuanya satu per satu, setelah chipnya dibaca ulang."
                         : ". Take back hands each one out in turn, after a chip re-read."),
                 FontWeight::regular, px.toggle_label, c.text, px.gap});
        }
    }
    if (view_.returned > 0 || view_.captured > 0 || view_.phase == TakeBackPhase::finished) {
        blocks.push_back({(id ? "Diambil kembali: " : "Taken back: ") + std::to_string(view_.returned) +
                              (id ? "  \xC2\xB7  Ke kotak tertahan: " : "  \xC2\xB7  To the capture bin: ") +
                              std::to_string(view_.captured),
                          FontWeight::bold, px.toggle_label, c.text, px.gap});
    }
    if (view_.last_issue) {
        blocks.push_back(
            {take_back_issue_text(*view_.last_issue).in(l), FontWeight::bold, px.toggle_label, c.problem, px.gap});
    }
    if (view_.stop_requested && view_.phase != TakeBackPhase::finished) {
        blocks.push_back({kStopping.in(l), FontWeight::bold, px.toggle_label, c.text, px.gap});
    }
    if (view_.problem) {
        blocks.push_back({problem_text(*view_.problem).in(l), FontWeight::bold, px.toggle_label, c.problem, 0});
    }
    Rect status = status_area();
    if (progress_.active()) {
        progress_.layout(Rect{status.x_px, status.bottom_px() - px.body, status.width_px, px.body}, px);
        status.height_px = std::max(0, status.height_px - px.body - px.gap);
    }
    draw_flow(painter, status, blocks);
    progress_.render(painter, now_ms);
    if (!view_.items.empty()) table_.render(painter, l, pressed());
    if (take_back_offered()) take_back_.render(painter, button_state(take_back_, pressed()));
}

std::optional<Intent> StaffTakeBackScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::take_back && take_back_offered()) return intent(IntentKind::take_back);
    if (table_.handle(action)) invalidate();
    return std::nullopt;
}

std::vector<HitTarget> StaffTakeBackScreen::body_targets() const {
    std::vector<HitTarget> out = view_.items.empty() ? std::vector<HitTarget>{} : table_.targets();
    if (take_back_offered()) out.push_back({take_back_.rect, take_back_.action});
    return out;
}

std::optional<std::uint64_t> StaffTakeBackScreen::animation_frame_ms(std::uint64_t now_ms) const {
    if (view_.phase == TakeBackPhase::take_card) return next_second_ms(take_deadline_ms_, now_ms);
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
