#include "kiosk/ui/screens/staff_pin_screen.hpp"

#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;

constexpr Bilingual kTitle{"Masukkan PIN", "Enter your PIN"};
constexpr Bilingual kCard{"Kartu: ", "Card: "};
constexpr Bilingual kSubmit{"Lanjut", "Continue"};
constexpr Bilingual kChecking{"Memeriksa PIN...", "Checking the PIN..."};
constexpr Bilingual kGuide{"Ketik PIN kartu petugas Anda, lalu tekan Lanjut.",
                           "Type your staff card's PIN, then press Continue."};
constexpr Bilingual kWrong{"PIN salah.", "Wrong PIN."};
constexpr Bilingual kUnreadable{"Kartu tidak terbaca. Biarkan kartu di pembaca dan ketik PIN lagi.",
                                "The card could not be read. Leave it on the reader and type the PIN again."};
constexpr Bilingual kRemoved{"Kartu diangkat terlalu cepat. Tempelkan lagi.",
                             "The card was taken away too soon. Hold it on the reader again."};

std::string tries_text(int tries, core::Language l) {
    if (l == core::Language::id) return "Sisa " + std::to_string(tries) + " kali percobaan.";
    return std::to_string(tries) + (tries == 1 ? " try left." : " tries left.");
}

std::string too_short_text(const cst::PinEntryScreen& v, core::Language l) {
    const std::string range = std::to_string(v.min_digits) + "\xE2\x80\x93" + std::to_string(v.max_digits);
    return l == core::Language::id ? "PIN terdiri dari " + range + " angka." : "The PIN has " + range + " digits.";
}

}  // namespace

void StaffPinScreen::update(const cst::PinEntryScreen& view, std::uint64_t now_ms) {
    if (!(view == view_)) invalidate();
    view_ = view;
    if (view.checking) {
        name_ = "staff-pin-checking";
        progress_.start(now_ms);
    } else {
        progress_.stop();
        if (view.problem)
            name_ = "staff-pin-problem";
        else if (view.too_short)
            name_ = "staff-pin-too-short";
        else if (view.last_outcome == cst::PinOutcome::wrong)
            name_ = "staff-pin-wrong";
        else if (view.last_outcome)
            name_ = "staff-pin-unreadable";
        else
            name_ = "staff-pin";
    }
}

StaffPinScreen::Hint StaffPinScreen::hint() const {
    const core::Language l = language();
    if (view_.checking) return {kChecking.in(l), false};
    std::string tries = view_.tries_left ? " " + tries_text(*view_.tries_left, l) : "";
    if (view_.problem) return {std::string(problem_text(*view_.problem).in(l)) + tries, true};
    if (view_.too_short) return {too_short_text(view_, l) + tries, true};
    if (view_.last_outcome) {
        switch (*view_.last_outcome) {
            case cst::PinOutcome::wrong: return {std::string(kWrong.in(l)) + tries, true};
            case cst::PinOutcome::unreadable: return {std::string(kUnreadable.in(l)) + tries, true};
            case cst::PinOutcome::removed: return {std::string(kRemoved.in(l)) + tries, true};
            case cst::PinOutcome::accepted:
            case cst::PinOutcome::blocked: break;  // the machine leaves this screen on these
        }
    }
    return {std::string(kGuide.in(l)) + tries, false};
}

void StaffPinScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    // The keypad as large as the right 45 % allows; the left column beside it, as tall, and no
    // wider than it needs; the pair centred in the body (the identify screen's composition).
    const int pad_share = body.width_px * 45 / 100;
    const KeypadGeometry probe =
        keypad_geometry(Rect{body.right_px() - pad_share, body.y_px, pad_share, body.height_px}, px);
    const Size pad = keypad_size(probe.key_px, probe.gap_px);
    const int gutter = 2 * px.section_gap;
    const int left_max = px.key_max * 6;
    const int left_w = std::max(0, std::min(body.width_px - pad.width_px - gutter, left_max));
    const int composition_w = left_w + gutter + pad.width_px;
    const int x0 = body.x_px + std::max(0, (body.width_px - composition_w) / 2);
    const int y0 = body.y_px + std::max(0, (body.height_px - pad.height_px) / 2);
    const Rect left{x0, y0, left_w, pad.height_px};
    keypad_.layout(Rect{x0 + left_w + gutter, y0, pad.width_px, pad.height_px}, px, language());

    place_navigation(context, left);
    // In a narrow column Exit takes at most half of the row, so that "Continue" keeps its room.
    exit_.rect.width_px = std::min(exit_.rect.width_px, (left.width_px - 2 * px.gap) / 2);
    submit_ = Button{{}, "", UiAction::of(UiActionKind::submit), ButtonStyle::primary, px.key_label, true};
    const int submit_x = exit_.rect.right_px() + 2 * px.gap;
    submit_.rect = Rect{submit_x, exit_.rect.y_px, std::max(0, left.right_px() - submit_x), px.button_height};

    const int title_h = context.text.line_height(FontWeight::bold, px.title) +
                        context.text.line_height(FontWeight::regular, px.toggle_label);
    title_ = Rect{left.x_px, left.y_px, left.width_px, title_h};
    const int dots_h = px.digit * 3 / 2;
    dots_ = Rect{left.x_px, title_.bottom_px() + px.section_gap, left.width_px, dots_h};
    const int hint_y = dots_.bottom_px() + px.gap;
    hint_ = Rect{left.x_px, hint_y, left.width_px, std::max(0, exit_.rect.y_px - px.gap * 2 - hint_y)};
    // While the card checks the PIN the hint is one short line; the dots move under it.
    progress_.layout(Rect{left.x_px, hint_.bottom_px() - px.body, left.width_px, px.body}, px);
    body_language_changed();
}

void StaffPinScreen::body_language_changed() {
    submit_.label = kSubmit.in(language());
    keypad_.set_language(language());
}

void StaffPinScreen::draw_dots(Painter& painter) const {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    painter.box(dots_, px.corner, px.border, view_.last_outcome || view_.too_short ? c.problem : c.border, c.surface);
    // One position per digit typed, and empty rings up to the shortest PIN: the dots say how many
    // were typed and that more may follow; a PIN longer than the box's room still shows every dot.
    const int max_positions = std::max(1, view_.max_digits);
    const int shown = std::clamp(std::max(static_cast<int>(view_.digit_count), view_.min_digits), 1, max_positions);
    const int inner_w = dots_.width_px - 2 * px.section_gap;
    // Spaced for eight (the longest usual PIN) so the dots do not move as digits are typed; a longer
    // PIN packs them closer.
    const int step = std::min(dots_.height_px * 3 / 4, inner_w / std::max(shown, std::min(8, max_positions)));
    const int radius = std::max(3, step * 2 / 5);
    for (int i = 0; i < shown; ++i) {
        const Point centre{dots_.x_px + px.section_gap + step / 2 + i * step, dots_.y_px + dots_.height_px / 2};
        if (i < static_cast<int>(view_.digit_count))
            disc(painter, centre, radius, c.text);
        else
            ring(painter, centre, radius, px.border, c.text_muted, c.surface);
    }
}

void StaffPinScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const core::Language l = language();
    std::vector<TextBlock> title{{kTitle.in(l), FontWeight::bold, px.title, c.text, 0}};
    if (!view_.display_name.empty()) {
        title.push_back({std::string(kCard.in(l)) + view_.display_name, FontWeight::regular, px.toggle_label, c.text, 0,
                         Align::start, WordBreaks::allowed});
    }
    draw_flow(painter, title_, title);
    draw_dots(painter);
    const Hint shown = hint();
    Rect hint_area = hint_;
    if (progress_.active()) hint_area.height_px = std::max(0, hint_area.height_px - px.body - px.gap);
    draw_flow(painter, hint_area,
              {TextBlock{shown.text, shown.problem ? FontWeight::bold : FontWeight::regular, px.toggle_label,
                         shown.problem ? c.problem : c.text, 0}});
    progress_.render(painter, now_ms);
    keypad_.render(painter, pressed(), !view_.checking && !ending());
    if (!ending()) submit_.render(painter, button_state(submit_, pressed(), !view_.checking && enough_digits()));
}

std::optional<Intent> StaffPinScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (view_.checking) return std::nullopt;  // VERIFY is under way: input waits
    const auto digits = static_cast<int>(view_.digit_count);
    switch (action.kind) {
        case UiActionKind::digit:
            if (action.digit < '0' || action.digit > '9' || digits >= view_.max_digits) return std::nullopt;
            return Intent::keypad(action.digit, language());
        case UiActionKind::backspace:
            if (digits == 0) return std::nullopt;
            return intent(IntentKind::keypad_backspace);
        case UiActionKind::clear:
            if (digits == 0) return std::nullopt;
            return intent(IntentKind::keypad_clear);
        case UiActionKind::submit: return intent(IntentKind::submit);
        default: return std::nullopt;
    }
}

std::vector<HitTarget> StaffPinScreen::body_targets() const {
    std::vector<HitTarget> out;
    if (view_.checking) return out;
    for (const Button& key : keypad_.keys()) out.push_back({key.rect, key.action});
    out.push_back({submit_.rect, submit_.action});
    return out;
}

std::optional<std::uint64_t> StaffPinScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
