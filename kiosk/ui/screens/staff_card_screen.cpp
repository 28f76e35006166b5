#include "kiosk/ui/screens/staff_card_screen.hpp"

#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;

constexpr Bilingual kChecking{"Memeriksa kartu petugas", "Checking the staff card"};
constexpr Bilingual kHold{"Biarkan kartu di pembaca sampai pemeriksaan selesai.",
                          "Leave the card on the reader until the check is done."};

const char* name_of(cst::StaffRefusal refusal) {
    switch (refusal) {
        case cst::StaffRefusal::not_registered: return "staff-card-refused-not-registered";
        case cst::StaffRefusal::pin_blocked: return "staff-card-refused-pin-blocked";
        case cst::StaffRefusal::unavailable: return "staff-card-refused-unavailable";
    }
    return "staff-card-refused";
}

}  // namespace

void StaffCardScreen::update_checking(std::uint64_t now_ms) {
    if (refusal_ || name_ != "staff-card-checking") invalidate();
    refusal_.reset();
    name_ = "staff-card-checking";
    progress_.start(now_ms);
}

void StaffCardScreen::update_refused(const cst::StaffRefusedScreen& view) {
    if (refusal_ != view.reason) invalidate();
    refusal_ = view.reason;
    name_ = name_of(view.reason);
    progress_.stop();
}

void StaffCardScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    const Rect above = place_bottom_row(context, body);
    const int sign_d = std::min(px.key_max * 2, std::min(above.height_px / 2, above.width_px / 4));
    sign_ = Rect{above.x_px + px.section_gap, above.y_px + px.section_gap, sign_d, sign_d};
    const int text_x = sign_.right_px() + 2 * px.section_gap;
    text_ = Rect{text_x, above.y_px, above.right_px() - text_x, above.height_px - px.body * 2};
    progress_.layout(Rect{text_x, text_.bottom_px(), text_.width_px, px.body}, px);
}

void StaffCardScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const core::Language l = language();
    const Point centre = sign_.center();
    const int r = sign_.width_px / 2;
    disc(painter, centre, r, refusal_ ? c.problem : c.primary);
    painter.text_in(sign_, refusal_ ? "!" : "i", TextStyle{FontWeight::bold, r * 3 / 2, c.on_primary}, Align::center);
    std::vector<TextBlock> blocks;
    if (refusal_) {
        blocks.push_back({refusal_title(*refusal_).in(l), FontWeight::bold, px.title, c.text, px.section_gap});
        blocks.push_back({refusal_advice(*refusal_).in(l), FontWeight::regular, px.body, c.text, 0});
    } else {
        blocks.push_back({kChecking.in(l), FontWeight::bold, px.title, c.text, px.section_gap});
        blocks.push_back({kHold.in(l), FontWeight::regular, px.body, c.text, 0});
    }
    draw_flow(painter, text_, blocks, Align::center);
    progress_.render(painter, now_ms);
}

std::optional<Intent> StaffCardScreen::handle_body(const UiAction& /*action*/, std::uint64_t /*now_ms*/) {
    return std::nullopt;
}

std::optional<std::uint64_t> StaffCardScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
