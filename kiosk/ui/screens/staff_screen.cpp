#include "kiosk/ui/screens/staff_screen.hpp"

#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

constexpr Bilingual kExit{"Keluar", "Exit"};
constexpr Bilingual kBack{"Kembali", "Back"};
constexpr Bilingual kEnding{"Mode petugas segera berakhir. Kartu yang sedang bergerak diselesaikan dulu.",
                            "Staff mode is ending. The card in motion is finished first."};

}  // namespace

TwoParts split_in_two(Rect area, int gap_px, int first_percent, int first_percent_stacked, int wide_from_percent) {
    if (static_cast<long long>(area.width_px) * 100 >= static_cast<long long>(area.height_px) * wide_from_percent) {
        const int first_w = (area.width_px - gap_px) * first_percent / 100;
        return {Rect{area.x_px, area.y_px, first_w, area.height_px},
                Rect{area.x_px + first_w + gap_px, area.y_px, area.width_px - first_w - gap_px, area.height_px}, true};
    }
    const int first_h = (area.height_px - gap_px) * first_percent_stacked / 100;
    return {Rect{area.x_px, area.y_px, area.width_px, first_h},
            Rect{area.x_px, area.y_px + first_h + gap_px, area.width_px, area.height_px - first_h - gap_px}, false};
}

TwoParts status_and_list(Rect area, const ThemePx& px) {
    return split_in_two(area, px.section_gap, 42, 40, 180);
}

int button_width_for(TextRenderer& text, const ThemePx& px, const Button& button, Bilingual labels) {
    const FontWeight weight = button.bold ? FontWeight::bold : FontWeight::regular;
    const int label_w =
        std::max(text.measure(weight, button.label_px, labels.id), text.measure(weight, button.label_px, labels.en));
    return label_w + 2 * px.section_gap + 6 * px.border;
}

void StaffScreen::set_frame(const core::staff::StaffView& view) {
    const bool changed = signed_in_ != view.signed_in || exit_available_ != view.exit_available ||
                         back_available_ != view.back_available || ending_ != view.ending;
    signed_in_ = view.signed_in;
    exit_available_ = view.exit_available;
    back_available_ = view.back_available;
    ending_ = view.ending;
    if (changed) invalidate();
}

void StaffScreen::place_navigation(const LayoutContext& context, Rect area) {
    const ThemePx& px = context.px;
    exit_ = Button{{}, "", UiAction::of(UiActionKind::cancel), ButtonStyle::secondary, px.key_label, true};
    back_ = Button{{}, "", UiAction::of(UiActionKind::back), ButtonStyle::secondary, px.key_label, true};
    const int y = area.bottom_px() - px.button_height;
    const int exit_w = std::max(px.key_min * 2, button_width_for(context.text, px, exit_, kExit));
    exit_.rect = Rect{area.x_px, y, exit_w, px.button_height};
    back_.rect = Rect{};
    if (has_back()) {
        const int back_w = std::max(px.key_min * 2, button_width_for(context.text, px, back_, kBack));
        back_.rect = Rect{exit_.rect.right_px() + 2 * px.gap, y, back_w, px.button_height};
    }
    row_ = Rect{area.x_px, y, area.width_px, px.button_height};
    note_ = Rect{};
}

Rect StaffScreen::place_bottom_row(const LayoutContext& context, Rect body, std::vector<Button*> actions,
                                   const std::vector<Bilingual>& labels) {
    const ThemePx& px = context.px;
    place_navigation(context, body);
    int x = body.right_px();
    for (std::size_t i = actions.size(); i-- > 0;) {
        Button& b = *actions[i];
        const Bilingual label = i < labels.size() ? labels[i] : Bilingual{"", ""};
        const int w = std::max(px.key_min * 2, button_width_for(context.text, px, b, label));
        x -= w;
        b.rect = Rect{x, row_.y_px, w, px.button_height};
        x -= 2 * px.gap;
    }
    const int note_x = (has_back() ? back_.rect.right_px() : exit_.rect.right_px()) + px.section_gap;
    note_ = Rect{note_x, row_.y_px, std::max(0, x - note_x), row_.height_px};
    return Rect{body.x_px, body.y_px, body.width_px, std::max(0, row_.y_px - px.section_gap - body.y_px)};
}

Rect StaffScreen::place_action(const LayoutContext& context, Button& button, Bilingual labels, Rect area, Align where) {
    const ThemePx& px = context.px;
    const FontWeight weight = button.bold ? FontWeight::bold : FontWeight::regular;
    const int label_w = std::max(context.text.measure(weight, button.label_px, labels.id),
                                 context.text.measure(weight, button.label_px, labels.en));
    // Roomy where the area allows, the area's width with less padding where not, and only where
    // even that is too narrow, two lines.
    const int roomy_w = button_width_for(context.text, px, button, labels);
    int w = std::min(area.width_px, std::max(px.key_min * 2, roomy_w));
    int h = px.button_height;
    if (roomy_w > area.width_px && label_w + 4 * px.gap + 6 * px.border > area.width_px) {
        h = std::max(h, 2 * context.text.line_height(weight, button.label_px) + 8 * px.border);
    }
    if (where == Align::start) {
        button.rect = Rect{area.x_px, area.y_px, w, h};
        const int rest_y = button.rect.bottom_px() + px.gap * 2;
        return Rect{area.x_px, rest_y, area.width_px, std::max(0, area.bottom_px() - rest_y)};
    }
    button.rect = Rect{area.x_px, area.bottom_px() - h, w, h};
    return Rect{area.x_px, area.y_px, area.width_px, std::max(0, button.rect.y_px - px.gap * 2 - area.y_px)};
}

void StaffScreen::draw_note(Painter& painter, std::vector<TextBlock> blocks) const {
    if (ending_ || note_.empty() || blocks.empty()) return;
    draw_flow(painter, note_, std::move(blocks), Align::center);
}

void StaffScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    band_.layout(context.size, px, context.text);
    const int top = band_.bottom_px() + px.gap;
    const Rect body{px.margin, top, context.size.width_px - 2 * px.margin,
                    std::max(0, context.size.height_px - px.margin - top)};
    row_ = Rect{};
    note_ = Rect{};
    layout_body(context, body);
    on_language_changed();
}

void StaffScreen::on_language_changed() {
    exit_.label = kExit.in(language());
    back_.label = kBack.in(language());
    body_language_changed();
}

void StaffScreen::render(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    painter.clear(c.background);
    band_.render(painter, language(), pressed(), signed_in_);
    render_body(painter, now_ms);
    if (ending_) {
        draw_flow(painter, row_,
                  {TextBlock{kEnding.in(language()), FontWeight::bold, painter.px().toggle_label, c.text, 0}},
                  Align::center);
        return;
    }
    // A screen may show Exit its own way (the menu's tile) and leave the button unplaced.
    if (exit_available_ && !exit_.rect.empty()) exit_.render(painter, button_state(exit_, pressed()));
    if (back_offered() && !back_.rect.empty()) back_.render(painter, button_state(back_, pressed()));
}

std::optional<Intent> StaffScreen::handle(const UiAction& action, std::uint64_t now_ms) {
    if (ending_) return std::nullopt;  // only the language, which the host handles
    if (action.kind == UiActionKind::cancel) {
        return exit_available_ ? std::optional<Intent>(intent(IntentKind::cancel)) : std::nullopt;
    }
    if (action.kind == UiActionKind::back) {
        return back_offered() ? std::optional<Intent>(intent(IntentKind::back)) : std::nullopt;
    }
    return handle_body(action, now_ms);
}

std::vector<HitTarget> StaffScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : band_.toggle.segments()) out.push_back({segment.rect, segment.action});
    if (ending_) return out;
    if (exit_available_ && !exit_.rect.empty()) out.push_back({exit_.rect, exit_.action});
    if (back_offered() && !back_.rect.empty()) out.push_back({back_.rect, back_.action});
    auto own = body_targets();
    out.insert(out.end(), own.begin(), own.end());
    return out;
}

}  // namespace kiosk::ui
