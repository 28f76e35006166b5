#include "kiosk/ui/screens/attract_screen.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

constexpr Bilingual kService{"Layanan Mandiri KTP-el", "e-KTP Self-Service"};
constexpr Bilingual kCall{"Sentuh layar untuk mulai", "Touch the screen to start"};
constexpr Bilingual kExplain{"Cek status KTP-el Anda dan ambil kartu yang sudah jadi di sini.",
                             "Check your e-KTP status and collect your finished card here."};
constexpr Bilingual kStart{"Mulai", "Start"};
constexpr Bilingual kExplainTap{"Cek status KTP-el Anda dan ambil kartu yang sudah jadi di sini. Ketik NIK atau tempelkan "
                                "KTP-el Anda.",
                                "Check your e-KTP status and collect your finished card here. Type your NIK or tap your "
                                "e-KTP."};

core::Language other(core::Language l) { return l == core::Language::id ? core::Language::en : core::Language::id; }

}  // namespace

void AttractScreen::layout(const LayoutContext& context) {
    size_ = context.size;
    px_ = &context.px;
    const ThemePx& px = context.px;
    toggle_.layout(context.size, px, context.text);

    const int content_w = size_.width_px - 2 * px.margin;
    service_ = Label{Rect{px.margin, px.margin, toggle_.bounds().x_px - 2 * px.margin, px.toggle_height}, "",
                     TextStyle{FontWeight::bold, px.toggle_label, {}}, Align::start, Align::center};

    // Heights are taken for the longer of the two languages, so switching language never moves
    // anything. The call to action gets the display size if the block fits, else steps down.
    TextRenderer& text = context.text;
    auto height_of = [&](const Bilingual& s, const TextStyle& style, int width_px) {
        return std::max(paragraph_height(text, s.id, style, width_px), paragraph_height(text, s.en, style, width_px));
    };
    const int top = px.margin + px.toggle_height + px.section_gap;
    const int full_h = size_.height_px - top - px.margin;
    const TextStyle explain_style{FontWeight::regular, px.body, {}};
    // The notice's band, at the bottom, is kept for two lines of body text beside the block.
    const int line_h = paragraph_height(text, "Ag", explain_style, content_w);
    const int button_h = px.key_min;
    const int explain_h = height_of(kExplainTap, explain_style, std::min(content_w, px.key_max * 10));
    // The call at the display size if the block fits, else a step smaller, down to the title size;
    // the other language follows one clear step below it (same words, visibly second).
    int display_px = px.display;
    int call_h = 0;
    int block_h = 0;
    int button_gap = px.section_gap * 2;  // above and below the start button
    TextStyle secondary_style{FontWeight::regular, px.body, {}};
    int secondary_h = 0;
    for (;;) {
        secondary_style.size_px = std::max(px.body, display_px * 6 / 10);
        secondary_h = height_of(kCall, secondary_style, content_w);
        call_h = height_of(kCall, TextStyle{FontWeight::bold, display_px, {}}, content_w);
        block_h = call_h + px.gap + secondary_h + button_gap + button_h + button_gap + explain_h;
        if (block_h <= full_h - 2 * line_h - px.gap || display_px <= px.title) break;
        display_px = std::max(px.title, display_px * 9 / 10);
    }
    // Where even the title size leaves no room for it (a 10.1-inch landscape panel), the gaps around
    // the button become single and the band takes what is left: one line, in which a long notice's
    // type steps down (draw_flow).
    if (block_h > full_h - 2 * line_h - px.gap) {
        block_h -= button_gap;
        button_gap = px.section_gap;
    }
    const int notice_h = std::clamp(full_h - block_h - px.gap, 0, 2 * line_h);
    const int available_h = full_h - notice_h - px.gap;
    int y = top + std::max(0, (available_h - block_h) / 2);
    call_primary_ = Label{Rect{px.margin, y, content_w, call_h}, "", TextStyle{FontWeight::bold, display_px, {}},
                          Align::center, Align::end};
    y += call_h + px.gap;
    call_secondary_ = Label{Rect{px.margin, y, content_w, secondary_h}, "", secondary_style, Align::center};
    y += secondary_h + button_gap;
    const int button_w = std::min(content_w, px.key_max * 4);
    start_ = Button{Rect{(size_.width_px - button_w) / 2, y, button_w, button_h}, "",
                    UiAction::of(UiActionKind::start), ButtonStyle::primary, px.title, true};
    y += button_h + button_gap;
    const int explain_w = std::min(content_w, px.key_max * 10);
    explain_ = Label{Rect{(size_.width_px - explain_w) / 2, y, explain_w, explain_h}, "", explain_style, Align::center};
    notice_.rect = Rect{px.margin, size_.height_px - px.margin - notice_h, content_w, notice_h};
    notice_.style = explain_style;
    place_text();
}

void AttractScreen::place_text() {
    const core::Language l = language();
    service_.text = kService.in(l);
    call_primary_.text = kCall.in(l);
    call_secondary_.text = kCall.in(other(l));
    explain_.text = (tap_available_ ? kExplainTap : kExplain).in(l);
    start_.label = kStart.in(l);
}

void AttractScreen::on_language_changed() { place_text(); }

void AttractScreen::set_notice(std::string text) {
    if (text == notice_.text) return;
    notice_.text = std::move(text);
    invalidate();
}

void AttractScreen::update(const core::session::AttractScreen& view) {
    if (view.tap_available == tap_available_) return;
    tap_available_ = view.tap_available;
    place_text();
    invalidate();
}

void AttractScreen::render(Painter& painter, std::uint64_t /*now_ms*/) {
    const Palette& c = painter.palette();
    painter.clear(c.background);
    // The service name steps down in size when the toggle leaves it little room (a narrow screen
    // beside the demo strip), as every screen's top bar does.
    draw_flow(painter, service_.rect,
              {TextBlock{service_.text, FontWeight::bold, service_.style.size_px, c.text, 0, Align::start}},
              Align::center);
    toggle_.render(painter, language(), pressed());

    Label primary = call_primary_;
    primary.style.colour = c.text;
    primary.render(painter);
    Label secondary = call_secondary_;
    secondary.style.colour = c.text_muted;
    secondary.render(painter);
    const bool start_pressed = pressed() && pressed()->kind == UiActionKind::start;
    start_.render(painter, start_pressed ? ButtonState::pressed : ButtonState::normal);
    Label explain = explain_;
    explain.style.colour = c.text;
    explain.render(painter);
    // Steps its type down rather than overflow: the configuration bounds its length, not its words.
    draw_flow(painter, notice_.rect,
              {TextBlock{notice_.text, FontWeight::bold, notice_.style.size_px, c.text, 0, Align::center}},
              Align::center);
}

std::optional<Intent> AttractScreen::handle(const UiAction& action, std::uint64_t /*now_ms*/) {
    // Any key on a physical keypad wakes the kiosk too, except Escape (nothing to leave).
    if (action.kind == UiActionKind::cancel) return std::nullopt;
    if (action.kind == UiActionKind::demo || action.kind == UiActionKind::toggle_demo) return std::nullopt;
    // A digit from a physical keypad is the first digit of the NIK: the session machine starts the
    // session and keeps it, so a resident who just starts typing loses nothing.
    if (action.kind == UiActionKind::digit)
        return Intent::keypad(action.digit, language());
    return Intent::of(IntentKind::start_session, language());
}

std::vector<HitTarget> AttractScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : toggle_.segments()) out.push_back({segment.rect, segment.action});
    out.push_back({Rect{0, 0, size_.width_px, size_.height_px}, UiAction::of(UiActionKind::start)});
    return out;
}

}  // namespace kiosk::ui
