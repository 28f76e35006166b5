#include "kiosk/ui/screens/identify_screen.hpp"

#include "kiosk/core/status_text.hpp"
#include "kiosk/ui/bilingual.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

constexpr Bilingual kTitle{"Masukkan NIK Anda", "Enter your NIK"};
constexpr Bilingual kBack{"Kembali", "Back"};
constexpr Bilingual kSubmit{"Lanjut", "Continue"};
constexpr Bilingual kWait{"Mohon tunggu sebentar...", "Please wait a moment..."};
constexpr Bilingual kTapOffered{"Atau tempelkan KTP-el Anda pada pembaca kartu.",
                                "Or hold your e-KTP against the card reader."};
constexpr Bilingual kConfirm{"Tekan Lanjut sekali lagi jika nomor sudah benar.",
                             "Press Continue again if the number is right."};

using core::session::ChipRefusal;

Bilingual refusal_text(ChipRefusal refusal) {
    switch (refusal) {
        case ChipRefusal::unreadable:
            return {"Kartu tidak terbaca, tempelkan lagi dan tahan sampai selesai.",
                    "The card could not be read. Hold it against the reader again until it is done."};
        case ChipRefusal::removed:
            return {"Kartu diangkat terlalu cepat. Tempelkan lagi dan tahan sebentar.",
                    "The card was moved away too soon. Hold it against the reader again for a moment."};
        case ChipRefusal::not_our_application:
            return {"Kartu ini bukan KTP-el. Tempelkan KTP-el Anda, atau ketik NIK.",
                    "This card is not an e-KTP. Hold your e-KTP against the reader, or type your NIK."};
        case ChipRefusal::forged:
        case ChipRefusal::cloned:
            return {"Kartu ini tidak dapat diterima. Silakan ketik NIK, atau ke loket pelayanan.",
                    "This card cannot be accepted. Please type your NIK, or go to the service counter."};
    }
    return {"", ""};
}

Bilingual reader_down_text() {
    return {"Pembaca kartu sedang tidak berfungsi. Silakan ketik NIK Anda.",
            "The card reader is not working right now. Please type your NIK."};
}

}  // namespace

IdentifyGeometry identify_geometry(Size size, const ThemePx& px) {
    const int content_y = px.margin + px.toggle_height + px.section_gap;
    const Rect available{px.margin, content_y, size.width_px - 2 * px.margin, size.height_px - content_y - px.margin};
    // The keypad as large as the right half allows (within the theme's key sizes).
    const KeypadGeometry probe = keypad_geometry(
        Rect{size.width_px / 2, content_y, size.width_px / 2 - px.margin, available.height_px}, px);
    const Size pad = keypad_size(probe.key_px, probe.gap_px);
    // The left column is no wider than the NIK field at its largest: on a big screen the two
    // columns stay together in the middle instead of drifting to the edges.
    const int gutter = 2 * px.section_gap;
    const int left_max = nik_field_geometry(Rect{0, 0, size.width_px, 0}, px, 0).box.width_px;
    const int left_w = std::max(0, std::min(available.width_px - pad.width_px - gutter, left_max));
    const int composition_w = left_w + gutter + pad.width_px;
    const int x0 = available.x_px + std::max(0, (available.width_px - composition_w) / 2);
    const int y0 = content_y + std::max(0, (available.height_px - pad.height_px) / 2);
    return {Rect{x0, y0, left_w, pad.height_px}, Rect{x0 + left_w + gutter, y0, pad.width_px, pad.height_px}};
}

void IdentifyScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    toggle_.layout(context.size, px, context.text);
    const IdentifyGeometry g = identify_geometry(context.size, px);
    keypad_.layout(g.keypad_area, px, language());
    const Rect left = g.left_column;

    // A narrow column (beside the demo strip) gives the two-row NIK field and the hint the height:
    // the title steps down, to body size at the least, to stay on one line in both languages.
    const bool narrow = nik_field_geometry(Rect{left.x_px, 0, left.width_px, 0}, px, 0).rows > 1;
    int title_px = px.title;
    const auto one_line = [&](int size_px) {
        return std::max(context.text.measure(FontWeight::bold, size_px, kTitle.id),
                        context.text.measure(FontWeight::bold, size_px, kTitle.en)) <= left.width_px;
    };
    while (!one_line(title_px) && title_px * 92 / 100 >= px.body) title_px = title_px * 92 / 100;
    if (!one_line(title_px)) title_px = narrow ? px.body : px.title;
    const TextStyle title_style{FontWeight::bold, title_px, {}};
    const int title_h = std::max(paragraph_height(context.text, kTitle.id, title_style, left.width_px),
                                 paragraph_height(context.text, kTitle.en, title_style, left.width_px));
    title_ = Label{Rect{left.x_px, left.y_px, left.width_px, title_h}, "", title_style, Align::start};

    // Buttons along the keypad's bottom edge, so the last row of keys and "Lanjut" line up.
    const int buttons_y = left.bottom_px() - px.button_height;
    // In a narrow column (beside the demo strip) the two share it evenly, so "Lanjut" keeps a
    // whole word's room.
    int back_w = std::max(left.width_px / 3, px.key_min * 2);
    if (left.width_px - back_w - px.gap * 2 < back_w) back_w = (left.width_px - px.gap * 2) / 2;
    back_ = Button{Rect{left.x_px, buttons_y, back_w, px.button_height}, "", UiAction::of(UiActionKind::cancel),
                   ButtonStyle::secondary, px.key_label, true};
    const int submit_x = left.x_px + back_w + px.gap * 2;
    submit_ = Button{Rect{submit_x, buttons_y, left.right_px() - submit_x, px.button_height}, "",
                     UiAction::of(UiActionKind::submit), ButtonStyle::primary, narrow ? px.key_label : px.title, true};

    // The hint takes what is left between the field and a finger's gap above the buttons, up to five
    // lines.
    const int field_y = title_.rect.bottom_px() + (narrow ? px.gap : px.section_gap);
    field_.layout(Rect{left.x_px, field_y, left.width_px, 0}, px, 0);
    const int hint_y = field_.geometry().hint.y_px;
    const int hint_h = std::clamp(buttons_y - px.gap - hint_y, 0, px.body * 5);
    field_.layout(Rect{left.x_px, field_y, left.width_px, 0}, px, hint_h);
    const Rect hint = field_.geometry().hint;
    busy_label_ = Label{Rect{hint.x_px, hint.y_px, hint.width_px, px.body * 2}, "",
                        TextStyle{FontWeight::bold, px.body, {}}, Align::start};
    progress_.layout(Rect{hint.x_px, hint.y_px + px.body * 2, hint.width_px, px.body}, px);
    place_text();
}

void IdentifyScreen::place_text() {
    const core::Language l = language();
    title_.text = kTitle.in(l);
    back_.label = kBack.in(l);
    submit_.label = kSubmit.in(l);
    busy_label_.text = kWait.in(l);
    keypad_.set_language(l);
}

void IdentifyScreen::on_language_changed() { place_text(); }

void IdentifyScreen::update(const core::session::IdentifyScreen& view) {
    const bool changed = !(view == view_);
    view_ = view;
    digits_.clear();
    for (char ch : view.typed_grouped)
        if (ch >= '0' && ch <= '9') digits_.push_back(ch);
    if (busy_) set_busy(false, 0);
    if (changed) invalidate();
}

void IdentifyScreen::set_busy(bool busy, std::uint64_t now_ms) {
    if (busy == busy_) return;
    busy_ = busy;
    if (busy) progress_.start(now_ms);
    else progress_.stop();
    invalidate();
}

IdentifyScreen::Hint IdentifyScreen::hint() const {
    // Progress is neutral ("8 dari 16 digit"): a number not yet finished is no mistake, even when
    // "Lanjut" was pressed early. The problem colour is kept for what is really wrong: a refused
    // card, or digits that cannot be a NIK.
    const core::Language l = language();
    const bool id = l == core::Language::id;
    const std::size_t typed = digits_.size();
    if (view_.tap_refused && typed == 0) return {refusal_text(*view_.tap_refused).in(l), true};
    if (view_.hint) {
        std::string text = core::nik_problem_hint(core::NikError{*view_.hint, 0, typed}, l);
        if (view_.confirm_needed) text += std::string(" ") + kConfirm.in(l);
        return {text, true};
    }
    const std::string progress = std::to_string(std::min(typed, core::Nik::kDigits)) +
                                 (id ? " dari 16 digit." : " of 16 digits.");
    if (view_.too_short) {
        return {progress + (id ? " Ketik sisanya, lalu tekan Lanjut." : " Type the rest, then press Continue."), false};
    }
    std::string text;
    if (typed == 0) {
        text = id ? "NIK ada di KTP atau Kartu Keluarga Anda." : "Your NIK is on your KTP or Family Card.";
    } else if (typed >= core::Nik::kDigits) {
        text = id ? "Sudah 16 angka. Tekan Lanjut." : "All 16 digits typed. Press Continue.";
    } else {
        text = progress;
    }
    if (typed == 0) {
        if (view_.tap_unavailable) text += std::string(" ") + reader_down_text().in(l);
        else if (view_.tap_available) text += std::string(" ") + kTapOffered.in(l);
    }
    return {text, false};
}

std::optional<Intent> IdentifyScreen::handle(const UiAction& action, std::uint64_t now_ms) {
    if (busy_) return std::nullopt;  // a submitted NIK is being looked at: input waits
    switch (action.kind) {
        case UiActionKind::digit:
            if (action.digit < '0' || action.digit > '9' || complete()) return std::nullopt;
            return Intent::keypad(action.digit, language());
        case UiActionKind::backspace:
            if (digits_.size() == 0) return std::nullopt;
            return Intent::of(IntentKind::keypad_backspace, language());
        case UiActionKind::clear:
            if (digits_.size() == 0) return std::nullopt;
            return Intent::of(IntentKind::keypad_clear, language());
        case UiActionKind::submit:
            if (complete()) set_busy(true, now_ms);
            return Intent::of(IntentKind::submit, language());
        case UiActionKind::cancel:
        case UiActionKind::back:
            return Intent::of(IntentKind::cancel, language());
        default:
            // The attract screen's start, the pickup, the demo strip's and the staff screens'
            // actions mean nothing here (language and more time are the host's).
            return std::nullopt;
    }
    return std::nullopt;
}

std::vector<HitTarget> IdentifyScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : toggle_.segments()) out.push_back({segment.rect, segment.action});
    if (busy_) return out;
    for (const Button& key : keypad_.keys()) out.push_back({key.rect, key.action});
    out.push_back({back_.rect, back_.action});
    out.push_back({submit_.rect, submit_.action});
    return out;
}

std::optional<std::uint64_t> IdentifyScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

void IdentifyScreen::render(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    painter.clear(c.background);
    Label title = title_;
    title.style.colour = c.text;
    title.render(painter);
    toggle_.render(painter, language(), pressed());

    const Hint shown = hint();
    if (busy_) {
        field_.render(painter, digits_, "", false);
        Label wait = busy_label_;
        wait.style.colour = c.text;
        wait.render(painter);
        progress_.render(painter, now_ms);
    } else {
        field_.render(painter, digits_, shown.text, shown.problem);
    }

    keypad_.render(painter, pressed(), !busy_);
    back_.render(painter, button_state(back_, pressed(), !busy_));
    submit_.render(painter, button_state(submit_, pressed(), !busy_ && complete()));
}

}  // namespace kiosk::ui
