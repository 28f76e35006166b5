#include "kiosk/ui/screens/status_screen.hpp"

#include "kiosk/core/status_text.hpp"
#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>
#include <cctype>

namespace kiosk::ui {

namespace {

using core::session::PickupBlock;

constexpr Bilingual kService{"Status KTP-el Anda", "Your e-KTP status"};
constexpr Bilingual kDone{"Selesai", "Done"};
constexpr Bilingual kPickup{"Ambil kartu saya", "Take my card"};
constexpr Bilingual kNext{"Yang perlu Anda lakukan", "What to do next"};
constexpr Bilingual kQueue{"Nomor antrean cetak", "Place in print queue"};
constexpr Bilingual kStock{"Blangko di kantor", "Blank cards at the office"};

Bilingual block_text(PickupBlock block) {
    switch (block) {
        case PickupBlock::dispenser_down:
            return {"Kartu Anda ada di kios ini, tetapi mesin kartu sedang bermasalah. Silakan ambil kartu Anda di loket "
                    "pelayanan.",
                    "Your card is in this kiosk, but the card machine has a problem. Please collect your card at the "
                    "service counter."};
        case PickupBlock::no_slot:
            return {"Kartu Anda belum dapat dikeluarkan dari kios ini. Silakan ambil kartu Anda di loket pelayanan.",
                    "Your card cannot be handed out by this kiosk right now. Please collect it at the service counter."};
        case PickupBlock::none: break;
    }
    return {"", ""};
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

core::StatusFacts facts_of(const core::session::RecordFacts& f) {
    core::StatusFacts out;
    if (f.queue_position && *f.queue_position > 0) out.queue_position = static_cast<std::uint32_t>(*f.queue_position);
    if (f.office_blank_stock && *f.office_blank_stock >= 0) {
        out.office_blank_stock = static_cast<std::uint32_t>(*f.office_blank_stock);
    }
    out.priority = f.priority;
    return out;
}

}  // namespace

void StatusScreen::update(const core::session::StatusScreen& view) {
    if (view == view_ && name_ != "status") return;
    view_ = view;
    name_ = "status-" + lower(core::wire_code(view.status));
    if (view.pickup_block != PickupBlock::none) name_ += "-counter";
    if (size_.width_px > 0) place_bottom();
    invalidate();
}

void StatusScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    size_ = context.size;
    bar_.layout(context.size, context.px, context.text);
    done_ = Button{{}, "", UiAction::of(UiActionKind::cancel), ButtonStyle::secondary, px.key_label, true};
    pickup_ = Button{{}, "", UiAction::of(UiActionKind::pickup), ButtonStyle::primary, px.title, true};
    text_ = &context.text;
    px_ = px;
    place_bottom();
    on_language_changed();
}

void StatusScreen::place_bottom() {
    // The words take the full width: a status explanation is several sentences, and a resident reads
    // short lines more easily than a tall narrow column. The actions sit in one row at the bottom:
    // "Selesai" at the left, "Ambil kartu" at the right where the thumb of a right-handed resident
    // rests, bigger and in the primary colour when it is offered.
    const ThemePx& px = px_;
    const int top = bar_.bottom_px(px);
    int done_w = px.key_min * 2;
    int pickup_w = px.key_min * 3;
    done_w = std::max({done_w, text_->measure(FontWeight::bold, px.title, kDone.id) + 2 * px.section_gap,
                       text_->measure(FontWeight::bold, px.title, kDone.en) + 2 * px.section_gap});
    pickup_w = std::max({pickup_w, text_->measure(FontWeight::bold, px.title, kPickup.id) + 2 * px.section_gap,
                         text_->measure(FontWeight::bold, px.title, kPickup.en) + 2 * px.section_gap});
    const int content_w = size_.width_px - 2 * px.margin;
    pickup_w = std::min(pickup_w, content_w / 2);
    done_w = std::min(done_w, content_w / 3);
    if (size_.height_px > size_.width_px) {
        // Portrait: the row is narrow, so each action gets half of it (a large target for anyone).
        done_w = (content_w - px.section_gap) / 2;
        pickup_w = done_w;
    }
    const int bottom = size_.height_px - px.margin;
    const int row_y = bottom - px.button_height;
    done_.rect = Rect{px.margin, row_y, done_w, px.button_height};
    done_.label_px = px.title;
    done_.style = view_.pickup_offered ? ButtonStyle::secondary : ButtonStyle::primary;
    pickup_.rect = Rect{size_.width_px - px.margin - pickup_w, row_y, pickup_w, px.button_height};
    // The NIK line takes one line's height, and the panel keeps a finger's gap from the buttons: on
    // a 10.1-inch panel every line of height is wanted for the words.
    who_ = Rect{px.margin, top, content_w, text_->line_height(FontWeight::bold, px.body)};
    const int panel_top = who_.bottom_px() + px.gap;
    panel_ = Rect{px.margin, panel_top, content_w, row_y - px.gap - panel_top};
    facts_ = Rect{};
    // In landscape with no pickup offered the row right of "Selesai" is free: "what to do next" goes
    // there, beside the action, and is always in view however long the explanation is.
    // Its box reaches a finger's gap above the row and into the bottom margin, as words need no
    // margin for a finger.
    next_ = Rect{};
    if (size_.height_px <= size_.width_px && !view_.pickup_offered) {
        const int x = done_.rect.right_px() + px.section_gap;
        const int y = row_y - px.gap;
        next_ = Rect{x, y, size_.width_px - px.margin - x, size_.height_px - px.gap / 2 - y};
        panel_.height_px = std::max(0, y - px.gap - panel_.y_px);
    }
}

void StatusScreen::on_language_changed() {
    done_.label = kDone.in(language());
    pickup_.label = kPickup.in(language());
}

void StatusScreen::render(Painter& painter, std::uint64_t /*now_ms*/) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const core::Language l = language();
    painter.clear(c.background);
    bar_.render(painter, l, pressed(), kService.in(l));

    std::string who = "NIK  " + view_.nik_grouped;
    if (!view_.facts.name.empty()) who += "   \xC2\xB7   " + view_.facts.name;
    draw_flow(painter, who_, {TextBlock{who, FontWeight::bold, px.body, c.text, 0}}, Align::center);

    const core::StatusMessage message = core::status_message(view_.status, l, facts_of(view_.facts));
    std::vector<TextBlock> blocks;
    blocks.push_back({message.title, FontWeight::bold, px.title, c.primary, px.section_gap});
    blocks.push_back({message.explanation, FontWeight::regular, px.body, c.text, px.section_gap});
    std::vector<TextBlock> next;
    next.push_back({kNext.in(l), FontWeight::regular, px.toggle_label, c.text_muted, px.gap / 2});
    next.push_back({message.next_step, FontWeight::bold, px.body, c.text, 0});
    if (next_.empty()) {
        next.back().gap_after_px = px.section_gap;
        blocks.insert(blocks.end(), next.begin(), next.end());
    } else {
        draw_flow(painter, next_, next, Align::center);
    }
    if (view_.pickup_block != PickupBlock::none) {
        blocks.push_back({block_text(view_.pickup_block).in(l), FontWeight::bold, px.body, c.problem, 0});
    }
    const int pad = std::min(px.section_gap, std::max(px.gap, panel_.height_px / 16));
    const int inner_w = panel_.width_px - 2 * pad - px.section_gap / 2 - px.border;
    const int content_h = flow_height(painter.text_renderer(), blocks, inner_w);
    const Rect panel{panel_.x_px, panel_.y_px, panel_.width_px, std::min(panel_.height_px, content_h + 2 * pad)};
    painter.box(panel, px.corner, px.border, c.border, c.surface);
    // A band of the primary colour down the panel's left edge: the eye's starting point.
    painter.fill_rounded(Rect{panel.x_px, panel.y_px, px.section_gap / 2 + px.border, panel.height_px}, px.corner, c.primary);
    const Rect inner{panel.x_px + pad + px.section_gap / 2 + px.border, panel.y_px + pad, inner_w,
                     panel.height_px - 2 * pad};
    draw_flow(painter, inner, blocks);

    done_.render(painter, button_state(done_, pressed()));
    if (view_.pickup_offered) pickup_.render(painter, button_state(pickup_, pressed()));
}

std::optional<Intent> StatusScreen::handle(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::cancel) return Intent::of(IntentKind::cancel, language());
    if (action.kind == UiActionKind::pickup && view_.pickup_offered) return Intent::of(IntentKind::pickup, language());
    return std::nullopt;
}

std::vector<HitTarget> StatusScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : bar_.toggle.segments()) out.push_back({segment.rect, segment.action});
    if (view_.pickup_offered) out.push_back({pickup_.rect, pickup_.action});
    out.push_back({done_.rect, done_.action});
    return out;
}

}  // namespace kiosk::ui
