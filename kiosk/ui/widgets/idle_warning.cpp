#include "kiosk/ui/widgets/idle_warning.hpp"

#include <string>

namespace kiosk::ui {

namespace {
constexpr Bilingual kMoreTime{"Tambah waktu", "More time"};
}

void IdleWarning::layout(Size screen, const ThemePx& px) {
    // Across the bottom of the screen, above everything: where a hand already is on a keypad.
    const int h = px.button_height + 2 * px.section_gap;
    bounds_ = Rect{0, screen.height_px - h, screen.width_px, h};
    const int button_w = screen.width_px / 3;
    more_time_ = Button{Rect{bounds_.right_px() - px.margin - button_w, bounds_.y_px + px.section_gap, button_w,
                             px.button_height},
                        kMoreTime.id, UiAction::of(UiActionKind::more_time), ButtonStyle::primary, px.key_label, true};
    message_ = Rect{px.margin, bounds_.y_px, more_time_.rect.x_px - 2 * px.margin, h};
}

void IdleWarning::set_language(Language language) { more_time_.label = kMoreTime.in(language); }

void IdleWarning::show(std::uint64_t deadline_ms) { deadline_ms_ = deadline_ms; }

int IdleWarning::seconds_left(std::uint64_t now_ms) const {
    if (!deadline_ms_ || now_ms >= *deadline_ms_) return 0;
    return static_cast<int>((*deadline_ms_ - now_ms + 999) / 1000);
}

std::optional<std::uint64_t> IdleWarning::next_frame_ms(std::uint64_t now_ms) const {
    if (!deadline_ms_ || now_ms >= *deadline_ms_) return std::nullopt;
    const std::uint64_t remaining = *deadline_ms_ - now_ms;
    const std::uint64_t to_next_second = remaining % 1000 == 0 ? 1000 : remaining % 1000;
    return now_ms + to_next_second;
}

void IdleWarning::render(Painter& painter, std::uint64_t now_ms, Language language, bool pressed) const {
    if (!deadline_ms_) return;
    const Palette& c = painter.palette();
    painter.fill(bounds_, c.warning);
    painter.fill(Rect{bounds_.x_px, bounds_.y_px, bounds_.width_px, painter.px().border}, c.on_warning);
    const std::string seconds = std::to_string(seconds_left(now_ms));
    const std::string text = language == Language::id
                                 ? "Masih di sini? Layar akan kembali ke awal dalam " + seconds + " detik."
                                 : "Still there? The screen goes back to the start in " + seconds + " seconds.";
    painter.paragraph(message_, text, TextStyle{FontWeight::bold, painter.px().body, c.on_warning}, Align::start,
                      Align::center);
    more_time_.render(painter, pressed ? ButtonState::pressed : ButtonState::normal);
}

}  // namespace kiosk::ui
