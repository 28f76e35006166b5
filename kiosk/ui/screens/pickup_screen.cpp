#include "kiosk/ui/screens/pickup_screen.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/countdown.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/widgets/step_row.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

using core::session::PickupPhase;

constexpr Bilingual kService{"Pengambilan kartu", "Card pickup"};
constexpr Bilingual kSteps[] = {{"Menyiapkan", "Preparing"},
                                {"Mengambil kartu", "Fetching card"},
                                {"Memeriksa kartu", "Checking card"},
                                {"Ambil kartu", "Take card"}};

struct PhaseText {
    const char* name;
    Bilingual title;
    Bilingual detail;
    int step;
};

PhaseText phase_text(PickupPhase phase) {
    switch (phase) {
        case PickupPhase::preparing:
            return {"pickup-preparing", {"Kartu Anda sedang disiapkan", "Getting your card ready"},
                    {"Mohon tunggu sebentar. Jangan tinggalkan kios.", "Please wait a moment. Do not leave the kiosk."}, 0};
        case PickupPhase::fetching:
            return {"pickup-fetching", {"Mesin sedang mengambil kartu Anda", "The machine is fetching your card"},
                    {"Ini memerlukan beberapa detik. Mohon tunggu.", "This takes a few seconds. Please wait."}, 1};
        case PickupPhase::checking_card:
            return {"pickup-checking", {"Memeriksa bahwa ini kartu Anda", "Checking that this is your card"},
                    {"Chip kartu dibaca untuk memastikan kartu yang benar.",
                     "The card's chip is read to make sure it is the right card."}, 2};
        case PickupPhase::take_card:
            return {"pickup-present", {"Silakan ambil kartu Anda", "Please take your card"},
                    {"Kartu keluar dari celah di bawah layar. Tarik kartu perlahan.",
                     "The card is coming out of the slot below the screen. Pull it out gently."}, 3};
        case PickupPhase::securing_card:
            return {"pickup-securing", {"Kartu disimpan kembali dengan aman", "Keeping your card safe"},
                    {"Kartu tidak diambil, jadi mesin menyimpannya kembali. Mohon tunggu.",
                     "The card was not taken, so the machine is keeping it safe. Please wait."}, 3};
    }
    return {"pickup", {"", ""}, {"", ""}, 0};
}

constexpr Colour kCard{0xD9, 0xE6, 0xF7};
constexpr Colour kCardStripe{0x0B, 0x3D, 0x91};
constexpr Colour kChip{0xC8, 0xA2, 0x3C};

}  // namespace

void PickupScreen::update(const core::session::PickupScreen& view, std::uint64_t now_ms) {
    const bool phase_changed = view.phase != view_.phase || name_.empty();
    const bool changed = !(view == view_);
    view_ = view;
    name_ = phase_text(view.phase).name;
    if (view.phase == PickupPhase::take_card && (changed || take_deadline_ms_ == 0)) {
        take_deadline_ms_ = now_ms + static_cast<std::uint64_t>(std::max<long long>(0, view.take_time_left.count()));
    }
    if (view.phase == PickupPhase::take_card) progress_.stop();
    else progress_.start(now_ms);
    if (changed || phase_changed) invalidate();
}

int PickupScreen::seconds_left(std::uint64_t now_ms) const {
    return ui::seconds_left(take_deadline_ms_, now_ms);
}

void PickupScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    size_ = context.size;
    bar_.layout(context.size, context.px, context.text);
    const int top = bar_.bottom_px(px);
    const int w = size_.width_px - 2 * px.margin;
    steps_ = Rect{px.margin, top, w, px.body * 4};
    const int content_top = steps_.bottom_px() + px.section_gap;
    const int content_h = size_.height_px - px.margin - content_top;
    const int picture_w = std::min(content_h, w * 2 / 5);
    picture_ = Rect{size_.width_px - px.margin - picture_w, content_top, picture_w, content_h};
    text_ = Rect{px.margin, content_top, picture_.x_px - 2 * px.section_gap - px.margin, content_h - px.body * 2};
    progress_.layout(Rect{px.margin, text_.bottom_px(), text_.width_px, px.body}, px);
}

void PickupScreen::draw_slot(Painter& painter, Rect area, int seconds) const {
    const ThemePx& px = painter.px();
    const Palette& c = painter.palette();
    const bool presenting = view_.phase == PickupPhase::take_card;
    // The kiosk's front with the slot near the bottom; the card sticks out of it when presented.
    const Rect front{area.x_px, area.y_px + area.height_px / 2, area.width_px, area.height_px / 2};
    painter.fill_rounded(front, px.corner * 2, kDeviceBody);
    const int slot_w = area.width_px * 3 / 4;
    const Rect slot{area.x_px + (area.width_px - slot_w) / 2, front.y_px + front.height_px * 2 / 3, slot_w,
                    std::max(4, px.border * 3)};
    painter.fill(slot, Colour{0x00, 0x00, 0x00});
    if (!presenting) return;
    const int card_w = slot_w * 85 / 100;
    const int card_h = front.height_px * 2 / 3;
    const Rect card{slot.x_px + (slot_w - card_w) / 2, slot.y_px - card_h + slot.height_px / 2, card_w, card_h};
    painter.box(card, px.corner, px.border, c.border, kCard);
    painter.fill(Rect{card.x_px + px.border, card.y_px + card_h / 5, card_w - 2 * px.border, card_h / 8}, kCardStripe);
    painter.fill_rounded(Rect{card.x_px + card_w / 8, card.y_px + card_h / 2, card_w / 6, card_h / 4}, px.corner, kChip);
    // The arrow points at the card from above, with the seconds left beside it.
    const Point tip{card.x_px + card_w / 2, card.y_px - px.gap};
    arrow_down(painter, tip, area.width_px / 4, area.height_px / 2 - card_h / 2 - px.gap, c.primary);
    painter.text_in(Rect{area.x_px, area.y_px, area.width_px / 3, area.height_px / 3}, std::to_string(seconds),
                    TextStyle{FontWeight::bold, px.display, c.primary}, Align::center);
}

void PickupScreen::render(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const core::Language l = language();
    painter.clear(c.background);
    bar_.render(painter, l, pressed(), kService.in(l));
    const PhaseText t = phase_text(view_.phase);
    std::vector<std::string> steps;
    for (const Bilingual& s : kSteps) steps.emplace_back(s.in(l));
    draw_steps(painter, steps_, steps, t.step, px.toggle_label);

    const int seconds = seconds_left(now_ms);
    std::vector<TextBlock> blocks;
    const bool presenting = view_.phase == PickupPhase::take_card;
    blocks.push_back({t.title.in(l), FontWeight::bold, presenting ? px.display : px.title, c.text, px.section_gap});
    blocks.push_back({t.detail.in(l), FontWeight::regular, px.body, c.text, px.section_gap});
    if (presenting) {
        blocks.push_back({l == core::Language::id ? "Waktu tersisa: " + std::to_string(seconds) + " detik"
                                            : "Time left: " + std::to_string(seconds) + " seconds",
                          FontWeight::bold, px.title, c.primary, 0});
    }
    draw_flow(painter, text_, blocks, Align::center);
    progress_.render(painter, now_ms);
    draw_slot(painter, picture_, seconds);
}

std::optional<Intent> PickupScreen::handle(const UiAction& /*action*/, std::uint64_t /*now_ms*/) { return std::nullopt; }

std::vector<HitTarget> PickupScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : bar_.toggle.segments()) out.push_back({segment.rect, segment.action});
    return out;
}

std::optional<std::uint64_t> PickupScreen::animation_frame_ms(std::uint64_t now_ms) const {
    if (view_.phase == PickupPhase::take_card) {
        return next_second_ms(take_deadline_ms_, now_ms);
    }
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
