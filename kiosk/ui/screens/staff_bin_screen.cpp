#include "kiosk/ui/screens/staff_bin_screen.hpp"

#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/widgets/fill_bar.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;
using core::Language;
using cst::BinPhase;

constexpr Bilingual kTitle{"Kotak kartu tertahan", "Capture bin"};
constexpr Bilingual kEmptied{"Kotak sudah dikosongkan", "Bin emptied"};
constexpr Bilingual kConfirm{"Ya, sudah kosong", "Yes, it is empty"};
constexpr Bilingual kLoading{"Membaca isi kotak...", "Reading the bin's contents..."};
constexpr Bilingual kNoCards{"Tidak ada kartu tercatat di kotak.", "No card is recorded in the bin."};
constexpr Bilingual kQuestion{"Sudah mengeluarkan semua kartu dari kotak tertahan?",
                              "Have you taken every card out of the capture bin?"};
constexpr Bilingual kQuestionEffect{"Penghitung kotak diatur ke 0 dan pengosongan dicatat atas nama Anda.",
                                    "The bin's counter is set to 0 and the emptying is recorded in your name."};
constexpr Bilingual kResetting{"Mengatur penghitung ke 0...", "Setting the counter to 0..."};
constexpr Bilingual kDone{"Kotak kosong. Penghitung kembali ke 0.", "The bin is empty. Its counter is back at 0."};
constexpr Bilingual kUnknown{"tidak diketahui", "unknown"};

const char* name_of(const cst::CaptureBinScreen& v) {
    switch (v.phase) {
        case BinPhase::loading: return "staff-bin-loading";
        case BinPhase::list: return v.items.empty() ? "staff-bin-empty" : "staff-bin-list";
        case BinPhase::confirm: return "staff-bin-confirm";
        case BinPhase::resetting: return "staff-bin-resetting";
        case BinPhase::emptied: return "staff-bin-emptied";
    }
    return "staff-bin";
}

}  // namespace

void StaffBinScreen::update(const cst::CaptureBinScreen& view, std::uint64_t now_ms) {
    const bool changed = !(view == view_);
    view_ = view;
    name_ = name_of(view);
    if (view.phase == BinPhase::loading || view.phase == BinPhase::resetting)
        progress_.start(now_ms);
    else
        progress_.stop();
    if (changed) {
        rebuild_rows();
        invalidate();
    }
}

void StaffBinScreen::rebuild_rows() {
    // Two lines a card: who and which (masked NIK, serial), then why and when.
    const Language l = language();
    std::vector<TableRow> rows;
    for (const cst::BinRow& row : view_.items) {
        const std::string nik = row.nik_masked.empty() ? kUnknown.in(l) : unbreakable(row.nik_masked);
        const std::string serial = row.card_serial.empty() ? kUnknown.in(l) : row.card_serial;
        rows.push_back({"NIK " + nik + "\n" + (l == Language::id ? "Seri " : "Serial ") + serial,
                        capture_reason_text(row.reason_code, l) + "\n" + local_time_text(row.at_s)});
    }
    table_.set_rows(std::move(rows));
}

bool StaffBinScreen::lists() const {
    return !view_.items.empty() && (view_.phase == BinPhase::list || view_.phase == BinPhase::resetting);
}

bool StaffBinScreen::emptied_offered() const {
    return !ending() && view_.phase == BinPhase::list;
}
bool StaffBinScreen::confirm_offered() const {
    return !ending() && view_.phase == BinPhase::confirm;
}

void StaffBinScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    emptied_ = Button{{}, "", UiAction::of(UiActionKind::bin_emptied), ButtonStyle::primary, px.key_label, true};
    confirm_ = Button{{}, "", UiAction::of(UiActionKind::confirm), ButtonStyle::primary, px.key_label, true};
    const Rect above = place_bottom_row(context, body);
    const TwoParts parts = status_and_list(above, px);
    const Rect column = parts.first;
    const std::vector<TableColumn> columns{TableColumn{{"Kartu", "Card"}, 3},
                                           TableColumn{{"Alasan, waktu", "Why, when"}, 2}};
    // The status column, top to bottom: the words, the fill bar, the action ("Bin emptied", or
    // "Yes" while asking).
    table_.layout(parts.second, px, context.text, columns, 2);
    (void)place_action(context, confirm_, kConfirm, column);
    const Rect rest = place_action(context, emptied_, kEmptied, column);
    const int bar_h = std::max(px.gap * 2, px.body);
    bar_ = Rect{rest.x_px, rest.bottom_px() - bar_h, rest.width_px, bar_h};
    status_ = Rect{rest.x_px, rest.y_px, rest.width_px, std::max(0, bar_.y_px - px.gap - rest.y_px)};
    list_ = parts.second;
    body_language_changed();
}

void StaffBinScreen::body_language_changed() {
    emptied_.label = kEmptied.in(language());
    confirm_.label = kConfirm.in(language());
    rebuild_rows();  // the rows carry words in the language
}

void StaffBinScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    const bool id = l == Language::id;
    const bool full = view_.capacity > 0 && view_.count >= view_.capacity;
    const bool nearly = view_.capacity > 0 && view_.count * 10 >= view_.capacity * 8;
    std::vector<TextBlock> blocks;
    blocks.push_back({kTitle.in(l), FontWeight::bold, px.body, c.text, px.gap});
    std::string count =
        std::to_string(view_.count) + (id ? " dari " : " of ") + count_text(view_.capacity, l, "kartu", "card");
    if (full)
        count += id ? ": penuh" : ": full";
    else if (nearly)
        count += id ? ": hampir penuh" : ": nearly full";
    blocks.push_back({count, FontWeight::bold, px.body, nearly ? c.problem : c.primary, px.gap});
    switch (view_.phase) {
        case BinPhase::loading:
            blocks.push_back({kLoading.in(l), FontWeight::regular, px.toggle_label, c.text, 0});
            break;
        case BinPhase::list:
            if (view_.items.empty())
                blocks.push_back({kNoCards.in(l), FontWeight::regular, px.toggle_label, c.text, 0});
            break;
        case BinPhase::confirm: break;  // the question takes the list's place
        case BinPhase::resetting:
            blocks.push_back({kResetting.in(l), FontWeight::regular, px.toggle_label, c.text, 0});
            break;
        case BinPhase::emptied: blocks.push_back({kDone.in(l), FontWeight::bold, px.toggle_label, c.text, 0}); break;
    }
    if (view_.problem) {
        blocks.back().gap_after_px = px.gap;
        blocks.push_back({problem_text(*view_.problem).in(l), FontWeight::bold, px.toggle_label, c.problem, 0});
    }
    Rect status = status_;
    if (progress_.active()) {
        progress_.layout(Rect{status.x_px, status.bottom_px() - px.body, status.width_px, px.body}, px);
        status.height_px = std::max(0, status.height_px - px.body - px.gap);
    }
    draw_flow(painter, status, blocks);
    draw_fill_bar(painter, bar_, view_.count, view_.capacity, nearly);
    progress_.render(painter, now_ms);
    if (view_.phase == BinPhase::confirm) {
        painter.box(list_, px.corner, px.border, c.border, c.surface);
        draw_flow(painter, list_.inset(px.section_gap),
                  {TextBlock{kQuestion.in(l), FontWeight::bold, px.body, c.text, px.section_gap},
                   TextBlock{kQuestionEffect.in(l), FontWeight::regular, px.toggle_label, c.text, 0}},
                  Align::center);
    } else if (lists()) {
        table_.render(painter, l, pressed());
    }
    if (emptied_offered()) emptied_.render(painter, button_state(emptied_, pressed()));
    if (confirm_offered()) confirm_.render(painter, button_state(confirm_, pressed()));
}

std::optional<Intent> StaffBinScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::bin_emptied && emptied_offered()) return intent(IntentKind::bin_emptied);
    if (action.kind == UiActionKind::confirm && confirm_offered()) return intent(IntentKind::confirm);
    if (table_.handle(action)) invalidate();
    return std::nullopt;
}

std::vector<HitTarget> StaffBinScreen::body_targets() const {
    std::vector<HitTarget> out;
    if (lists()) out = table_.targets();
    if (emptied_offered()) out.push_back({emptied_.rect, emptied_.action});
    if (confirm_offered()) out.push_back({confirm_.rect, confirm_.action});
    return out;
}

std::optional<std::uint64_t> StaffBinScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
