#include "kiosk/ui/screens/fingerprint_screen.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/widgets/button_row.hpp"
#include "kiosk/ui/widgets/step_row.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

using core::session::FingerOutcome;
using core::session::FingerStage;

constexpr Bilingual kService{"Layanan Mandiri KTP-el", "e-KTP Self-Service"};
constexpr Bilingual kTitle{"Letakkan jari telunjuk kanan Anda pada alat pemindai",
                           "Place your right index finger on the scanner"};
constexpr Bilingual kBack{"Kembali", "Back"};
constexpr Bilingual kCancel{"Batal", "Cancel"};
constexpr Bilingual kSteps[] = {{"Menyiapkan", "Preparing"},
                                {"Letakkan jari", "Place finger"},
                                {"Jari terbaca", "Finger seen"},
                                {"Mencocokkan", "Checking"}};

Bilingual stage_text(FingerStage stage) {
    switch (stage) {
        case FingerStage::preparing:
            return {"Mohon tunggu, alat pemindai sedang disiapkan.", "Please wait, the scanner is getting ready."};
        case FingerStage::waiting_for_finger:
            return {"Tekan jari dengan lembut di kaca alat, lalu tahan.", "Press your finger gently on the glass and hold it."};
        case FingerStage::finger_seen:
            return {"Jari terbaca. Tahan sebentar lagi.", "Finger seen. Hold still a moment."};
        case FingerStage::matching:
            return {"Sidik jari sedang dicocokkan. Anda boleh mengangkat jari.",
                    "Checking your fingerprint. You may lift your finger."};
    }
    return {"", ""};
}

Bilingual outcome_text(FingerOutcome outcome) {
    switch (outcome) {
        case FingerOutcome::no_match:
            return {"Sidik jari tidak cocok, coba lagi.", "The fingerprint did not match. Please try again."};
        case FingerOutcome::no_finger:
            return {"Jari belum terasa. Letakkan jari dan tahan, lalu coba lagi.",
                    "No finger was felt. Place your finger, hold it, and try again."};
        case FingerOutcome::poor_image:
            return {"Sidik jari kurang jelas. Bersihkan jari, tekan sedikit lebih kuat, coba lagi.",
                    "The fingerprint was not clear. Wipe your finger, press a little harder, and try again."};
        case FingerOutcome::device_error:
            return {"Alat pemindai sempat bermasalah. Silakan coba lagi.", "The scanner had a problem. Please try again."};
        case FingerOutcome::matched: break;
    }
    return {"", ""};
}

int step_of(FingerStage stage) {
    switch (stage) {
        case FingerStage::preparing: return 0;
        case FingerStage::waiting_for_finger: return 1;
        case FingerStage::finger_seen: return 2;
        case FingerStage::matching: return 3;
    }
    return 0;
}

constexpr Colour kSkin{0xE2, 0xAE, 0x8C};
constexpr Colour kSkinEdge{0x7A, 0x4B, 0x32};
constexpr Colour kNail{0xF6, 0xDD, 0xD0};
constexpr Colour kGlassIdle{0x8E, 0x9A, 0xAB};
constexpr Colour kGlassReady{0x5B, 0x8F, 0xD6};
constexpr Colour kGlassSeen{0x2E, 0x9E, 0x5B};

}  // namespace

void FingerprintScreen::update(const core::session::FingerprintScreen& view, std::uint64_t now_ms) {
    const bool changed = !(view == view_);
    view_ = view;
    const bool busy = view.stage == FingerStage::preparing || view.stage == FingerStage::matching;
    if (busy) progress_.start(now_ms);
    else progress_.stop();
    name_ = view.last_attempt && *view.last_attempt != FingerOutcome::matched ? "fingerprint-retry" : "fingerprint";
    if (changed) invalidate();
}

void FingerprintScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    size_ = context.size;
    bar_.layout(context.size, context.px, context.text);
    back_ = Button{{}, "", UiAction::of(UiActionKind::back), ButtonStyle::secondary, px.key_label, true};
    cancel_ = Button{{}, "", UiAction::of(UiActionKind::cancel), ButtonStyle::secondary, px.key_label, true};
    place_bottom_row({&back_, &cancel_}, size_, px, context.text, {kBack, kCancel}, px.key_min * 2);
    // Buttons at the left: forward happens by itself here, so both are ways out, Kembali first.
    const int shift = back_.rect.x_px - px.margin;
    back_.rect.x_px -= shift;
    cancel_.rect.x_px -= shift;

    const int top = bar_.bottom_px(px);
    const int bottom = back_.rect.y_px - px.section_gap;
    const int h = bottom - top;
    const int picture_w = std::min(h, (size_.width_px - 2 * px.margin) * 2 / 5);
    picture_ = Rect{px.margin, top, picture_w, h};
    const int text_x = picture_.right_px() + 2 * px.section_gap;
    const int text_w = size_.width_px - px.margin - text_x;
    // The stages share the bottom row with the buttons, to the right of them.
    const int steps_x = cancel_.rect.right_px() + 2 * px.section_gap;
    steps_area_ = Rect{steps_x, back_.rect.y_px, size_.width_px - px.margin - steps_x, back_.rect.height_px};
    text_area_ = Rect{text_x, top, text_w, bottom - top - px.body - px.gap};
    progress_.layout(Rect{text_x, bottom - px.body, text_w, px.body}, px);
    on_language_changed();
}

void FingerprintScreen::on_language_changed() {
    back_.label = kBack.in(language());
    cancel_.label = kCancel.in(language());
}

void FingerprintScreen::draw_sensor(Painter& painter, Rect area) const {
    const ThemePx& px = painter.px();
    const int w = std::min(area.width_px, area.height_px * 3 / 4);
    const int x = area.x_px + (area.width_px - w) / 2;
    // The sensor in the lower half: a dark body with the glass window in it.
    const Rect body{x, area.y_px + area.height_px * 55 / 100, w, area.height_px * 42 / 100};
    painter.fill_rounded(body, px.corner * 3, kDeviceBody);
    const Rect glass{body.x_px + w / 4, body.y_px + body.height_px / 5, w / 2, body.height_px * 3 / 5};
    Colour glass_colour = kGlassIdle;
    if (view_.stage == FingerStage::waiting_for_finger) glass_colour = kGlassReady;
    if (view_.stage == FingerStage::finger_seen || view_.stage == FingerStage::matching) glass_colour = kGlassSeen;
    painter.fill_rounded(glass, px.corner * 2, glass_colour);
    if (view_.stage == FingerStage::preparing) return;

    // The finger, seen from above: resting on the glass once seen, just above it while awaited,
    // with an arrow saying "down".
    const bool on_glass = view_.stage != FingerStage::waiting_for_finger;
    const int finger_w = glass.width_px * 3 / 4;
    const int tip_y = on_glass ? glass.y_px + glass.height_px * 3 / 4 : glass.y_px - area.height_px / 6;
    const Rect finger{glass.x_px + (glass.width_px - finger_w) / 2, area.y_px, finger_w, tip_y - area.y_px};
    painter.fill(Rect{finger.x_px - px.border, finger.y_px, finger.width_px + 2 * px.border, finger_w}, kSkinEdge);
    painter.fill_rounded(Rect{finger.x_px - px.border, finger.y_px, finger.width_px + 2 * px.border,
                              finger.height_px + px.border},
                         finger_w / 2 + px.border, kSkinEdge);
    painter.fill(Rect{finger.x_px, finger.y_px, finger.width_px, finger_w}, kSkin);
    painter.fill_rounded(Rect{finger.x_px, finger.y_px, finger.width_px, finger.height_px}, finger_w / 2, kSkin);
    const int nail_w = finger_w * 6 / 10;
    const int nail_h = finger_w * 7 / 10;
    painter.fill_rounded(Rect{finger.x_px + (finger_w - nail_w) / 2, finger.bottom_px() - nail_h - finger_w / 6, nail_w, nail_h},
                         nail_w / 2, kNail);
    // Knuckle creases.
    for (int i = 1; i <= 2; ++i) {
        const int y = finger.bottom_px() - finger_w * (2 + i) / 2 - nail_h;
        if (y > area.y_px) painter.fill(Rect{finger.x_px + finger_w / 4, y, finger_w / 2, px.border}, kSkinEdge);
    }
    if (!on_glass) arrow_down(painter, Point{glass.x_px - w / 8, glass.bottom_px() - glass.height_px / 3}, w / 6, area.height_px / 4,
                              painter.palette().primary);
}

void FingerprintScreen::render(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const core::Language l = language();
    painter.clear(c.background);
    bar_.render(painter, l, pressed(), kService.in(l));
    draw_sensor(painter, picture_);

    std::vector<TextBlock> blocks;
    blocks.push_back({kTitle.in(l), FontWeight::bold, px.title, c.text, px.section_gap});
    blocks.push_back({std::string("NIK  ") + view_.nik_masked, FontWeight::regular, px.body, c.text_muted, px.section_gap});
    if (view_.last_attempt && *view_.last_attempt != FingerOutcome::matched && view_.stage != FingerStage::matching) {
        blocks.push_back({outcome_text(*view_.last_attempt).in(l), FontWeight::bold, px.body, c.problem, px.gap});
    }
    blocks.push_back({stage_text(view_.stage).in(l), FontWeight::regular, px.body, c.text, px.gap});
    std::string tries;
    if (view_.tries_left == 1) tries = l == core::Language::id ? "Ini percobaan terakhir." : "This is your last try.";
    else tries = (l == core::Language::id ? "Sisa percobaan: " : "Tries left: ") + std::to_string(view_.tries_left);
    blocks.push_back({tries, FontWeight::bold, px.body, view_.tries_left == 1 ? c.problem : c.text, 0});
    draw_flow(painter, text_area_, blocks);

    progress_.render(painter, now_ms);
    std::vector<std::string> steps;
    for (const Bilingual& s : kSteps) steps.emplace_back(s.in(l));
    draw_steps(painter, steps_area_, steps, step_of(view_.stage), px.toggle_label);

    back_.render(painter, button_state(back_, pressed()));
    cancel_.render(painter, button_state(cancel_, pressed()));
}

std::optional<Intent> FingerprintScreen::handle(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::back) return Intent::of(IntentKind::back, language());
    if (action.kind == UiActionKind::cancel) return Intent::of(IntentKind::cancel, language());
    return std::nullopt;
}

std::vector<HitTarget> FingerprintScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : bar_.toggle.segments()) out.push_back({segment.rect, segment.action});
    out.push_back({back_.rect, back_.action});
    out.push_back({cancel_.rect, cancel_.action});
    return out;
}

std::optional<std::uint64_t> FingerprintScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
